package com.loandesk.dispatch;

import com.loandesk.config.WavesConfig;
import com.loandesk.store.WaveStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the members of running waves into tasks, a round every {@code feedInterval}: the supply side of the
 * dispatcher. Rounds never overlap in this process; feeders in other processes skip a wave one of them is
 * feeding (its row lock), so each member becomes exactly one task.
 */
public final class WaveFeeder {

    private static final Logger LOG = LoggerFactory.getLogger(WaveFeeder.class);

    private final Vertx vertx;
    private final WavesConfig config;
    private final OneRoundAtATime rounds;

    public WaveFeeder(Vertx vertx, WaveStore waves, WavesConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.rounds = new OneRoundAtATime("feeding waves", () -> waves.feedDue(config.chunk(), config.backlogLimit())
                .onSuccess(n -> {
                    if (n > 0) {
                        LOG.debug("waves fed tasks={}", n);
                    }
                }), LOG);
    }

    /** Starts the rounds; returns the timer id (cancel it to stop). */
    public long schedule() {
        return vertx.setPeriodic(config.feedInterval().toMillis(), id -> feed());
    }

    /** One round, unless one is under way (then 0 at once). Failures are logged; the next round tries again. */
    public Future<Integer> feed() {
        return rounds.run();
    }
}
