package com.loandesk.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.rules.Channel;
import com.loandesk.rules.Gates;
import com.loandesk.rules.LocalWindow;
import com.loandesk.store.NewTask;
import com.loandesk.store.TaskStore;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.DispatchHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A due task goes all the way: claimed, gated, marked sending, sent, and every step is in the case history. */
@ExtendWith(VertxExtension.class)
class PipelineTest {

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder");
    }

    @Test
    void due_task_is_sent_and_its_history_tells_every_step(Vertx vertx) {
        SettableClock clock = SettableClock.at("2026-11-23T15:00:00Z"); // 10:00 in New York
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550123");
        Pool setup = TestDatabase.pool(vertx, 1);
        Await.result(new TaskStore(setup).enqueue(List.of(new NewTask(caseId, phone, Channel.SMS, "reminder", null,
                clock.instant(), null, "scheduler")), clock.instant()));
        Await.result(setup.close());

        try (var h = DispatchHarness.start(vertx, Gates.localHoursAndDailyCap("lender-practice",
                LocalWindow.parse("08:00", "21:00"), 2), clock, DispatchHarness.fastConfig(),
                DispatchHarness.simulators(vertx), "d1")) {
            h.awaitSettled(1);
            long taskId = Fixtures.count("select id from contact_task where case_id = ?", caseId);
            assertEquals("task_created,sending,sent",
                    Fixtures.text("select string_agg(event, ',' order by at, id) from case_history where task_id = ?", taskId));
            assertEquals("scheduler", Fixtures.text("select actor from case_history where task_id = ? and event = 'task_created'", taskId));
            assertEquals("lender-practice|d1",
                    Fixtures.text("select policy || '|' || actor from case_history where task_id = ? and event = 'sending'", taskId));
            String providerRef = Fixtures.text("select provider_ref from case_history where task_id = ? and event = 'sent'", taskId);
            assertTrue(providerRef.startsWith("SIMSMS"), providerRef);
            assertEquals("sent", Fixtures.text("select state from contact_task where case_id = ?", caseId));
            assertEquals(providerRef, Fixtures.text("select provider_ref from contact_task where case_id = ?", caseId));
            assertEquals(1, Fixtures.count("select count(*) from contact_attempt where case_id = ?", caseId));
        }
    }

    @Test
    void history_refuses_updates_and_deletes() {
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        TestDatabase.exec("insert into case_history (case_id, at, event, actor) values (" + caseId + ", now(), 'note', 'test')");
        var update = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> TestDatabase.exec("update case_history set event = 'forged'"));
        assertTrue(update.getMessage().contains("append-only"), update.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> TestDatabase.exec("delete from case_history"));
        assertEquals(1, Fixtures.count("select count(*) from case_history where event = 'note'"));
    }
}
