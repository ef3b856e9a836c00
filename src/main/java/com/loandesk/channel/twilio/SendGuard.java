package com.loandesk.channel.twilio;

import com.loandesk.channel.SendResult;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What stands between a channel and its provider, none of it blocking the event loop:
 * <ol>
 *   <li>a semaphore bulkhead that never waits: full means {@code NotStarted}, nothing sent;</li>
 *   <li>a circuit breaker: open means {@code NotStarted} (the dispatcher defers, it does not fail);</li>
 *   <li>a rate limiter per sender: a permit is reserved and waited for on a Vert.x timer, never with
 *       the blocking {@code acquirePermission}; a wait longer than {@code maxRateWait} defers the send
 *       ({@code NotStarted}). {@link #startable()} says how many more sends it would not defer.</li>
 * </ol>
 * A {@code NotStarted} refusal made no request: it costs the task no attempt.
 * Provider answers that show trouble (ambiguous, capacity) count as failures for the breaker;
 * accepted and rejected sends show a healthy provider.
 */
final class SendGuard {

    private static final Logger LOG = LoggerFactory.getLogger(SendGuard.class);

    private final Vertx vertx;
    private final String name;
    private final Bulkhead bulkhead;
    private final CircuitBreaker breaker;
    private final RateLimiter limiter;
    private final Duration breakerOpen;

    SendGuard(Vertx vertx, String name, int permitsPerSecond, TwilioSettings s) {
        this(vertx, name, permitsPerSecond, s.maxConcurrent(), s.breakerWindow(), s.breakerMinimumCalls(),
                s.breakerFailureRatePercent(), s.breakerOpen(), s.maxRateWait());
    }

    /** A guard of any provider (see {@link ChannelGuard} for channels outside this package). */
    SendGuard(Vertx vertx, String name, int permitsPerSecond, int maxConcurrent, int breakerWindow, int breakerMinimumCalls,
              int breakerFailureRatePercent, Duration breakerOpen, Duration maxRateWait) {
        this.vertx = vertx;
        this.name = name;
        this.breakerOpen = breakerOpen;
        this.bulkhead = Bulkhead.of(name, BulkheadConfig.custom()
                .maxConcurrentCalls(maxConcurrent)
                .maxWaitDuration(Duration.ZERO)
                .build());
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breakerWindow)
                .minimumNumberOfCalls(breakerMinimumCalls)
                .failureRateThreshold(breakerFailureRatePercent)
                .waitDurationInOpenState(breakerOpen)
                .permittedNumberOfCallsInHalfOpenState(1)
                // nothing asks an open breaker for a permit (the dispatcher does not claim for it): let
                // it turn half-open by itself when the wait is over
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .writableStackTraceEnabled(false)
                .build());
        this.limiter = RateLimiter.of(name, RateLimiterConfig.custom()
                .limitForPeriod(permitsPerSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(maxRateWait)
                .build());
        breaker.getEventPublisher().onStateTransition(e -> LOG.warn("breaker transition guard={} transition={}",
                name, e.getStateTransition()));
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    Bulkhead bulkhead() {
        return bulkhead;
    }

    /** Runs {@code send} (which never fails: trouble is a {@link SendResult}) under the bulkhead, breaker and rate limit. */
    Future<SendResult> run(Supplier<Future<SendResult>> send) {
        if (!bulkhead.tryAcquirePermission()) {
            return Future.succeededFuture(new SendResult.NotStarted("BULKHEAD_FULL",
                    name + ": " + bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + " sends already in flight", Duration.ofSeconds(1)));
        }
        if (!breaker.tryAcquirePermission()) {
            bulkhead.onComplete();
            return Future.succeededFuture(new SendResult.NotStarted("BREAKER_OPEN",
                    name + ": provider circuit breaker is " + breaker.getState(), breakerOpen));
        }
        long waitNanos = limiter.reservePermission();
        if (waitNanos < 0) {
            breaker.releasePermission();
            bulkhead.onComplete();
            return Future.succeededFuture(new SendResult.NotStarted("RATE_LIMITED",
                    name + ": over the configured rate", Duration.ofSeconds(1)));
        }
        long waitMs = TimeUnit.NANOSECONDS.toMillis(waitNanos);
        Future<Void> permitted = waitMs <= 0 ? Future.succeededFuture() : vertx.timer(waitMs).mapEmpty();
        long started = System.nanoTime();
        return permitted
                .compose(v -> send.get())
                .otherwise(e -> new SendResult.Ambiguous(name + ": " + e))
                .onComplete(ar -> {
                    bulkhead.onComplete();
                    SendResult r = ar.result();
                    long took = System.nanoTime() - started;
                    // a provider that cannot be reached (NotStarted CONNECT from the send itself) is trouble too:
                    // the breaker opens on it, though it costs the task no attempt
                    if (r instanceof SendResult.Ambiguous || r instanceof SendResult.RetryLater || r instanceof SendResult.NotStarted) {
                        breaker.onError(took, TimeUnit.NANOSECONDS, new ProviderTrouble(r.toString()));
                    } else {
                        breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                    }
                });
    }

    /** Recorded by the breaker for provider answers that show trouble. */
    static final class ProviderTrouble extends RuntimeException {
        ProviderTrouble(String message) {
            super(message, null, false, false);
        }
    }

    /** How many more sends the rate limiter lets start within {@code maxRateWait} (see {@link RateHeadroom}). */
    int startable() {
        return RateHeadroom.of(limiter);
    }

    boolean halfOpen() {
        return breaker.getState() == CircuitBreaker.State.HALF_OPEN;
    }

    /** False while the breaker is open: sends are deferred without reaching Twilio. */
    boolean accepting() {
        CircuitBreaker.State state = breaker.getState();
        return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
    }
}
