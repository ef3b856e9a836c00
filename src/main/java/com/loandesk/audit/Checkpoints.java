package com.loandesk.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the chains' heads where a person can keep them apart from the database: a {@code chain checkpoint} log
 * line every {@code logEvery}, and a signed file ({@link CheckpointFile}) in {@code dir} once a day (UTC) and after
 * every retention purge. Without a directory no file is written (the log lines still are).
 */
public final class Checkpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Vertx vertx;
    private final Pool pool;
    private final Clock clock;
    private final Path dir;
    private final byte[] key;
    private final Duration logEvery;
    private Instant lastLogged;
    private LocalDate lastDaily;

    /** {@code dir} and {@code key} both null (no files) or both set. */
    public Checkpoints(Vertx vertx, Pool pool, Clock clock, Path dir, byte[] key, Duration logEvery) {
        if ((dir == null) != (key == null)) {
            throw new IllegalArgumentException("checkpoint files need both a directory and " + CheckpointFile.KEY_ENV);
        }
        this.vertx = vertx;
        this.pool = pool;
        this.clock = clock;
        this.dir = dir;
        this.key = key;
        this.logEvery = logEvery;
    }

    /** After a sealing pass: the log line when one is due, and the day's file when today's is not written yet. */
    public synchronized Future<Void> afterPass() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (dir != null && !today.equals(lastDaily)) {
            lastDaily = today;
            lastLogged = now;
            return take("daily").mapEmpty();
        }
        if (lastLogged == null || !now.isBefore(lastLogged.plus(logEvery))) {
            lastLogged = now;
            return take("periodic").mapEmpty();
        }
        return Future.succeededFuture();
    }

    /** Reads the heads, logs them, and (with a directory) writes them to a signed file named for now and {@code reason}. */
    public Future<Checkpoint> take(String reason) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return pool.query(ChainSql.HEADS).execute().compose(rows -> {
            List<Checkpoint.Head> heads = new ArrayList<>();
            for (Row r : rows) {
                heads.add(new Checkpoint.Head(r.getString("chain"), r.getLong("block_no"), r.getBuffer("hash").getBytes(),
                        r.getLong("sealed_to")));
            }
            Checkpoint c = new Checkpoint(at, reason, heads);
            for (Checkpoint.Head h : heads) {
                LOG.info("chain checkpoint reason={} at={} {}", reason, at, CheckpointFile.line(h));
            }
            if (dir == null) {
                return Future.succeededFuture(c);
            }
            Path file = dir.resolve("checkpoint-" + FILE_TIME.format(at) + "-" + reason + ".txt");
            return vertx.fileSystem().mkdirs(dir.toString())
                    .compose(v -> vertx.fileSystem().writeFile(file.toString(), Buffer.buffer(CheckpointFile.render(c, key))))
                    .onSuccess(v -> LOG.info("chain checkpoint file written file={}", file))
                    .map(c);
        });
    }
}
