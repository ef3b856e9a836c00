package com.loandesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.rules.Channel;
import com.loandesk.rules.Decision;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class LeaseRecoveryTest {

    private static final Instant NOW = Instant.parse("2026-11-23T15:00:00Z");
    private Pool pool;
    private TaskStore store;
    private long task;

    @BeforeEach
    void setUp(Vertx vertx) {
        TestDatabase.truncate();
        pool = TestDatabase.pool(vertx, 2);
        store = new TaskStore(pool);
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550123");
        task = Fixtures.task(caseId, phone, "sms", NOW.minus(Duration.ofMinutes(5)));
        Await.result(store.claimAndGate("owner", Channel.SMS, NOW, 10, NOW.plus(Duration.ofSeconds(30)),
                NOW.minus(Duration.ofDays(31)), in -> in.tasks().stream().map(t -> new Gated(t, Decision.allow("test"), "{}")).toList()));
    }

    @AfterEach
    void tearDown() {
        Await.result(pool.close());
    }

    @Test
    void live_lease_is_left_alone() {
        assertEquals(0, Await.result(store.recoverExpiredLeases(NOW.plus(Duration.ofSeconds(29)), "recoverer")));
        assertEquals("sending", Fixtures.text("select state from contact_task where id = ?", task));
    }

    @Test
    void expired_send_lease_turns_the_task_unknown_with_history() {
        assertEquals(1, Await.result(store.recoverExpiredLeases(NOW.plus(Duration.ofSeconds(31)), "recoverer")));
        assertEquals("unknown", Fixtures.text("select state from contact_task where id = ?", task));
        assertEquals("recoverer", Fixtures.text("select actor from case_history where task_id = ? and event = 'unknown'", task));
        assertEquals(0, Await.result(store.recoverExpiredLeases(NOW.plus(Duration.ofSeconds(32)), "recoverer")),
                "recovery is idempotent");
    }

    @Test
    void heartbeat_keeps_a_lease_alive_past_its_first_expiry() {
        assertEquals(1, Await.result(store.extendLeases("owner", java.util.List.of(task), NOW.plus(Duration.ofSeconds(90)))));
        assertEquals(0, Await.result(store.extendLeases("someone-else", java.util.List.of(task), NOW.plus(Duration.ofSeconds(90)))));
        assertEquals(0, Await.result(store.recoverExpiredLeases(NOW.plus(Duration.ofSeconds(60)), "recoverer")));
        assertEquals("sending", Fixtures.text("select state from contact_task where id = ?", task));
    }

    @Test
    void heartbeat_renews_only_the_tasks_it_names() {
        assertEquals(0, Await.result(store.extendLeases("owner", java.util.List.of(task + 1000), NOW.plus(Duration.ofSeconds(90)))));
        assertEquals(1, Await.result(store.recoverExpiredLeases(NOW.plus(Duration.ofSeconds(31)), "recoverer")),
                "a lease the heart-beat was not asked to renew runs out");
    }
}
