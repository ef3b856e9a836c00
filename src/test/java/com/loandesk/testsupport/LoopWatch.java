package com.loandesk.testsupport;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches every event loop of a Vert.x instance with a 5 ms timer (contexts are handed out round-robin over the
 * loops, so two timers per loop). Between two ticks it takes the CPU time its loop thread used: what ran on the loop
 * meanwhile. CPU time, not wall time: the cores are shared, and a loop waiting for a core is not a loop kept busy.
 * The wall-clock lateness is kept too, for the record.
 */
public final class LoopWatch {

    private static final long TICK_MS = 5;

    private final Vertx vertx;
    private final List<Long> timers = new ArrayList<>();
    private final AtomicLong worstBusyNanos = new AtomicLong();
    private final AtomicLong worstLateNanos = new AtomicLong();

    private LoopWatch(Vertx vertx) {
        this.vertx = vertx;
    }

    public static LoopWatch start(Vertx vertx) {
        LoopWatch w = new LoopWatch(vertx);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 2 * VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE; i++) {
            Context ctx = vertx.getOrCreateContext();
            Promise<Long> started = Promise.promise();
            ctx.runOnContext(v -> {
                long[] last = {System.nanoTime(), mx.getCurrentThreadCpuTime()};
                started.complete(vertx.setPeriodic(TICK_MS, id -> {
                    long now = System.nanoTime();
                    long cpu = mx.getCurrentThreadCpuTime();
                    w.worstLateNanos.accumulateAndGet(now - last[0] - TICK_MS * 1_000_000, Math::max);
                    w.worstBusyNanos.accumulateAndGet(cpu - last[1], Math::max);
                    last[0] = now;
                    last[1] = cpu;
                }));
            });
            w.timers.add(Await.result(started.future()));
        }
        return w;
    }

    /** Forgets what was seen so far (after a warm-up). */
    public void reset() {
        worstBusyNanos.set(0);
        worstLateNanos.set(0);
    }

    /** The most CPU time one loop used between two ticks of its timer since the start or the last reset. */
    public long worstBusyMs() {
        return worstBusyNanos.get() / 1_000_000;
    }

    /** The worst wall-clock lateness of a tick (includes time a loop waited for a core). */
    public long worstLateMs() {
        return worstLateNanos.get() / 1_000_000;
    }

    public void stop() {
        timers.forEach(vertx::cancelTimer);
    }
}
