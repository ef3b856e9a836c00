package com.loandesk.rnd;

import com.loandesk.config.RndConfig;
import com.loandesk.portfolio.SessionLock;
import com.loandesk.store.NumberFacts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nightly refresh of reassigned-numbers checks: once the lender's local time (portfolio.zone) passes rnd.runAt,
 * asks the database about the US numbers whose check is missing or older than rnd.staleDays, rnd.batchSize numbers
 * at a time (each batch's answers written in one statement before the next is asked), at most rnd.maxPerRun a
 * night. Checked every rnd.checkIntervalSeconds and at start, as the nightly recompute is; one process at a time
 * (a session advisory lock). A number whose query failed stays stale and is asked again the next night.
 */
public final class RndRefreshJob {

    private static final Logger LOG = LoggerFactory.getLogger(RndRefreshJob.class);
    static final String LOCK = "loandesk:rnd-refresh";
    static final String SOURCE = "rnd-job";

    /** What a run did. */
    public record Result(int asked, int answered, int written, boolean busy) {
    }

    private final Pool pool;
    private final Clock clock;
    private final RndConfig config;
    private final ZoneId zone;
    private final NumberFacts facts;
    private final ReassignedNumbers rnd;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile LocalDate completed;

    public RndRefreshJob(Pool pool, Clock clock, RndConfig config, ZoneId zone, ReassignedNumbers rnd) {
        this.pool = pool;
        this.clock = clock;
        this.config = config;
        this.zone = zone;
        this.facts = NumberFacts.create(pool);
        this.rnd = rnd;
    }

    /** Checks now and then every rnd.checkIntervalSeconds; returns the periodic timer's id. */
    public long schedule(Vertx vertx) {
        vertx.setTimer(1, id -> tick());
        return vertx.setPeriodic(config.checkEvery().toMillis(), id -> tick());
    }

    /** One check: runs when the night's time has come and this process has not run today. Null when not due or done. */
    public Future<Result> tick() {
        ZonedDateTime local = ZonedDateTime.ofInstant(clock.instant(), zone);
        LocalDate today = local.toLocalDate();
        if (local.toLocalTime().isBefore(config.runAt()) || today.equals(completed)) {
            return Future.succeededFuture(null);
        }
        return run().onSuccess(r -> {
            if (!r.busy()) {
                completed = today;
            }
        });
    }

    /** One run now, whatever the hour: every stale number, batch after batch, up to rnd.maxPerRun. */
    public Future<Result> run() {
        if (!running.compareAndSet(false, true)) {
            return Future.succeededFuture(new Result(0, 0, 0, true));
        }
        Instant staleBefore = clock.instant().minus(config.staleAge());
        Result busy = new Result(0, 0, 0, true);
        return SessionLock.whileHeld(pool, LOCK, conn -> batches(0L, staleBefore, new Result(0, 0, 0, false)), busy)
                .onSuccess(r -> LOG.info("rnd refresh done asked={} answered={} written={} busy={}", r.asked(), r.answered(),
                        r.written(), r.busy()))
                .onFailure(e -> LOG.error("rnd refresh failed error={}", e.toString()))
                .eventually(() -> {
                    running.set(false);
                    return Future.succeededFuture();
                });
    }

    private Future<Result> batches(long afterId, Instant staleBefore, Result sofar) {
        int room = config.maxPerRun() - sofar.asked();
        if (room <= 0) {
            return Future.succeededFuture(sofar);
        }
        return facts.stale(afterId, staleBefore, Math.min(config.batchSize(), room)).compose(stale -> {
            if (stale.isEmpty()) {
                return Future.succeededFuture(sofar);
            }
            List<ReassignedNumbers.Query> queries = new ArrayList<>(stale.size());
            Map<String, Long> pointByNumber = new HashMap<>();
            for (NumberFacts.StaleNumber s : stale) {
                queries.add(new ReassignedNumbers.Query(s.number(), s.since()));
                pointByNumber.put(s.number(), s.contactPointId());
            }
            Map<String, LocalDate> sinceByNumber = new HashMap<>();
            stale.forEach(s -> sinceByNumber.put(s.number(), s.since()));
            long lastId = stale.get(stale.size() - 1).contactPointId();
            return rnd.check(queries).compose(answers -> {
                Instant at = clock.instant();
                List<NumberFacts.Answer> rows = new ArrayList<>(answers.size());
                for (ReassignedNumbers.Answer a : answers) {
                    Long point = pointByNumber.get(a.number());
                    if (point != null) {
                        rows.add(new NumberFacts.Answer(point, new NumberFacts.Check(at, a.result(), sinceByNumber.get(a.number()),
                                a.proof())));
                    }
                }
                return facts.recordAnswers(rows, SOURCE).map(written -> new Result(sofar.asked() + stale.size(),
                        sofar.answered() + answers.size(), sofar.written() + written, false));
            }).compose(next -> batches(lastId, staleBefore, next));
        });
    }
}
