package com.loandesk.channel.twilio;

import com.loandesk.channel.SendResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The {@link SendGuard} (rate, zero-wait bulkhead, circuit breaker) for a channel outside the Twilio adapters, such
 * as SMTP e-mail, so every provider sits behind the same limits: the dispatcher never hands the channel more sends
 * than its bulkhead takes, claims nothing for it while its breaker is open, and one trial while it is half-open.
 */
public final class ChannelGuard {

    private final SendGuard guard;

    private ChannelGuard(SendGuard guard) {
        this.guard = guard;
    }

    /**
     * @param maxConcurrent sends under way at once (the bulkhead); more are {@code NotStarted}, nothing sent, no attempt spent
     * @param breakerOpen   how long an open breaker defers sends before it lets a trial through
     * @param maxRateWait   the longest a send waits for a rate permit before it is deferred
     */
    public static ChannelGuard of(Vertx vertx, String name, int permitsPerSecond, int maxConcurrent, Duration breakerOpen,
                                  Duration maxRateWait) {
        return new ChannelGuard(new SendGuard(vertx, name, permitsPerSecond, maxConcurrent, 20, 10, 50, breakerOpen, maxRateWait));
    }

    /** Runs {@code send} (which reports trouble as a {@link SendResult}) under the rate, bulkhead and breaker. */
    public Future<SendResult> run(Supplier<Future<SendResult>> send) {
        return guard.run(send);
    }

    /** How many more sends the rate limiter lets start within its wait: the dispatcher claims no more. */
    public int startable() {
        return guard.startable();
    }

    /** False while the breaker is open. */
    public boolean accepting() {
        return guard.accepting();
    }

    /** The bulkhead's size, or 1 while the breaker is half-open (the trial send). */
    public int maxInFlight() {
        return guard.halfOpen() ? 1 : guard.bulkhead().getBulkheadConfig().getMaxConcurrentCalls();
    }
}
