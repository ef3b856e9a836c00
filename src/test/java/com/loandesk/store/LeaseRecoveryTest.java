package com.loandesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class LeaseRecoveryTest {

    private static final Instant NOW = Instant.parse("2026-11-23T15:00:00Z");
    private Pool pool;
    private TaskStore store;
    private long caseId;
    private long phone;

    @BeforeEach
    void setUp(Vertx vertx) {
        TestDatabase.truncate();
        pool = TestDatabase.pool(vertx, 2);
        store = new TaskStore(pool);
        long borrower = Fixtures.borrower("US-NY", null, "US");
        caseId = Fixtures.overdueCase(borrower);
        phone = Fixtures.mobile(borrower, "+12125550123");
    }

    @AfterEach
    void tearDown() {
        Await.result(pool.close());
    }

    @Test
    void expired_claim_returns_to_the_queue_and_is_claimed_again() {
        long task = Fixtures.task(caseId, phone, "sms", NOW.minus(Duration.ofMinutes(5)));
        Await.result(store.claimDue("dead", NOW, 10, NOW.plus(Duration.ofSeconds(30))));

        Recovered early = Await.result(store.recoverExpiredLeases(NOW.plus(Duration.ofSeconds(29)), "recoverer"));
        assertEquals(new Recovered(0, 0), early, "a live lease must not be recovered");

        Recovered late = Await.result(store.recoverExpiredLeases(NOW.plus(Duration.ofSeconds(31)), "recoverer"));
        assertEquals(new Recovered(1, 0), late);
        assertEquals("pending", Fixtures.text("select state from contact_task where id = ?", task));
        assertNull(Fixtures.text("select claimed_by from contact_task where id = ?", task));
        assertEquals("lease_expired", Fixtures.text("select event from case_history where task_id = ? order by id desc limit 1", task));

        List<Long> again = Await.result(store.claimDue("alive", NOW.plus(Duration.ofMinutes(1)), 10, NOW.plus(Duration.ofMinutes(6))))
                .stream().map(Claim::taskId).toList();
        assertEquals(List.of(task), again);
    }

    @Test
    void heartbeat_keeps_a_lease_alive_past_its_first_expiry() {
        long task = Fixtures.task(caseId, phone, "sms", NOW.minus(Duration.ofMinutes(5)));
        Await.result(store.claimDue("alive", NOW, 10, NOW.plus(Duration.ofSeconds(30))));
        assertEquals(1, Await.result(store.extendLeases("alive", NOW.plus(Duration.ofSeconds(90)))));
        Recovered r = Await.result(store.recoverExpiredLeases(NOW.plus(Duration.ofSeconds(60)), "recoverer"));
        assertEquals(new Recovered(0, 0), r);
        assertEquals("claimed", Fixtures.text("select state from contact_task where id = ?", task));
    }

    @Test
    void clean_stop_releases_claims_that_were_not_gated() {
        long task = Fixtures.task(caseId, phone, "sms", NOW.minus(Duration.ofMinutes(5)));
        Await.result(store.claimDue("leaving", NOW, 10, NOW.plus(Duration.ofMinutes(5))));
        assertEquals(1, Await.result(store.releaseClaims("leaving", NOW)));
        assertEquals("pending", Fixtures.text("select state from contact_task where id = ?", task));
    }
}
