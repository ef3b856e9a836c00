package com.loandesk.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.rules.Gates;
import com.loandesk.rules.LocalWindow;
import com.loandesk.testsupport.DispatchHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DailyCapTest {

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder");
    }

    @Test
    void third_contact_of_the_local_day_waits_for_the_next_local_morning(Vertx vertx) {
        SettableClock clock = SettableClock.at("2026-11-23T15:00:00Z"); // 10:00 in New York
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseA = Fixtures.overdueCase(borrower);
        long caseB = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550123");
        long mail = Fixtures.email(borrower, "b@example.com");
        Instant due = clock.instant().minus(Duration.ofMinutes(1));
        // three contacts due at once, across two cases and two channels: the cap counts the borrower
        Fixtures.task(caseA, phone, "sms", due);
        Fixtures.task(caseB, phone, "voice", due);
        Fixtures.task(caseB, mail, "email", due);

        try (var h = DispatchHarness.start(vertx, Gates.localHoursAndDailyCap("lender-practice",
                LocalWindow.parse("08:00", "21:00"), 2), clock, DispatchHarness.fastConfig(),
                DispatchHarness.simulators(vertx), "d1")) {
            h.awaitSettled(3);
        }
        assertEquals(2, Fixtures.count("select count(*) from contact_task where state = 'sent'"));
        assertEquals(1, Fixtures.count("select count(*) from contact_task where state = 'deferred'"));
        // the cap keeps it from today; the hours set the time it waits for, so they bind and the cap is listed beside
        assertEquals("QUIET_HOURS", Fixtures.text("select rule_id from case_history where event = 'deferred'"));
        assertEquals("DAILY_CAP", Fixtures.text("select detail->'also'->0->>'rule' from case_history where event = 'deferred'"));
        // next local day starts at 00:00 EST = 05:00Z, and the window opens at 08:00 EST = 13:00Z
        assertEquals("2026-11-24 13:00:00+00", Fixtures.text(
                "select to_char(due_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00' from contact_task where state = 'deferred'"));
        assertEquals(2, Fixtures.count("select count(*) from contact_attempt where borrower_id = ?", borrower));
    }

    @Test
    void contacts_of_an_earlier_local_day_do_not_count(Vertx vertx) {
        SettableClock clock = SettableClock.at("2026-11-23T15:00:00Z");
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550123");
        // two contacts at 23:00 New York time the evening before (04:00Z today) — yesterday, locally
        TestDatabase.exec("insert into contact_attempt (borrower_id, case_id, contact_point_id, channel, at) values "
                + "(" + borrower + ", " + caseId + ", " + phone + ", 'sms', '2026-11-23T03:59:00Z'),"
                + "(" + borrower + ", " + caseId + ", " + phone + ", 'sms', '2026-11-23T04:00:00Z')");
        Fixtures.task(caseId, phone, "sms", clock.instant().minus(Duration.ofMinutes(1)));
        try (var h = DispatchHarness.start(vertx, Gates.localHoursAndDailyCap("lender-practice",
                LocalWindow.parse("08:00", "21:00"), 2), clock, DispatchHarness.fastConfig(),
                DispatchHarness.simulators(vertx), "d1")) {
            h.awaitSettled(1);
        }
        assertEquals("sent", Fixtures.text("select state from contact_task where case_id = ?", caseId));
    }
}
