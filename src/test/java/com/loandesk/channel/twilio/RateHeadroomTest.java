package com.loandesk.channel.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a rate limiter still grants within its wait, on a clock the test moves: never more than it grants. */
class RateHeadroomTest {

    private long now;

    private AtomicRateLimiter limiter(int perSecond, Duration wait) {
        return new AtomicRateLimiter("test", RateLimiterConfig.custom().limitForPeriod(perSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(wait).build(), () -> now);
    }

    /** Reserves permits until the limiter refuses one (a RATE_LIMITED send); returns how many it granted. */
    private static int grantedUntilRefused(AtomicRateLimiter limiter) {
        int granted = 0;
        while (limiter.reservePermission() >= 0) {
            granted++;
        }
        return granted;
    }

    @Test
    void at_one_call_per_second_with_a_two_second_wait_three_calls_can_start_then_none_until_a_second_passes() {
        AtomicRateLimiter limiter = limiter(1, Duration.ofSeconds(2));
        assertEquals(3, RateHeadroom.of(limiter), "this second's permit and the next two seconds'");
        assertEquals(3, grantedUntilRefused(limiter));
        assertEquals(0, RateHeadroom.of(limiter), "every permit within the wait is reserved");
        now += TimeUnit.SECONDS.toNanos(1);
        assertEquals(1, RateHeadroom.of(limiter), "a second later, one more");
    }

    @Test
    void the_headroom_never_promises_more_than_the_limiter_grants_wherever_in_its_cycle_it_is_asked() {
        for (int perSecond : new int[] {1, 10}) {
            for (long offsetMs : new long[] {0, 1, 250, 500, 999}) {
                for (Duration wait : new Duration[] {Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(2)}) {
                    now = 0;
                    AtomicRateLimiter limiter = limiter(perSecond, wait);
                    now = TimeUnit.MILLISECONDS.toNanos(offsetMs);
                    int promised = RateHeadroom.of(limiter);
                    int granted = grantedUntilRefused(limiter);
                    String at = "perSecond=" + perSecond + " offsetMs=" + offsetMs + " wait=" + wait;
                    assertTrue(promised <= granted, "never more than granted: promised " + promised + ", granted " + granted + " " + at);
                    assertTrue(promised >= granted - perSecond, "at most one cycle short: promised " + promised + ", granted "
                            + granted + " " + at);
                }
            }
        }
    }
}
