package com.loandesk.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chains committed rows of {@link ChainedTable}s in the background, off the write path: the writers' SQL is
 * unchanged. Ids are taken from a sequence before their transaction commits, so they can commit out of order;
 * the sealer never seals an id that might still arrive:
 * <ol>
 *     <li>a pass reads the sequence's value (the horizon), and then, in a later statement, the transactions in
 *     progress: every transaction that holds an id up to the horizon has ended or is among them;</li>
 *     <li>a later pass, once every one of those transactions has ended, seals every row with an id in
 *     (sealed_to, horizon] into blocks of consecutive ids, and reads the next horizon.</li>
 * </ol>
 * One pass runs in one transaction holding the chain's head row, so instances of the service (and the retention
 * purge) take turns; a pass that finds the head locked does nothing. See docs/audit-chain.md for the guarantee.
 */
public final class Sealer {

    private static final Logger LOG = LoggerFactory.getLogger(Sealer.class);

    private final Pool pool;
    private final Clock clock;
    private final int blockRows;
    private final AtomicBoolean running = new AtomicBoolean();

    public Sealer(Pool pool, Clock clock, int blockRows) {
        this.pool = pool;
        this.clock = clock;
        this.blockRows = blockRows;
    }

    /** One pass over every chain, one after the other. */
    public Future<List<SealResult>> passAll() {
        List<SealResult> results = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (ChainedTable t : ChainedTable.values()) {
            chain = chain.compose(v -> pass(t)).map(r -> {
                results.add(r);
                return null;
            });
        }
        return chain.map(v -> results);
    }

    /**
     * Passes every {@code every}, then {@code after} (the checkpoints) with the results; a pass still running when
     * the next is due makes that one skip. Returns the timer's id.
     */
    public long schedule(Vertx vertx, Duration every, java.util.function.Function<List<SealResult>, Future<?>> after) {
        return vertx.setPeriodic(every.toMillis(), id -> {
            if (!running.compareAndSet(false, true)) {
                return;
            }
            passAll().compose(after::apply)
                    .onFailure(e -> LOG.warn("chain sealing failed error={}", e.toString()))
                    .onComplete(ar -> running.set(false));
        });
    }

    /** One pass over {@code t}'s chain (see the class comment). */
    public Future<SealResult> pass(ChainedTable t) {
        return pool.withTransaction(conn -> conn.preparedQuery(ChainSql.LOCK_HEAD).execute(Tuple.of(t.table()))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return conn.preparedQuery(ChainSql.ENSURE_HEAD).execute(Tuple.of(t.table()))
                                .map(v -> new SealResult(t, SealResult.State.BUSY, -1, null, -1, 0, 0));
                    }
                    Row head = rows.iterator().next();
                    Head h = new Head(head.getLong("block_no"), head.getBuffer("hash").getBytes(), head.getLong("sealed_to"));
                    Long horizon = head.getLong("horizon");
                    boolean due = horizon != null && horizon > h.sealedTo;
                    if (due && !head.getBoolean("ready")) {
                        return Future.succeededFuture(new SealResult(t, SealResult.State.WAITING, h.blockNo, h.hash, h.sealedTo, 0, 0));
                    }
                    Future<Sealed> sealed = due ? seal(conn, t, h, horizon) : Future.succeededFuture(new Sealed(h, 0, 0));
                    return sealed.compose(s -> conn.query(ChainSql.sequenceValue(t)).execute()
                            .compose(seq -> conn.preparedQuery(ChainSql.MOVE_HEAD).execute(Tuple.of(t.table(), s.head.blockNo,
                                    Buffer.buffer(s.head.hash), s.head.sealedTo, seq.iterator().next().getLong("horizon"),
                                    clock.instant().atOffset(ZoneOffset.UTC))))
                            .map(v -> new SealResult(t, SealResult.State.SEALED, s.head.blockNo, s.head.hash, s.head.sealedTo,
                                    s.blocks, s.rows)));
                }))
                .onSuccess(r -> {
                    if (r.blocks() > 0 && LOG.isDebugEnabled()) {
                        LOG.debug("chain sealed chain={} blocks={} rows={} block={} sealedTo={}", t.table(), r.blocks(), r.rows(),
                                r.blockNo(), r.sealedTo());
                    }
                });
    }

    /** Seals (head.sealedTo, horizon] into blocks; the last block reaches the horizon (ids never used included). */
    private Future<Sealed> seal(SqlConnection conn, ChainedTable t, Head head, long horizon) {
        Instant sealedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        OffsetDateTime sealedAtUtc = sealedAt.atOffset(ZoneOffset.UTC);
        return conn.preparedQuery(ChainSql.blocks(t)).execute(Tuple.of(head.sealedTo, horizon, blockRows)).compose(rows -> {
            List<Tuple> inserts = new ArrayList<>();
            byte[] hash = head.hash;
            long blockNo = head.blockNo;
            long firstId = head.sealedTo + 1;
            long total = 0;
            int left = rows.size();
            if (left == 0) {
                // ids were taken but never committed: an empty block still covers them, so none can be added later
                blockNo++;
                byte[] digest = ChainHash.emptyDigest();
                hash = ChainHash.link(hash, t.table(), blockNo, firstId, horizon, 0, null, digest, sealedAt);
                inserts.add(Tuple.tuple().addString(t.table()).addLong(blockNo).addLong(firstId).addLong(horizon).addInteger(0)
                        .addOffsetDateTime(null).addBuffer(Buffer.buffer(digest)).addBuffer(Buffer.buffer(hash))
                        .addOffsetDateTime(sealedAtUtc));
            }
            for (Row r : rows) {
                left--;
                blockNo++;
                long lastId = left == 0 ? horizon : r.getLong("last_id");
                int n = r.getInteger("n");
                OffsetDateTime maxAt = r.getOffsetDateTime("max_at");
                byte[] digest = r.getBuffer("digest").getBytes();
                hash = ChainHash.link(hash, t.table(), blockNo, firstId, lastId, n, maxAt.toInstant(), digest, sealedAt);
                inserts.add(Tuple.tuple().addString(t.table()).addLong(blockNo).addLong(firstId).addLong(lastId).addInteger(n)
                        .addOffsetDateTime(maxAt).addBuffer(Buffer.buffer(digest)).addBuffer(Buffer.buffer(hash))
                        .addOffsetDateTime(sealedAtUtc));
                firstId = lastId + 1;
                total += n;
            }
            Head next = new Head(blockNo, hash, horizon);
            long sealedRows = total;
            return conn.preparedQuery(ChainSql.INSERT_BLOCK).executeBatch(inserts)
                    .map(v -> new Sealed(next, inserts.size(), sealedRows));
        });
    }

    private record Head(long blockNo, byte[] hash, long sealedTo) {
    }

    private record Sealed(Head head, int blocks, long rows) {
    }
}
