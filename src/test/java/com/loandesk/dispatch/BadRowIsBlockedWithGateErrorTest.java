package com.loandesk.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.rules.ContactGate;
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

/**
 * One bad row blocks its own task with GATE_ERROR and the exception in its history; its batch-mates are judged and
 * sent. Before, the exception failed the claim transaction, and the same tasks were first in line again for ever.
 */
@ExtendWith(VertxExtension.class)
class BadRowIsBlockedWithGateErrorTest {

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder");
    }

    private static long smsTask(long borrower, SettableClock clock) {
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+1212555" + String.format("%04d", borrower % 10000));
        return Fixtures.task(caseId, phone, "sms", clock.instant());
    }

    @Test
    void an_unknown_zone_an_unknown_ledger_channel_and_a_throwing_rule_each_block_one_task_while_the_others_are_sent(Vertx vertx) {
        SettableClock clock = SettableClock.at("2026-11-23T15:00:00Z"); // 10:00 in New York
        long marsZone = smsTask(Fixtures.borrower("US-NY", "Mars/Olympus_Mons", "US"), clock);
        long faxLedger = smsTask(Fixtures.borrower("US-NY", null, "US"), clock);
        TestDatabase.exec("""
                insert into contact_attempt (borrower_id, case_id, contact_point_id, channel, point_kind, outcome, at)
                select c.borrower_id, c.id, t.contact_point_id, 'fax', 'mobile', 'pending', timestamptz '2026-11-23T09:00:00Z'
                  from contact_task t join collection_case c on c.id = t.case_id where t.id = %d
                """.formatted(faxLedger));
        long throwing = smsTask(Fixtures.borrower("US-NY", null, "US"), clock);
        long good1 = smsTask(Fixtures.borrower("US-NY", null, "US"), clock);
        long good2 = smsTask(Fixtures.borrower("US-NY", null, "US"), clock);
        ContactGate rules = Gates.localHoursAndDailyCap("lender-practice", LocalWindow.parse("08:00", "21:00"), 2);
        ContactGate gate = (context, now) -> {
            if (context.request().taskId() == throwing) {
                throw new IllegalStateException("a rule fell over");
            }
            return rules.check(context, now);
        };

        try (var h = DispatchHarness.start(vertx, gate, clock, DispatchHarness.fastConfig(), DispatchHarness.simulators(vertx), "d-bad")) {
            h.awaitSettled(5);
        }
        for (long ok : new long[] {good1, good2}) {
            assertEquals("sent", Fixtures.text("select state from contact_task where id = ?", ok));
        }
        String[][] expected = {{String.valueOf(marsZone), "Mars/Olympus_Mons"}, {String.valueOf(faxLedger), "unknown channel 'fax'"},
                {String.valueOf(throwing), "a rule fell over"}};
        for (String[] e : expected) {
            long task = Long.parseLong(e[0]);
            assertEquals("blocked GATE_ERROR", Fixtures.text("select state || ' ' || block_rule from contact_task where id = ?", task));
            String error = Fixtures.text("select detail->>'error' from case_history where task_id = ? and event = 'blocked' "
                    + "and rule_id = 'GATE_ERROR'", task);
            assertTrue(error != null && error.contains(e[1]), "task " + task + " history: " + error);
        }
        assertEquals(0, Fixtures.count("select count(*) from contact_attempt where task_id in (?, ?, ?)", marsZone, faxLedger, throwing),
                "a blocked task is never on the ledger");
    }

    @Test
    void an_unreadable_consent_row_blocks_only_its_borrowers_task(Vertx vertx) {
        SettableClock clock = SettableClock.at("2026-11-23T15:00:00Z"); // 10:00 in New York
        long badBorrower = Fixtures.borrower("US-NY", null, "US");
        long bad = smsTask(badBorrower, clock);
        long good = smsTask(Fixtures.borrower("US-NY", null, "US"), clock);
        // a row an older version or a hand edit left behind: the schema's check would refuse it today
        TestDatabase.exec("alter table consent drop constraint consent_channel_check");
        try {
            TestDatabase.exec("insert into consent (borrower_id, purpose, channel, granted_at, source, recorded_by) values ("
                    + badBorrower + ", 'automated_contact', 'fax', timestamptz '2026-01-01T00:00:00Z', 'form', 'test')");
            ContactGate gate = Gates.localHoursAndDailyCap("lender-practice", LocalWindow.parse("08:00", "21:00"), 2);
            try (var h = DispatchHarness.start(vertx, gate, clock, DispatchHarness.fastConfig(), DispatchHarness.simulators(vertx), "d-consent")) {
                h.awaitSettled(2);
            }
        } finally {
            TestDatabase.exec("delete from consent where channel = 'fax'");
            TestDatabase.exec("alter table consent add constraint consent_channel_check check (channel in ('sms', 'voice', 'email'))");
        }
        assertEquals("sent", Fixtures.text("select state from contact_task where id = ?", good));
        assertEquals("blocked GATE_ERROR", Fixtures.text("select state || ' ' || block_rule from contact_task where id = ?", bad));
        String error = Fixtures.text("select detail->>'error' from case_history where task_id = ? and rule_id = 'GATE_ERROR'", bad);
        assertTrue(error != null && error.contains("consent row"), error);
    }
}
