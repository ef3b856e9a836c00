package com.loandesk.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.channel.ContactChannel;
import com.loandesk.rules.PolicyBook;
import com.loandesk.testsupport.DispatchHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.RecordingChannel;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shipped presets deciding real tasks, with the facts the store reads under the borrower's lock. */
@ExtendWith(VertxExtension.class)
class PoliciesInThePipelineTest {

    /** As production configures it: each jurisdiction's preset with the lender's practice on top. */
    private static final PolicyBook POLICIES = com.loandesk.policies.PolicyFiles.load(Path.of("conf/policies"), "lender-practice");
    private final SettableClock clock = SettableClock.at("2026-11-23T15:00:00Z"); // 10:00 in New York

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder");
    }

    @Test
    void two_dispatchers_at_once_never_take_a_massachusetts_debt_past_two_calls_in_seven_days(Vertx vertx) {
        long borrower = Fixtures.borrower("US-MA", null, "US-MA");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+16175550123");
        Instant due = clock.instant().minus(Duration.ofMinutes(1));
        for (int i = 0; i < 12; i++) {
            Fixtures.task(caseId, phone, "voice", due);
        }
        try (var a = DispatchHarness.start(vertx, POLICIES, clock, DispatchHarness.fastConfig(), DispatchHarness.simulators(vertx), "A");
             var b = DispatchHarness.start(vertx, POLICIES, clock, DispatchHarness.fastConfig(), DispatchHarness.simulators(vertx), "B")) {
            com.loandesk.testsupport.Await.until("12 settled", Duration.ofSeconds(30),
                    () -> a.dispatcher.stats().settled() + b.dispatcher.stats().settled() >= 12);
        }
        assertEquals(2, Fixtures.count("select count(*) from contact_task where state = 'sent'"));
        assertEquals(10, Fixtures.count("select count(*) from contact_task where state = 'deferred'"));
        assertEquals(2, Fixtures.count("select count(*) from contact_attempt where borrower_id = ?", borrower));
        assertEquals("us-ma", Fixtures.text("select policy from case_history where event = 'deferred' limit 1"));
    }

    @Test
    void open_dispute_blocks_every_automated_contact_of_the_case(Vertx vertx) {
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550123");
        TestDatabase.exec("insert into case_hold (case_id, kind, reason, set_by, set_at) values (" + caseId
                + ", 'dispute', 'denies the amount', 'compliance-1', now())");
        long task = Fixtures.task(caseId, phone, "voice", clock.instant().minus(Duration.ofMinutes(1)));
        List<ContactChannel> recording = RecordingChannel.all();
        try (var h = DispatchHarness.start(vertx, POLICIES, clock, DispatchHarness.fastConfig(), recording, "d")) {
            h.awaitSettled(1);
        }
        assertEquals("blocked", Fixtures.text("select state from contact_task where id = ?", task));
        assertEquals("HOLD", Fixtures.text("select rule_id from case_history where task_id = ? and event = 'blocked'", task));
        assertEquals("us-reg-f", Fixtures.text("select policy from case_history where task_id = ? and event = 'blocked'", task));
        assertTrue(((RecordingChannel) recording.get(1)).sent().isEmpty());
    }

    @Test
    void unapproved_template_is_blocked_and_an_approved_one_is_sent_rendered(Vertx vertx) {
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550123");
        long approved = Fixtures.task(caseId, phone, "voice", clock.instant().minus(Duration.ofMinutes(2)));
        long draft = Fixtures.count("insert into contact_task (case_id, contact_point_id, channel, template, due_at) "
                + "values (?, ?, 'voice', 'draft-only', ?) returning id", caseId, phone,
                java.sql.Timestamp.from(clock.instant().minus(Duration.ofMinutes(1))));
        List<ContactChannel> recording = RecordingChannel.all();
        try (var h = DispatchHarness.start(vertx, POLICIES, clock, DispatchHarness.fastConfig(), recording, "d")) {
            h.awaitSettled(2);
        }
        assertEquals("blocked", Fixtures.text("select state from contact_task where id = ?", draft));
        assertEquals("UNAPPROVED_TEMPLATE", Fixtures.text("select block_rule from contact_task where id = ?", draft));
        assertEquals("sent", Fixtures.text("select state from contact_task where id = ?", approved));
        var calls = ((RecordingChannel) recording.get(1)).sent();
        assertEquals(1, calls.size());
        assertTrue(calls.get(0).body().startsWith("LoanDesk: Borrower, "), calls.get(0).body());
        assertTrue(calls.get(0).body().contains("1500.00 USD is overdue"), calls.get(0).body());
    }

    @Test
    void borrower_of_an_unknown_jurisdiction_gets_the_strictest_default(Vertx vertx) {
        long borrower = Fixtures.borrower("GB", null, "ZZ");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+447700900123");
        long task = Fixtures.task(caseId, phone, "voice", clock.instant().minus(Duration.ofMinutes(1)));
        try (var h = DispatchHarness.start(vertx, POLICIES, clock, DispatchHarness.fastConfig(), RecordingChannel.all(), "d")) {
            h.awaitSettled(1);
        }
        assertEquals(PolicyBook.STRICTEST + " + lender-practice",
                Fixtures.text("select policy from case_history where task_id = ? and event <> 'task_created' limit 1", task));
    }

    @Test
    void wave_task_outside_the_waves_local_window_waits_for_it_next_morning(Vertx vertx) {
        // 10:00 in New York: inside the policy's hours, outside the wave's 13:00-16:00
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550123");
        long wave = Fixtures.count("insert into wave (name, channel, template, created_by, window_start, window_end) "
                + "values ('afternoon', 'voice', 'reminder', 'scheduler-1', '13:00', '16:00') returning id");
        long task = Fixtures.task(caseId, phone, "voice", clock.instant().minus(Duration.ofMinutes(1)));
        TestDatabase.exec("update contact_task set wave_id = " + wave + " where id = " + task);
        try (var h = DispatchHarness.start(vertx, POLICIES, clock, DispatchHarness.fastConfig(), RecordingChannel.all(), "d")) {
            h.awaitSettled(1);
        }
        assertEquals("deferred", Fixtures.text("select state from contact_task where id = ?", task));
        assertEquals("TASK_WINDOW", Fixtures.text("select rule_id from case_history where task_id = ? and event = 'deferred'", task));
        assertEquals("2026-11-23T13:00-05:00 America/New_York",
                Fixtures.text("select detail->>'untilLocal' from case_history where task_id = ? and event = 'deferred'", task));
    }

    @Test
    void a_stored_number_not_in_e164_form_is_blocked_before_any_provider_is_asked(Vertx vertx) {
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "(212) 555-0123");
        long task = Fixtures.task(caseId, phone, "voice", clock.instant().minus(Duration.ofMinutes(1)));
        List<ContactChannel> recording = RecordingChannel.all();
        try (var h = DispatchHarness.start(vertx, POLICIES, clock, DispatchHarness.fastConfig(), recording, "d")) {
            h.awaitSettled(1);
        }
        assertEquals("blocked", Fixtures.text("select state from contact_task where id = ?", task));
        assertEquals("INVALID_NUMBER", Fixtures.text("select block_rule from contact_task where id = ?", task));
        assertTrue(((RecordingChannel) recording.get(1)).sent().isEmpty());
    }

    @Test
    void a_florida_panhandle_number_with_no_zone_or_address_waits_for_8_00_central_too(Vertx vertx) {
        SettableClock early = SettableClock.at("2026-11-23T13:30:00Z"); // 08:30 in New York, 07:30 in Pensacola
        long borrower = Fixtures.borrower(null, null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+18505550123");
        long task = Fixtures.task(caseId, phone, "voice", early.instant().minus(Duration.ofMinutes(1)));
        try (var h = DispatchHarness.start(vertx, POLICIES, early, DispatchHarness.fastConfig(), RecordingChannel.all(), "d")) {
            h.awaitSettled(1);
        }
        assertEquals("deferred", Fixtures.text("select state from contact_task where id = ?", task));
        assertEquals("QUIET_HOURS", Fixtures.text("select rule_id from case_history where task_id = ? and event = 'deferred'", task));
        assertEquals("2026-11-23T14:00:00Z", Fixtures.text("select detail->>'until' from case_history where task_id = ? and event = 'deferred'", task));
        assertTrue(Fixtures.text("select detail->>'reason' from case_history where task_id = ? and event = 'deferred'", task)
                .contains("area code 850 spans America/New_York and America/Chicago"), "the refusal says why Chicago");
        assertEquals("area_code", Fixtures.text("select detail->>'zonesFrom' from case_history where task_id = ? and event = 'deferred'", task));
        assertEquals("[\"America/New_York\",\"America/Chicago\"]",
                Fixtures.text("select (detail->'zones')::text from case_history where task_id = ? and event = 'deferred'", task).replace(" ", ""));
    }
}
