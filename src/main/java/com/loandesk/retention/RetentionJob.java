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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges records older than the retention period (3 years by default): case history, the contact
 * ledger, provider events, inbound messages, the access audit and finished tasks; and reminder calls' scripts (their
 * debt content) a day after the call, since they are read only while it lasts. The records partitioned by month
 * ({@link MonthlyTable}) are kept by whole months and go a month at a time, their partitions dropped
 * ({@link #dropMonths}); the rest is deleted in batches, each in its own transaction, so the tables stay usable while
 * it runs; every run is written to retention_run and logged.
 * Each run, and each scheduled turn that skips, first makes sure the monthly tables have their partitions for the
 * months to come.
 * <p>
 * The service runs it at start and then every {@code retention.intervalHours} ({@link #schedule}), under a
 * PostgreSQL session advisory lock: one process purges at a time, and a run finished less than an interval
 * ago (by any process) makes the next one skip.
 */
public final class RetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    private static final int BATCH = 10_000;
    /**
     * How long a reminder call's script is kept: Twilio ends a call after 4 hours at most, so a day is ample; it is
     * purged at the next run after that.
     */
    static final Duration VOICE_SCRIPT_KEPT = Duration.ofDays(1);
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
        return SessionLock.whileHeld(pool, LOCK, conn -> ensureMonths(conn)
                        .compose(v -> conn.query(RetentionSql.LAST_FINISHED).execute())
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
        return pool.withConnection(conn -> ensureMonths(conn).compose(v -> purgeOn(conn)));
    }

    private Future<Map<String, Integer>> purgeOn(SqlConnection conn) {
        Instant started = clock.instant();
        OffsetDateTime cutoff = started.atOffset(ZoneOffset.UTC).minus(keep);
        OffsetDateTime cutoffMonth = monthOf(cutoff);
        Map<String, Integer> deleted = new LinkedHashMap<>();
        MonthlyTable.ALL.forEach(t -> deleted.put(t.table(), 0));
        List<String> months = new ArrayList<>();
        Future<Void> monthly = Future.succeededFuture();
        for (MonthlyTable t : MonthlyTable.ALL) {
            monthly = monthly.compose(v -> purgeMonthly(conn, t, cutoffMonth, deleted, months));
        }
        return monthly
                .compose(v -> purgeInIdOrder(conn, "contact_task", RetentionSql.TASKS, cutoff, 0, deleted))
                .compose(v -> purge(conn, "wave_member", RetentionSql.WAVE_MEMBERS, cutoff, deleted))
                .compose(v -> purge(conn, "wave_sample", RetentionSql.WAVE_SAMPLES, cutoff, deleted))
                .compose(v -> purge(conn, "voice_script", RetentionSql.VOICE_SCRIPTS,
                        started.minus(VOICE_SCRIPT_KEPT).atOffset(ZoneOffset.UTC), deleted))
                .compose(v -> {
                    JsonObject logged = new JsonObject(new LinkedHashMap<>(deleted));
                    if (!months.isEmpty()) {
                        logged.put("months_dropped", new io.vertx.core.json.JsonArray(months));
                    }
                    return conn.preparedQuery(RetentionSql.LOG_RUN).execute(Tuple.of(started.atOffset(ZoneOffset.UTC),
                            clock.instant().atOffset(ZoneOffset.UTC), cutoff, logged, actor));
                })
                .compose(v -> {
                    LOG.info("retention purge done cutoff={} monthCutoff={} deleted={} monthsDropped={}", cutoff,
                            cutoffMonth, deleted, months);
                    return checkpoint.get().map(deleted);
                })
                .onFailure(e -> LOG.error("retention purge failed cutoff={} deletedSoFar={} error={}", cutoff, deleted, e.toString()));
    }

    /** The first instant of the month (UTC) of {@code t}: the history is kept by whole months. */
    static OffsetDateTime monthOf(OffsetDateTime t) {
        return t.withOffsetSameInstant(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    }

    /**
     * The monthly tables' partitions from last month to {@value #MONTHS_AHEAD} months ahead, created where missing
     * (a row of a month with no partition waits in the default one and moves into its month then).
     */
    private Future<Void> ensureMonths(SqlConnection conn) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        return conn.preparedQuery(RetentionSql.ENSURE_MONTHS).execute(Tuple.of(now.minusMonths(1), now.plusMonths(MONTHS_AHEAD)))
                .map(rows -> rows.iterator().next().getInteger("created"))
                .onSuccess(n -> {
                    if (n > 0) {
                        LOG.info("month partitions created count={}", n);
                    }
                })
                .mapEmpty();
    }

    /** The months of partitions made ahead of time. */
    static final int MONTHS_AHEAD = 3;

    /**
     * Purges table {@code t} past {@code cutoffMonth}: its months that end by then are dropped whole
     * ({@link #dropMonths}), then the rows of those months that waited outside them (in the default partition) go in
     * batches; a chained table's sealed rows a whole block at a time, from the oldest block on.
     */
    private Future<Void> purgeMonthly(SqlConnection conn, MonthlyTable t, OffsetDateTime cutoffMonth, Map<String, Integer> deleted,
                                      List<String> months) {
        Future<Void> dropped = dropMonths(conn, t, cutoffMonth, deleted, months);
        return t.chained() ? dropped.compose(v -> purgeSealed(conn, t, cutoffMonth, deleted)).compose(v -> purgeUnsealed(conn, t, cutoffMonth, deleted))
                : dropped.compose(v -> purge(conn, t.table(), RetentionSql.outsideMonths(t), cutoffMonth, deleted));
    }

    /**
     * Drops the monthly partitions of {@code t} that end by {@code cutoffMonth}, oldest first, each in a transaction of
     * its own that waits at most 5 s for the table's lock (else the month waits for the next run). A chained table's
     * month goes under the chain's head, when every sealed block holding one of its rows is past retention; the rest
     * of those blocks' rows (a block straddling two months) are deleted with it and the blocks marked purged, so the
     * chain verifies before and after. Dropping a month reads it once (its rows and highest id) and locks the table
     * only for the detach.
     */
    private Future<Void> dropMonths(SqlConnection conn, MonthlyTable t, OffsetDateTime cutoffMonth, Map<String, Integer> deleted,
                                    List<String> months) {
        return oneMonthAtATime(t.table(), months, () -> inTransaction(conn, () -> {
            Future<Boolean> head = !t.chained() ? Future.succeededFuture(false)
                    : conn.query(RetentionSql.ALLOW_CHAINED_PURGE).execute()
                            .compose(v -> conn.preparedQuery(RetentionSql.LOCK_CHAIN).execute(Tuple.of(t.chain())))
                            .map(rows -> rows.size() > 0);
            return head.compose(chained -> conn.preparedQuery(RetentionSql.OLDEST_MONTH).execute(Tuple.of(cutoffMonth, t.table()))
                    .compose(oldest -> oldest.size() == 0 ? Future.succeededFuture((String) null)
                            : dropMonth(conn, t, oldest.iterator().next().getString("name"), chained, cutoffMonth, deleted)));
        }));
    }

    /**
     * Drops one month after another with {@code dropOne} (the month's name, or null when none is due) until none is
     * due; the months dropped are added to {@code months}. A month that could not be dropped waits for the next run.
     */
    private static Future<Void> oneMonthAtATime(String table, List<String> months, Supplier<Future<String>> dropOne) {
        return dropOne.get().transform(ar -> {
            if (ar.failed()) {
                LOG.warn("{} month not dropped (the next run tries again) error={}", table, ar.cause().toString());
                return Future.succeededFuture();
            }
            if (ar.result() == null) {
                return Future.succeededFuture();
            }
            months.add(ar.result());
            return oneMonthAtATime(table, months, dropOne);
        });
    }

    /**
     * The unpurged chain blocks holding a month's rows: whether one is still within retention, and the last id they
     * cover (null: none).
     */
    private record Blocks(boolean held, Long upTo) {
        static final Blocks NONE = new Blocks(false, null);
    }

    /** Drops partition {@code name} of {@code t} when its blocks allow ({@code chained}); its name, or null when it must wait. */
    private Future<String> dropMonth(SqlConnection conn, MonthlyTable t, String name, boolean chained, OffsetDateTime cutoffMonth,
                                     Map<String, Integer> deleted) {
        String table = quoted(name);
        return conn.query("select count(*)::int as n, max(id) as max_id from " + table).execute().compose(stats -> {
            Row st = stats.iterator().next();
            int rows = st.getInteger("n");
            Long maxId = st.getLong("max_id");
            Future<Blocks> blocks = !chained || maxId == null ? Future.succeededFuture(Blocks.NONE)
                    : conn.preparedQuery(RetentionSql.BLOCKS_UP_TO).execute(Tuple.of(t.chain(), maxId, cutoffMonth)).map(r -> {
                        Row b = r.iterator().next();
                        return new Blocks(b.getInteger("held") > 0, b.getLong("up_to"));
                    });
            return blocks.compose(holding -> {
                Long last = holding.upTo();
                if (holding.held()) {
                    LOG.info("month kept: a sealed block holding its rows is still within retention table={} month={}", t.table(), name);
                    return Future.succeededFuture((String) null);
                }
                return detachAndDrop(conn, t.table(), table)
                        .compose(v -> last == null ? Future.succeededFuture(0)
                                : conn.preparedQuery(RetentionSql.blockTails(t)).execute(Tuple.of(last, cutoffMonth))
                                        .compose(tails -> conn.preparedQuery(RetentionSql.MARK_PURGED)
                                                .execute(Tuple.of(t.chain(), last, clock.instant().atOffset(ZoneOffset.UTC)))
                                                .map(x -> tails.rowCount())))
                        .map(tails -> {
                            deleted.merge(t.table(), rows + tails, Integer::sum);
                            LOG.info("month dropped table={} month={} rows={} blockTailRows={}", t.table(), name, rows, tails);
                            return name;
                        });
            });
        });
    }

    /** {@code name} as an SQL identifier. */
    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /**
     * Detaches monthly partition {@code table} (quoted) from {@code parent}, waiting at most 5 s for the parent's lock,
     * and drops it; in the caller's transaction.
     */
    private static Future<Void> detachAndDrop(SqlConnection conn, String parent, String table) {
        return conn.query(RetentionSql.DETACH_LOCK_TIMEOUT).execute()
                .compose(v -> conn.query("alter table " + parent + " detach partition " + table).execute())
                .compose(v -> conn.query("drop table " + table).execute())
                .mapEmpty();
    }

    /**
     * Purges {@code table}, whose ids follow its time (the finished tasks, provider events, inbound messages), a page
     * at a time in id order with {@code sql} (each page its own transaction), until a page holds a row newer than the
     * cutoff (a day's margin for the clocks of several instances): no row after it can be past retention. So a purge
     * reads the rows old enough to go and one page more, never the whole table.
     */
    private Future<Void> purgeInIdOrder(SqlConnection conn, String table, String sql, OffsetDateTime cutoff, long afterId,
                                        Map<String, Integer> deleted) {
        return inTransaction(conn, () -> conn.preparedQuery(sql).execute(Tuple.of(afterId, BATCH, cutoff))
                .map(rows -> rows.iterator().next()))
                .compose(page -> {
                    deleted.merge(table, page.getInteger("deleted"), Integer::sum);
                    Long last = page.getLong("last_id");
                    OffsetDateTime newest = page.getOffsetDateTime("newest");
                    return last == null || newest.isAfter(cutoff.plusDays(1)) ? Future.succeededFuture()
                            : purgeInIdOrder(conn, table, sql, cutoff, last, deleted);
                });
    }

    /** Deletes a batch at a time, each batch its own transaction on {@code conn}. */
    private Future<Void> purge(SqlConnection conn, String table, String sql, OffsetDateTime cutoff, Map<String, Integer> deleted) {
        return inTransaction(conn, () -> conn.preparedQuery(sql).execute(Tuple.of(cutoff, BATCH)).map(RowSet::rowCount))
                .compose(n -> {
                    deleted.merge(table, n, Integer::sum);
                    return n == BATCH ? purge(conn, table, sql, cutoff, deleted) : Future.succeededFuture();
                });
    }

    /**
     * The sealed rows of chained table {@code t} go a whole block at a time, from the oldest block on, and only blocks
     * whose every row is past retention; each transaction (under the chain's head) deletes up to a batch of rows and
     * marks their blocks purged, so the chain verifies before, during and after. A block holding a row still within
     * retention stops it: its older rows are kept until the whole block is past retention.
     */
    private Future<Void> purgeSealed(SqlConnection conn, MonthlyTable t, OffsetDateTime cutoff, Map<String, Integer> deleted) {
        return inTransaction(conn, () -> conn.query(RetentionSql.ALLOW_CHAINED_PURGE).execute()
                .compose(v -> conn.preparedQuery(RetentionSql.LOCK_CHAIN).execute(Tuple.of(t.chain())))
                .compose(head -> head.size() == 0 ? Future.succeededFuture(-1)
                        : conn.preparedQuery(RetentionSql.OLDEST_BLOCKS).execute(Tuple.of(t.chain())).compose(blocks -> {
                            long lastId = -1;
                            long rows = 0;
                            for (Row b : blocks) {
                                OffsetDateTime maxAt = b.getOffsetDateTime("max_at");
                                int n = b.getInteger("row_count");
                                if ((maxAt != null && !maxAt.isBefore(cutoff)) || (lastId >= 0 && rows + n > BATCH)) {
                                    break;
                                }
                                lastId = b.getLong("last_id");
                                rows += n;
                            }
                            if (lastId < 0) {
                                return Future.succeededFuture(-1);
                            }
                            long upTo = lastId;
                            // every id up to the last of these blocks lies in a purged block (or below the chain): none stays
                            return conn.preparedQuery(RetentionSql.blockRows(t)).execute(Tuple.of(upTo))
                                    .compose(gone -> conn.preparedQuery(RetentionSql.MARK_PURGED)
                                            .execute(Tuple.of(t.chain(), upTo, clock.instant().atOffset(ZoneOffset.UTC)))
                                            .map(v -> gone.rowCount()));
                        })))
                .compose(n -> {
                    if (n < 0) {
                        return Future.succeededFuture();
                    }
                    deleted.merge(t.table(), n, Integer::sum);
                    return purgeSealed(conn, t, cutoff, deleted);
                });
    }

    /** Rows of chained table {@code t} past retention that are not sealed yet, a batch at a time under the chain's head. */
    private Future<Void> purgeUnsealed(SqlConnection conn, MonthlyTable t, OffsetDateTime cutoff, Map<String, Integer> deleted) {
        return inTransaction(conn, () -> conn.query(RetentionSql.ALLOW_CHAINED_PURGE).execute()
                .compose(v -> conn.preparedQuery(RetentionSql.LOCK_CHAIN).execute(Tuple.of(t.chain())))
                .compose(head -> conn.preparedQuery(RetentionSql.unsealed(t)).execute(Tuple.of(cutoff, BATCH,
                        head.size() == 0 ? 0L : head.iterator().next().getLong("sealed_to"))))
                .map(RowSet::rowCount))
                .compose(n -> {
                    deleted.merge(t.table(), n, Integer::sum);
                    return n == BATCH ? purgeUnsealed(conn, t, cutoff, deleted) : Future.succeededFuture();
                });
    }

    private static <T> Future<T> inTransaction(SqlConnection conn, Supplier<Future<T>> work) {
        return conn.begin().compose(tx -> work.get().compose(r -> tx.commit().map(r),
                e -> tx.rollback().transform(x -> Future.<T>failedFuture(e))));
    }
}
