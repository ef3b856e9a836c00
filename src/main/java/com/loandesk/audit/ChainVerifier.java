package com.loandesk.audit;

import com.loandesk.audit.Verification.Break;
import com.loandesk.audit.Verification.BreakKind;
import com.loandesk.store.DatabaseTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Recomputes every chain from the rows themselves, in one repeatable-read snapshot, and names the first broken link
 * of each: the digests are computed here, in Java, from each row's canonical text, independently of the
 * database's own sha256 the sealer used. Then it checks each signed checkpoint file against the chain. Blocking
 * (JDBC, streamed with cursors): run it on a worker thread, never on an event loop.
 */
public final class ChainVerifier {

    private static final int FETCH = 2000;
    private static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::id).thenComparing(Entry::canonical);

    private final DatabaseTarget target;
    private final Clock clock;
    private final Period keep;
    private final Duration lateAfter;
    private final Duration statementTimeout;

    /**
     * {@code keep}: the retention period (a purged block or row must be older); {@code lateAfter}: a row sealed this
     * long after its own time is reported as late (backdated); {@code statementTimeout}: each query's deadline.
     */
    public ChainVerifier(DatabaseTarget target, Clock clock, Period keep, Duration lateAfter, Duration statementTimeout) {
        this.target = target;
        this.clock = clock;
        this.keep = keep;
        this.lateAfter = lateAfter;
        this.statementTimeout = statementTimeout;
    }

    /** Verifies every chain, then every {@code checkpoint-*.txt} in {@code checkpointDir} (null: none) under {@code key}. */
    public Verification verify(Path checkpointDir, byte[] key) throws SQLException, IOException {
        Instant now = clock.instant();
        Instant cutoff = now.atOffset(ZoneOffset.UTC).minus(keep).toInstant();
        try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password())) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            List<Verification.ChainReport> chains = new ArrayList<>();
            for (ChainedTable t : ChainedTable.values()) {
                chains.add(verifyChain(c, t, cutoff));
            }
            List<Verification.CheckpointCheck> files = checkpointDir == null ? List.of() : verifyCheckpoints(c, checkpointDir, key);
            c.rollback();
            return new Verification(now, chains, files);
        }
    }

    private Verification.ChainReport verifyChain(Connection c, ChainedTable t, Instant cutoff) throws SQLException {
        long headNo;
        byte[] headHash;
        long headSealedTo;
        try (PreparedStatement st = prepare(c, "select block_no, hash, sealed_to from chain_head where chain = ?")) {
            st.setString(1, t.table());
            try (ResultSet r = st.executeQuery()) {
                boolean found = r.next();
                headNo = found ? r.getLong(1) : 0;
                headHash = found ? r.getBytes(2) : ChainHash.GENESIS;
                headSealedTo = found ? r.getLong(3) : 0;
            }
        }
        try (PreparedStatement bs = prepare(c, "select block_no, first_id, last_id, row_count, max_at, digest, hash, sealed_at, "
                + "purged_at from chain_block where chain = ? order by block_no");
             PreparedStatement rs = prepare(c, "select id, at, " + t.canonical() + " as canon from " + t.table() + " order by id")) {
            bs.setString(1, t.table());
            try (ResultSet blocks = bs.executeQuery(); Cursor rows = new Cursor(rs.executeQuery())) {
                long blockNo = 0;
                long lastId = 0;
                byte[] hash = ChainHash.GENESIS;
                long rowCount = 0;
                long late = 0;
                Long firstLate = null;
                Break broken = null;
                List<Entry> entries = new ArrayList<>();
                while (broken == null && blocks.next()) {
                    long no = blocks.getLong("block_no");
                    long first = blocks.getLong("first_id");
                    long last = blocks.getLong("last_id");
                    int n = blocks.getInt("row_count");
                    Instant maxAt = instant(blocks.getTimestamp("max_at"));
                    byte[] digest = blocks.getBytes("digest");
                    Instant sealedAt = instant(blocks.getTimestamp("sealed_at"));
                    boolean wholePurged = blocks.getTimestamp("purged_at") != null;
                    if (no != blockNo + 1 || first != lastId + 1) {
                        broken = new Break(BreakKind.LINK_BROKEN, no, first, last, "block " + no + " (ids " + first + ".." + last
                                + ") does not follow block " + blockNo + " (which ends at id " + lastId + ")");
                        break;
                    }
                    byte[] link = ChainHash.link(hash, t.table(), no, first, last, n, maxAt, digest, sealedAt);
                    if (!MessageDigest.isEqual(link, blocks.getBytes("hash"))) {
                        broken = new Break(BreakKind.LINK_BROKEN, no, first, last, "block " + no
                                + "'s hash does not follow from block " + blockNo + "'s hash and its own fields");
                        break;
                    }
                    if (rows.has && rows.id < first) {
                        broken = new Break(BreakKind.ROW_OUTSIDE_CHAIN, no, rows.id, rows.id, "row id " + rows.id
                                + " lies below the first block");
                        break;
                    }
                    entries.clear();
                    int live = 0;
                    while (rows.has && rows.id <= last) {
                        entries.add(new Entry(rows.id, rows.canonical));
                        live++;
                        if (rows.at.isBefore(sealedAt.minus(lateAfter))) {
                            late++;
                            if (firstLate == null) {
                                firstLate = rows.id;
                            }
                        }
                        rows.next();
                    }
                    rowCount += live;
                    if (wholePurged) {
                        if (live > 0) {
                            broken = new Break(BreakKind.ROWS_ADDED, no, first, last, live + " rows in block " + no
                                    + ", which retention purged whole");
                        } else if (maxAt != null && !maxAt.isBefore(cutoff)) {
                            broken = new Break(BreakKind.PURGED_TOO_SOON, no, first, last, "block " + no
                                    + " is marked purged but its newest row (" + maxAt + ") is not past retention (" + cutoff + ")");
                        }
                    } else {
                        broken = compare(no, first, last, n, digest, entries);
                    }
                    blockNo = no;
                    lastId = last;
                    hash = link;
                }
                if (broken == null && (headNo != blockNo || headSealedTo != lastId || !MessageDigest.isEqual(headHash, hash))) {
                    broken = new Break(BreakKind.HEAD_MISMATCH, headNo, lastId + 1, headSealedTo, "the head names block " + headNo
                            + " sealed to id " + headSealedTo + "; the blocks end at block " + blockNo + ", id " + lastId);
                }
                long unsealed = 0;
                while (broken == null && rows.has) {
                    unsealed++;
                    rows.next();
                }
                return new Verification.ChainReport(t.table(), blockNo, rowCount, lastId, unsealed, late, firstLate, broken);
            }
        }
    }

    private static Break compare(long no, long first, long last, int n, byte[] digest, List<Entry> entries) {
        entries.sort(ORDER);
        byte[] found = ChainHash.digest(entries.stream().map(Entry::canonical).toList());
        if (entries.size() < n) {
            return new Break(BreakKind.ROWS_MISSING, no, first, last, "block " + no + " was sealed with " + n + " rows, "
                    + entries.size() + " are there");
        }
        if (entries.size() > n) {
            return new Break(BreakKind.ROWS_ADDED, no, first, last, "block " + no + " was sealed with " + n + " rows, "
                    + entries.size() + " are there");
        }
        if (!MessageDigest.isEqual(found, digest)) {
            return new Break(BreakKind.ROWS_CHANGED, no, first, last, "a row of block " + no + " (ids " + first + ".." + last
                    + ") differs from what was sealed");
        }
        return null;
    }

    private List<Verification.CheckpointCheck> verifyCheckpoints(Connection c, Path dir, byte[] key) throws IOException, SQLException {
        List<Verification.CheckpointCheck> checks = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return checks;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches("checkpoint-.*\\.txt")).sorted().toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            Checkpoint cp;
            try {
                if (key == null) {
                    throw new IllegalArgumentException(CheckpointFile.KEY_ENV + " is not set: the signature cannot be checked");
                }
                cp = CheckpointFile.parse(Files.readString(f, StandardCharsets.UTF_8), key);
            } catch (RuntimeException e) {
                checks.add(new Verification.CheckpointCheck(name, new Break(BreakKind.CHECKPOINT_FORGED, -1, -1, -1, e.getMessage())));
                continue;
            }
            Break broken = null;
            for (Checkpoint.Head h : cp.heads()) {
                byte[] found = blockHash(c, h.chain(), h.blockNo());
                if (found == null || !MessageDigest.isEqual(found, h.hash())) {
                    broken = new Break(BreakKind.CHECKPOINT_MISMATCH, h.blockNo(), -1, h.sealedTo(), "the checkpoint of " + cp.at()
                            + " names " + h.chain() + " block " + h.blockNo() + (found == null ? ", which no longer exists"
                            : " with another hash: the chain was rewritten"));
                    break;
                }
            }
            checks.add(new Verification.CheckpointCheck(name, broken));
        }
        return checks;
    }

    private byte[] blockHash(Connection c, String chain, long blockNo) throws SQLException {
        if (blockNo == 0) {
            return ChainHash.GENESIS;
        }
        try (PreparedStatement st = prepare(c, "select hash from chain_block where chain = ? and block_no = ?")) {
            st.setString(1, chain);
            st.setLong(2, blockNo);
            try (ResultSet r = st.executeQuery()) {
                return r.next() ? r.getBytes(1) : null;
            }
        }
    }

    private PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        st.setFetchSize(FETCH);
        st.setQueryTimeout((int) Math.max(1, statementTimeout.toSeconds()));
        return st;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private record Entry(long id, String canonical) {
    }

    /** A forward-only cursor of (id, at, canonical text). */
    private static final class Cursor implements AutoCloseable {
        private final ResultSet rs;
        boolean has;
        long id;
        Instant at;
        String canonical;

        Cursor(ResultSet rs) throws SQLException {
            this.rs = rs;
            next();
        }

        void next() throws SQLException {
            has = rs.next();
            if (has) {
                id = rs.getLong(1);
                at = rs.getTimestamp(2).toInstant();
                canonical = rs.getString(3);
            }
        }

        @Override
        public void close() throws SQLException {
            rs.close();
        }
    }
}
