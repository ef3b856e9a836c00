package com.loandesk.dispatch;

import com.loandesk.store.WaveStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the tasks by state of every wave with work left, every {@code interval}, so the wave board's chart shows a
 * wave from its start whoever opens it and whenever (a reload loses nothing). A finished wave is sampled once more,
 * then no longer. Instances sampling at once skip a wave another sampled less than most of an interval ago.
 */
public final class WaveSampler {

    private static final Logger LOG = LoggerFactory.getLogger(WaveSampler.class);

    private final Vertx vertx;
    private final Duration interval;
    private final OneRoundAtATime rounds;

    public WaveSampler(Vertx vertx, WaveStore waves, Duration interval) {
        this.vertx = vertx;
        this.interval = interval;
        this.rounds = new OneRoundAtATime("sampling waves", () -> waves.sampleOpenWaves(interval.multipliedBy(9).dividedBy(10)), LOG);
    }

    /** Starts the rounds; returns the timer id (cancel it to stop). */
    public long schedule() {
        return vertx.setPeriodic(interval.toMillis(), id -> sample());
    }

    /** One round, unless one is under way (then 0 at once); failures are logged and the next round tries again. */
    public Future<Integer> sample() {
        return rounds.run();
    }
}
