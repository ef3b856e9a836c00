package com.loandesk.channel.twilio;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * How many more permits a rate limiter grants within its time-out: the sends that can still start without a
 * {@code RATE_LIMITED} refusal. That is the permits left in this cycle (negative once later cycles are reserved)
 * plus a cycle's worth for each cycle that surely begins within the time-out. It never counts the cycle that
 * begins before the time-out only by luck of when in the cycle it is asked, so it never over-promises.
 */
final class RateHeadroom {

    private RateHeadroom() {
    }

    static int of(RateLimiter limiter) {
        RateLimiterConfig c = limiter.getRateLimiterConfig();
        long cycles = c.getTimeoutDuration().toNanos() / c.getLimitRefreshPeriod().toNanos();
        long permits = limiter.getMetrics().getAvailablePermissions() + cycles * c.getLimitForPeriod();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, permits));
    }
}
