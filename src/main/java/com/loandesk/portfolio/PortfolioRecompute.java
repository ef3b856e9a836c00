package com.loandesk.portfolio;

import com.loandesk.config.PortfolioConfig;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes every open case's days past due, status and stage for a business date, set-based, one id
 * range of {@code portfolio.batchSize} cases per statement (each its own transaction, so no lock is held
 * across the table), writing stage_changed / status_changed history. Idempotent: a second run of the same
 * date changes nothing. Logs the run in recompute_run (once per date) and as one log line.
 */
public final class PortfolioRecompute {

    private static final Logger LOG = LoggerFactory.getLogger(PortfolioRecompute.class);

    private final Pool pool;
    private final Clock clock;
    private final PortfolioConfig config;
    private final String actor;

    public PortfolioRecompute(Pool pool, Clock clock, PortfolioConfig config, String actor) {
        this.pool = pool;
        this.clock = clock;
        this.config = config;
        this.actor = actor;
    }

    /** Whether {@code businessDate}'s recompute has finished (by any process). */
    public Future<Boolean> done(LocalDate businessDate) {
        return done(pool, businessDate);
    }

    Future<Boolean> done(SqlClient client, LocalDate businessDate) {
        return client.preparedQuery(PortfolioSql.RUN_DONE).execute(Tuple.of(businessDate))
                .map(rows -> rows.iterator().next().getBoolean("done"));
    }

    public Future<RecomputeResult> run(LocalDate businessDate) {
        return run(pool, businessDate);
    }

    /** As {@link #run(LocalDate)}, every statement through {@code client} (the nightly job's lock connection). */
    Future<RecomputeResult> run(SqlClient client, LocalDate businessDate) {
        Instant started = clock.instant();
        return client.query(PortfolioSql.ID_RANGE).execute().compose(rows -> {
            Row r = rows.iterator().next();
            return batch(client, businessDate, r.getLong("lo"), r.getLong("hi"), new RecomputeResult(businessDate, 0, 0, 0, 0));
        }).compose(result -> client.preparedQuery(PortfolioSql.LOG_RUN).execute(Tuple.of(businessDate,
                        started.atOffset(ZoneOffset.UTC), clock.instant().atOffset(ZoneOffset.UTC), result.casesUpdated(),
                        result.stageChanges(), result.statusChanges(), actor)).map(result))
                .onSuccess(res -> LOG.info("portfolio recompute done businessDate={} casesUpdated={} stageChanges={} statusChanges={} batches={} ms={}",
                        businessDate, res.casesUpdated(), res.stageChanges(), res.statusChanges(), res.batches(),
                        clock.instant().toEpochMilli() - started.toEpochMilli()))
                .onFailure(e -> LOG.error("portfolio recompute failed businessDate={} error={}", businessDate, e.toString()));
    }

    private Future<RecomputeResult> batch(SqlClient client, LocalDate date, long from, long last, RecomputeResult sofar) {
        if (from > last) {
            return Future.succeededFuture(sofar);
        }
        long to = Math.min(last, from + config.batchSize() - 1);
        Instant now = clock.instant();
        return client.preparedQuery(PortfolioSql.RECOMPUTE_RANGE).execute(Tuple.tuple().addLong(from).addLong(to)
                        .addLocalDate(date).addInteger(config.graceDays()).addInteger(config.earlyMaxDpd())
                        .addInteger(config.middleMaxDpd()).addOffsetDateTime(now.atOffset(ZoneOffset.UTC)).addString(actor))
                .compose(rows -> {
                    Row r = rows.iterator().next();
                    RecomputeResult next = new RecomputeResult(date, sofar.casesUpdated() + r.getLong("updated").intValue(),
                            sofar.stageChanges() + r.getLong("stage_changes").intValue(),
                            sofar.statusChanges() + r.getLong("status_changes").intValue(), sofar.batches() + 1);
                    return batch(client, date, to + 1, last, next);
                });
    }
}
