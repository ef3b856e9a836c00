package com.loandesk.portfolio;

import com.loandesk.config.PortfolioConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nightly run: once the lender's local time (portfolio.zone) passes portfolio.recomputeAt, recompute the
 * business date unless recompute_run says it was done, then run what follows it (the cadence scheduler).
 * Checked every portfolio.checkIntervalSeconds and at start, so a service started late, or restarted, catches
 * up the same day. A session advisory lock makes one process at a time recompute (on the lock's own connection,
 * so the job needs one connection); the run row per date makes it once per date. What follows runs after the
 * lock is let go and guards itself (the cadence scheduler has its own lock and run rows).
 */
public final class NightlyJob {

    private static final Logger LOG = LoggerFactory.getLogger(NightlyJob.class);
    static final String LOCK = "loandesk:nightly-recompute";

    /** What a tick did. */
    public enum Outcome { NOT_DUE, ALREADY_DONE, RAN, BUSY, FOLLOW_UP_PENDING }

    private final Pool pool;
    private final Clock clock;
    private final PortfolioConfig config;
    private final PortfolioRecompute recompute;
    private final AfterRecompute next;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile LocalDate completed;

    public NightlyJob(Pool pool, Clock clock, PortfolioConfig config, PortfolioRecompute recompute,
                      AfterRecompute next) {
        this.pool = pool;
        this.clock = clock;
        this.config = config;
        this.recompute = recompute;
        this.next = next == null ? date -> Future.succeededFuture(true) : next;
    }

    /** The lender's calendar day now. */
    public LocalDate businessDate() {
        return ZonedDateTime.ofInstant(clock.instant(), config.zone()).toLocalDate();
    }

    /** Whether the lender's local time has passed the run time today. */
    public boolean due() {
        return !ZonedDateTime.ofInstant(clock.instant(), config.zone()).toLocalTime().isBefore(config.recomputeAt());
    }

    /** Checks now and then every portfolio.checkIntervalSeconds; returns the periodic timer's id. */
    public long schedule(Vertx vertx) {
        vertx.setTimer(1, id -> tick());
        return vertx.setPeriodic(config.checkEvery().toMillis(), id -> tick());
    }

    /** One check: recompute today's business date (and what follows it) when due and not done. */
    public Future<Outcome> tick() {
        LocalDate date = businessDate();
        if (!due()) {
            return Future.succeededFuture(Outcome.NOT_DUE);
        }
        if (date.equals(completed)) {
            return Future.succeededFuture(Outcome.ALREADY_DONE);
        }
        if (!running.compareAndSet(false, true)) {
            return Future.succeededFuture(Outcome.BUSY);
        }
        // the recompute runs on the lock's own connection; what follows it (the cadence pass) after the lock is let go
        return SessionLock.whileHeld(pool, LOCK, conn -> recompute.done(conn, date)
                        .compose(done -> done ? Future.succeededFuture(Outcome.ALREADY_DONE)
                                : recompute.run(conn, date).map(r -> Outcome.RAN)), Outcome.BUSY)
                .compose(o -> o == Outcome.BUSY ? Future.succeededFuture(o)
                        : next.run(date).map(complete -> complete ? o : Outcome.FOLLOW_UP_PENDING))
                .onSuccess(o -> {
                    if (o == Outcome.RAN || o == Outcome.ALREADY_DONE) {
                        completed = date;
                    }
                })
                .onFailure(e -> LOG.error("nightly run failed businessDate={} error={}", date, e.toString()))
                .eventually(() -> {
                    running.set(false);
                    return Future.succeededFuture();
                });
    }
}
