package com.loandesk.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The retry budget on a clock the test moves: what first attempts and the floor earn, and nothing more. */
class RetryBudgetTest {

    private long now;

    @Test
    void no_retry_before_anything_is_earned_then_one_per_five_first_attempts_at_20_percent() {
        RetryBudget budget = new RetryBudget(20, 1, () -> now);
        assertFalse(budget.tryRetry(), "nothing earned yet");
        for (int i = 0; i < 4; i++) {
            budget.firstAttempt();
        }
        assertFalse(budget.tryRetry(), "four first attempts earn 0.8 of a retry");
        budget.firstAttempt();
        assertTrue(budget.tryRetry(), "the fifth completes one");
        assertFalse(budget.tryRetry(), "and it is spent");
        assertEquals(1, budget.retries.sum());
        assertEquals(5, budget.firstAttempts.sum());
    }

    @Test
    void a_send_refused_before_any_request_left_earns_nothing_and_gives_back_the_retry_it_took() {
        RetryBudget budget = new RetryBudget(20, 1, () -> now);
        for (int i = 0; i < 5; i++) {
            budget.firstAttempt();
        }
        budget.notStarted(false);
        assertFalse(budget.tryRetry(), "four first attempts went: 0.8 of a retry");
        budget.firstAttempt();
        assertTrue(budget.tryRetry(), "the fifth completes one");
        budget.notStarted(true);
        assertTrue(budget.tryRetry(), "the retry that never left is given back");
        assertEquals(5, budget.firstAttempts.sum());
        assertEquals(1, budget.retries.sum());
    }

    @Test
    void the_floor_earns_retries_with_time_alone_and_saves_up_at_most_a_second_of_them() {
        RetryBudget budget = new RetryBudget(0, 10, () -> now);
        assertEquals(100, budget.millisToNextRetry(), "10 a second: one every 100 ms");
        now += TimeUnit.MILLISECONDS.toNanos(99);
        assertFalse(budget.tryRetry());
        now += TimeUnit.MILLISECONDS.toNanos(1);
        assertTrue(budget.tryRetry());
        now += TimeUnit.SECONDS.toNanos(60);
        int spent = 0;
        while (budget.tryRetry()) {
            spent++;
        }
        assertEquals(10, spent, "a minute idle saves up only the floor's second");
    }
}
