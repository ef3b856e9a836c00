package com.loandesk.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.rules.PolicyBook;
import com.loandesk.testsupport.DispatchHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.RecordingChannel;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lender's house policy (the shipped lender-practice, as production configures it) judged together
 * with each jurisdiction's law, on real tasks: a contact goes only when both allow it, and the history
 * keeps what each said.
 */
@ExtendWith(VertxExtension.class)
class HousePolicyOverTheLawTest {

    private static final PolicyBook POLICIES = com.loandesk.policies.PolicyFiles.load(Path.of("conf/policies"), "lender-practice");

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder");
    }

    private static JsonObject detail(long task, String event) {
        return new JsonObject(Fixtures.text("select detail::text from case_history where task_id = ? and event = ?", task, event));
    }

    @Test
    void cn_sms_at_21_05_shanghai_is_deferred_by_the_house_hours_though_the_law_allows_it(Vertx vertx) {
        SettableClock clock = SettableClock.at("2026-11-23T13:05:00Z"); // 21:05 in Shanghai: cn bans only 22:00-08:00
        long borrower = Fixtures.borrower("CN-31", "Asia/Shanghai", "CN");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+8613800138000");
        long task = Fixtures.task(caseId, phone, "sms", clock.instant().minus(Duration.ofMinutes(1)));
        var recording = RecordingChannel.all();
        try (var h = DispatchHarness.start(vertx, POLICIES, clock, DispatchHarness.fastConfig(), recording, "d")) {
            h.awaitSettled(1);
        }
        assertEquals("deferred", Fixtures.text("select state from contact_task where id = ?", task));
        assertEquals("QUIET_HOURS", Fixtures.text("select rule_id from case_history where task_id = ? and event = 'deferred'", task));
        assertEquals("lender-practice", Fixtures.text("select policy from case_history where task_id = ? and event = 'deferred'", task));
        assertEquals("2026-11-24 00:00:00+00", Fixtures.text("select due_at at time zone 'UTC' || '+00' from contact_task where id = ?", task));
        var verdicts = detail(task, "deferred").getJsonArray("verdicts");
        assertEquals(2, verdicts.size(), verdicts.encode());
        assertEquals("cn", verdicts.getJsonObject(0).getString("policy"));
        assertEquals("allow", verdicts.getJsonObject(0).getString("decision"));
        assertEquals("lender-practice", verdicts.getJsonObject(1).getString("policy"));
        assertEquals("defer", verdicts.getJsonObject(1).getString("decision"));
        assertEquals("QUIET_HOURS", verdicts.getJsonObject(1).getString("rule"));
        assertTrue(((RecordingChannel) recording.get(0)).sent().isEmpty());
    }

    @Test
    void formal_notice_for_800_is_blocked_for_cn_and_us_borrowers_by_the_house_minimum(Vertx vertx) {
        SettableClock clock = SettableClock.at("2026-11-23T15:00:00Z"); // 10:00 in New York, 23:00 in Shanghai
        Fixtures.count("insert into template (code, version, channel, locale, subject, body, formal_notice, approved_by, approved_at) "
                + "values ('notice', 1, 'email', 'en', 'Formal notice', '{{lenderName}}: {{amount}} {{currency}} is overdue.', "
                + "true, 'compliance-test', ?) returning id", Timestamp.from(clock.instant().minus(Duration.ofDays(1))));
        long cn = Fixtures.borrower("CN-31", "Asia/Shanghai", "CN");
        long us = Fixtures.borrower("US-NY", null, "US");
        long[] tasks = new long[2];
        int i = 0;
        for (long b : new long[] {cn, us}) {
            long caseId = Fixtures.caseFor(b, "middle", "overdue", "800.00");
            long mail = Fixtures.email(b, "borrower" + b + "@example.com");
            tasks[i++] = Fixtures.count("insert into contact_task (case_id, contact_point_id, channel, template, due_at) "
                    + "values (?, ?, 'email', 'notice', ?) returning id", caseId, mail,
                    Timestamp.from(clock.instant().minus(Duration.ofMinutes(1))));
        }
        var recording = RecordingChannel.all();
        try (var h = DispatchHarness.start(vertx, POLICIES, clock, DispatchHarness.fastConfig(), recording, "d")) {
            h.awaitSettled(2);
        }
        for (long task : tasks) {
            assertEquals("blocked", Fixtures.text("select state from contact_task where id = ?", task));
            assertEquals("LETTER_MIN_BALANCE", Fixtures.text("select block_rule from contact_task where id = ?", task));
            assertEquals("lender-practice", Fixtures.text("select policy from case_history where task_id = ? and event = 'blocked'", task));
        }
        assertTrue(((RecordingChannel) recording.get(2)).sent().isEmpty());
    }

    @Test
    void cn_call_after_30_minutes_of_talk_today_waits_for_tomorrow_naming_the_binding_rule_and_the_other(Vertx vertx) {
        SettableClock clock = SettableClock.at("2026-11-23T03:00:00Z"); // 11:00 in Shanghai
        long borrower = Fixtures.borrower("CN-31", "Asia/Shanghai", "CN");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+8613800138001");
        Fixtures.count("insert into contact_attempt (borrower_id, case_id, contact_point_id, channel, at, connected, conversation, "
                + "duration_s, outcome) values (?, ?, ?, 'voice', ?, true, true, 1800, 'answered') returning id",
                borrower, caseId, phone, Timestamp.from(clock.instant().minus(Duration.ofHours(1))));
        long task = Fixtures.task(caseId, phone, "voice", clock.instant().minus(Duration.ofMinutes(1)));
        var recording = RecordingChannel.all();
        try (var h = DispatchHarness.start(vertx, POLICIES, clock, DispatchHarness.fastConfig(), recording, "d")) {
            h.awaitSettled(1);
        }
        assertEquals("deferred", Fixtures.text("select state from contact_task where id = ?", task));
        // talk time frees the call at midnight Shanghai; the hours then take it to 08:00: the hours bind
        assertEquals("QUIET_HOURS", Fixtures.text("select rule_id from case_history where task_id = ? and event = 'deferred'", task));
        assertEquals("2026-11-24 00:00:00+00", Fixtures.text("select due_at at time zone 'UTC' || '+00' from contact_task where id = ?", task));
        JsonObject d = detail(task, "deferred");
        assertEquals("2026-11-24T00:00:00Z", d.getString("until"));
        var also = d.getJsonArray("also");
        assertEquals(1, also.size(), d.encode());
        assertEquals("TALK_TIME_PER_DAY", also.getJsonObject(0).getString("rule"));
        assertEquals("lender-practice", also.getJsonObject(0).getString("policy"));
        assertEquals("2026-11-23T16:00:00Z", also.getJsonObject(0).getString("until"));
        assertTrue(d.getString("reason").contains("22:00") || d.getString("reason").contains("08:00"), d.encode());
        assertTrue(((RecordingChannel) recording.get(1)).sent().isEmpty());
    }
}
