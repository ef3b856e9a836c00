package com.loandesk.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.rules.DailyCapRule;
import com.loandesk.rules.Gates;
import com.loandesk.rules.LocalWindow;
import com.loandesk.testsupport.DispatchHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An e-mail whose send is unknown counts against the caps until a person settles it: the cautious side. */
@ExtendWith(VertxExtension.class)
class UnknownEmailCountsAgainstTheCapTest {

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder");
    }

    @Test
    void a_second_email_the_day_an_unknown_one_may_have_gone_is_deferred_by_a_daily_cap_of_one(Vertx vertx) {
        SettableClock clock = SettableClock.at("2026-11-23T15:00:00Z"); // 10:00 in New York
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long point = Fixtures.email(borrower, "cautious@example.com");
        long unknown = Fixtures.task(caseId, point, "email", clock.instant().minusSeconds(3600));
        TestDatabase.exec("update contact_task set state = 'unknown', attempts = 1 where id = " + unknown);
        TestDatabase.exec("""
                insert into contact_attempt (borrower_id, case_id, contact_point_id, task_id, attempt_no, channel, point_kind, outcome, at)
                values (%d, %d, %d, %d, 1, 'email', 'email', 'pending', timestamptz '2026-11-23T14:00:00Z')
                """.formatted(borrower, caseId, point, unknown));
        long second = Fixtures.task(caseId, point, "email", clock.instant());

        try (var h = DispatchHarness.start(vertx, Gates.localHoursAndDailyCap("lender-practice", LocalWindow.parse("08:00", "21:00"), 1),
                clock, DispatchHarness.fastConfig(), DispatchHarness.simulators(vertx), "d-cap")) {
            h.awaitSettled(1);
        }
        // the cap keeps it from today; tomorrow's hours then set its time, so they bind and the cap is listed beside
        assertEquals("deferred QUIET_HOURS", Fixtures.text("select state || ' ' || block_rule from contact_task where id = ?", second));
        assertEquals(DailyCapRule.ID, Fixtures.text("select detail->'also'->0->>'rule' from case_history where task_id = ? "
                + "and event = 'deferred'", second));
        assertEquals("unknown", Fixtures.text("select state from contact_task where id = ?", unknown), "never resent by itself");
    }
}
