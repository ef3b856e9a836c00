package com.loandesk.retention;

import com.loandesk.portfolio.SessionLock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges records older than the retention period (3 years by default): case history, the contact
 * ledger, provider events, inbound messages and finished tasks. Deletes in batches, each in its own
 * transaction, so the tables stay usable while it runs; every run is written to retention_run and logged.
 * <p>
 * The service runs it at start and then every {@code retention.intervalHours} ({@link #schedule}), under a
 * PostgreSQL session advisory lock: one process purges at a time, and a run finished less than an interval
 * ago (by any process) makes the next one skip.
 */
public final class RetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    private static final int BATCH = 10_000;
    /** The session advisory lock's key (hashed by PostgreSQL's hashtext). */
    public static final String LOCK = "loandesk:retention";

    /** What a scheduled run did. */
    public enum Outcome {
        /** Purged (possibly nothing) and logged in retention_run. */
        RAN,
        /** Another process holds the lock: it is purging. */
        BUSY,
        /** A run finished less than an interval ago. */
        RECENT
    }

    private final Pool pool;
    private final Clock clock;
    private final Period keep;
    private final String actor;
    private Supplier<Future<?>> checkpoint = Future::succeededFuture;

    public RetentionJob(Pool pool, Clock clock, Period keep, String actor) {
        this.pool = pool;
        this.clock = clock;
        this.keep = keep;
        this.actor = actor;
    }

    /** After every purge, {@code checkpoint} runs (the chains' heads written outside the database; see com.loandesk.audit). */
    public RetentionJob checkpointingWith(Supplier<Future<?>> checkpoint) {
        this.checkpoint = checkpoint;
        return this;
    }

    /** Runs now (on a timer of its own, so at start) and then every {@code every}; returns the periodic timer's id. */
    public long schedule(Vertx vertx, Duration every) {
        vertx.setTimer(1, id -> runIfDue(every));
        return vertx.setPeriodic(every.toMillis(), id -> runIfDue(every));
    }

    /**
     * One purge under the advisory lock, unless another process holds it ({@code BUSY}) or a run finished less
     * than {@code every} ago ({@code RECENT}). Everything runs on the lock's own connection.
     */
    public Future<Outcome> runIfDue(Duration every) {
        return SessionLock.whileHeld(pool, LOCK, conn -> conn.query(RetentionSql.LAST_FINISHED).execute()
                        .compose(rows -> {
                            Row last = rows.iterator().next();
                            OffsetDateTime finished = last.getOffsetDateTime("finished_at");
                            if (finished != null && finished.toInstant().isAfter(clock.instant().minus(every))) {
                                LOG.info("retention purge skipped lastRunFinished={} every={}", finished, every);
                                return Future.succeededFuture(Outcome.RECENT);
                            }
                            return purgeOn(conn).map(Outcome.RAN);
                        }), Outcome.BUSY)
                .onSuccess(o -> {
                    if (o == Outcome.BUSY) {
                        LOG.info("retention purge skipped: another process holds the lock");
                    }
                })
                .onFailure(e -> LOG.error("retention run failed error={}", e.toString()));
    }

    /** One purge, without the lock; returns how many rows went from each table. */
    public Future<Map<String, Integer>> run() {
        return pool.withConnection(this::purgeOn);
    }

    private Future<Map<String, Integer>> purgeOn(SqlConnection conn) {
        Instant started = clock.instant();
        OffsetDateTime cutoff = started.atOffset(ZoneOffset.UTC).minus(keep);
        Map<String, Integer> deleted = new LinkedHashMap<>();
        return purge(conn, "case_history", RetentionSql.HISTORY, cutoff, deleted, true)
                .compose(v -> purge(conn, "contact_attempt", RetentionSql.LEDGER, cutoff, deleted, false))
                .compose(v -> purge(conn, "provider_event", RetentionSql.PROVIDER_EVENTS, cutoff, deleted, false))
                .compose(v -> purge(conn, "inbound_message", RetentionSql.INBOUND, cutoff, deleted, false))
                .compose(v -> purge(conn, "contact_task", RetentionSql.TASKS, cutoff, deleted, false))
                .compose(v -> purge(conn, "wave_member", RetentionSql.WAVE_MEMBERS, cutoff, deleted, false))
                .compose(v -> conn.preparedQuery(RetentionSql.LOG_RUN).execute(Tuple.of(started.atOffset(ZoneOffset.UTC),
                        clock.instant().atOffset(ZoneOffset.UTC), cutoff, new JsonObject(Map.copyOf(deleted)), actor)))
                .compose(v -> {
                    LOG.info("retention purge done cutoff={} deleted={}", cutoff, deleted);
                    return checkpoint.get().map(deleted);
                })
                .onFailure(e -> LOG.error("retention purge failed cutoff={} deletedSoFar={} error={}", cutoff, deleted, e.toString()));
    }

    /** Deletes a batch at a time, each batch its own transaction on {@code conn}. */
    private Future<Void> purge(SqlConnection conn, String table, String sql, OffsetDateTime cutoff, Map<String, Integer> deleted,
                               boolean history) {
        return conn.begin().compose(tx -> (history ? historyBatch(conn, cutoff)
                                : conn.preparedQuery(sql).execute(Tuple.of(cutoff, BATCH)).map(RowSet::rowCount))
                        .compose(n -> tx.commit().map(n),
                                e -> tx.rollback().transform(x -> Future.<Integer>failedFuture(e))))
                .compose(n -> {
                    deleted.merge(table, n, Integer::sum);
                    if (n == BATCH) {
                        return purge(conn, table, sql, cutoff, deleted, history);
                    }
                    return history ? conn.preparedQuery(RetentionSql.FOLD_PURGED_BLOCKS)
                            .execute(Tuple.of(clock.instant().atOffset(ZoneOffset.UTC))).mapEmpty() : Future.succeededFuture();
                });
    }

    /** One batch of the history, deleted under its chain's head; the sealed rows' hashes are kept (RetentionSql.HISTORY). */
    private Future<Integer> historyBatch(SqlConnection conn, OffsetDateTime cutoff) {
        return conn.query(RetentionSql.ALLOW_HISTORY_PURGE).execute()
                .compose(v -> conn.query(RetentionSql.LOCK_HISTORY_CHAIN).execute())
                .compose(head -> conn.preparedQuery(RetentionSql.HISTORY).execute(Tuple.of(cutoff, BATCH,
                        head.size() == 0 ? 0L : head.iterator().next().getLong("sealed_to"))))
                .map(rows -> rows.iterator().next().getInteger("n"));
    }
}
