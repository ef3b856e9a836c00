package com.loandesk.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.bench.ChaosRun;
import com.loandesk.bench.CrashSeed;
import com.loandesk.bench.ProviderOutage;
import com.loandesk.store.DatabaseTarget;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider fails in the middle of a wave: 503 for a stretch (every third create processed all the
 * same, the ambiguous 5xx), then a 429 storm, then it recovers. The real service, against the fake.
 */
class ProviderOutageTest {

    private static final int TASKS = 1500;
    private DatabaseTarget db;

    @BeforeEach
    void seed() throws Exception {
        db = ChaosDatabase.named("outage");
        CrashSeed.seed(db, TASKS);
    }

    @AfterEach
    void drop() {
        ChaosDatabase.drop(db);
    }

    @Test
    void an_outage_then_a_429_storm_defers_everything_and_after_recovery_each_task_is_sent_exactly_once() throws Exception {
        ChaosRun.Report r = ProviderOutage.run(db, TASKS, 300, Duration.ofSeconds(2), Duration.ofSeconds(2), 0.2,
                Duration.ofSeconds(50));
        String why = r.line() + " " + r.check().examples();
        assertTrue(r.check().clean(), "nothing lost, doubled, failed or left open: " + why);
        assertTrue(r.postsByStatus().getOrDefault(503, 0L) > 0 && r.postsByStatus().getOrDefault(429, 0L) > 0,
                "the outage and the storm were met: " + why);
        assertTrue(r.created() > r.postsByStatus().getOrDefault(201, 0L),
                "some 503s had created their message; reconciliation found them instead of resending: " + why);
        assertTrue(r.breakerOpened(), "the circuit breaker opened: " + why);
        assertTrue(r.attemptsWithoutRequest() == 0, "no task was charged an attempt that made no request: " + why);
        assertTrue(r.retries() <= r.retryBound(), "retries within the budget: " + why);
        assertTrue(r.posts() <= TASKS + r.retryBound(), "POSTs within tasks + the retry budget: " + why);
        // reconciliation runs every second; while the provider is down a pass stops at its first list
        assertTrue(r.lists() <= r.check().unknownReconciled() + (long) Math.ceil(r.seconds()) + 1,
                "one list per unknown task, plus at most one failed list per pass: " + why);
    }
}
