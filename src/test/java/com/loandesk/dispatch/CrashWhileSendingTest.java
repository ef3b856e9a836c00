package com.loandesk.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.rules.Decision;
import com.loandesk.store.Gated;
import com.loandesk.store.TaskStore;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A dispatcher that marked a task 'sending' and died before the provider answered: the task must
 * never be sent again blindly. It becomes 'unknown' when the lease runs out, and no claim takes it.
 */
@ExtendWith(VertxExtension.class)
class CrashWhileSendingTest {

    private static final Instant NOW = Instant.parse("2026-11-23T15:00:00Z");

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
    }

    @Test
    void task_left_sending_by_a_dead_dispatcher_turns_unknown_and_is_never_claimed_again(Vertx vertx) {
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550123");
        long task = Fixtures.task(caseId, phone, "sms", NOW.minus(Duration.ofMinutes(1)));
        Pool pool = TestDatabase.pool(vertx, 2);
        TaskStore store = new TaskStore(pool);

        // the dead dispatcher: claimed and gated (allowed, marked sending), then nothing
        List<Gated> gated = Await.result(store.claimAndGate("dead", com.loandesk.rules.Channel.SMS, NOW, 10,
                NOW.plus(Duration.ofSeconds(30)), NOW.minus(Duration.ofDays(31)),
                input -> input.tasks().stream().map(t -> new Gated(t, Decision.allow("test"), "{}")).toList()));
        assertEquals(1, gated.size());
        assertEquals("sending", Fixtures.text("select state from contact_task where id = ?", task));
        assertEquals(1, Fixtures.count("select count(*) from contact_attempt where task_id = ?", task),
                "the contact must count against the caps from the moment it is marked sending");

        Instant afterLease = NOW.plus(Duration.ofSeconds(31));
        assertEquals(1, Await.result(store.recoverExpiredLeases(afterLease, "recoverer")));
        assertEquals("unknown", Fixtures.text("select state from contact_task where id = ?", task));
        assertTrue(Fixtures.text("select detail::text from case_history where task_id = ? and event = 'unknown'", task)
                .contains("lease expired while sending"));

        // nothing hands it out again, and a late answer from the dead owner cannot overwrite 'unknown'
        assertEquals(List.of(), Await.result(store.claimAndGate("alive", com.loandesk.rules.Channel.SMS,
                afterLease.plus(Duration.ofHours(1)), 10, afterLease.plus(Duration.ofHours(2)), NOW,
                input -> input.tasks().stream().map(t -> new Gated(t, Decision.allow("test"), "{}")).toList())));
        int written = Await.result(store.complete(List.of(new com.loandesk.store.Completion(task, 1, "sent", "SM1", null,
                null, true, "{}", null)), "dead", afterLease));
        assertEquals(0, written);
        assertEquals("unknown", Fixtures.text("select state from contact_task where id = ?", task));
        Await.result(pool.close());
    }
}
