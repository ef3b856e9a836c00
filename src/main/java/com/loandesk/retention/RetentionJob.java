package com.loandesk.retention;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges records older than the retention period (3 years by default): case history, the contact
 * ledger, provider events, inbound messages and finished tasks. Deletes in batches, each in its own
 * transaction, so the tables stay usable while it runs; every run is written to retention_run and logged.
 */
public final class RetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    private static final int BATCH = 10_000;

    private final Pool pool;
    private final Clock clock;
    private final Period keep;
    private final String actor;

    public RetentionJob(Pool pool, Clock clock, Period keep, String actor) {
        this.pool = pool;
        this.clock = clock;
        this.keep = keep;
        this.actor = actor;
    }

    /** One purge; returns how many rows went from each table. */
    public Future<Map<String, Integer>> run() {
        Instant started = clock.instant();
        OffsetDateTime cutoff = started.atOffset(ZoneOffset.UTC).minus(keep);
        Map<String, Integer> deleted = new LinkedHashMap<>();
        return purge("case_history", RetentionSql.HISTORY, cutoff, deleted, true)
                .compose(v -> purge("contact_attempt", RetentionSql.LEDGER, cutoff, deleted, false))
                .compose(v -> purge("provider_event", RetentionSql.PROVIDER_EVENTS, cutoff, deleted, false))
                .compose(v -> purge("inbound_message", RetentionSql.INBOUND, cutoff, deleted, false))
                .compose(v -> purge("contact_task", RetentionSql.TASKS, cutoff, deleted, false))
                .compose(v -> purge("wave_member", RetentionSql.WAVE_MEMBERS, cutoff, deleted, false))
                .compose(v -> pool.preparedQuery(RetentionSql.LOG_RUN).execute(Tuple.of(started.atOffset(ZoneOffset.UTC),
                        clock.instant().atOffset(ZoneOffset.UTC), cutoff, new JsonObject(Map.copyOf(deleted)), actor)))
                .map(v -> {
                    LOG.info("retention purge done cutoff={} deleted={}", cutoff, deleted);
                    return deleted;
                })
                .onFailure(e -> LOG.error("retention purge failed cutoff={} deletedSoFar={} error={}", cutoff, deleted, e.toString()));
    }

    private Future<Void> purge(String table, String sql, OffsetDateTime cutoff, Map<String, Integer> deleted, boolean history) {
        return pool.withTransaction(c -> (history ? c.query(RetentionSql.ALLOW_HISTORY_PURGE).execute().mapEmpty()
                        : Future.<Void>succeededFuture())
                        .compose(v -> c.preparedQuery(sql).execute(Tuple.of(cutoff, BATCH))))
                .map(RowSet::rowCount)
                .compose(n -> {
                    deleted.merge(table, n, Integer::sum);
                    return n == BATCH ? purge(table, sql, cutoff, deleted, history) : Future.succeededFuture();
                });
    }
}
