package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.auth.Role;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Unknown e-mail and click-to-call tasks, which no provider can be asked about, are listed for compliance and admin
 * and settled by a person (sent / not sent, with a reason), in the history and the access audit. Until then they
 * stay on the cap ledger.
 */
@ExtendWith(VertxExtension.class)
class UnknownSendsAreSettledByAPersonTest {

    private ApiHarness api;
    private String compliance;
    private String scheduler;
    private long email;
    private long click;
    private long sms;

    @BeforeEach
    void start(Vertx vertx) {
        api = ApiHarness.start(vertx);
        compliance = api.tokenFor("carol", Role.COMPLIANCE);
        scheduler = api.tokenFor("sam", Role.SCHEDULER);
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        email = unknown(caseId, Fixtures.email(borrower, "ada.lovelace@example.com"), "email", "reminder");
        long phone = Fixtures.mobile(borrower, "+12125550188");
        click = unknown(caseId, phone, "voice", "click-to-call");
        sms = unknown(caseId, phone, "sms", "reminder");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** A task whose one send may or may not have gone: 'unknown', its contact on the ledger. */
    private static long unknown(long caseId, long point, String channel, String template) {
        long task = Fixtures.task(caseId, point, channel, Instant.parse("2026-11-23T15:00:00Z"));
        TestDatabase.exec("update contact_task set state = 'unknown', attempts = 1, template = '" + template + "' where id = " + task);
        TestDatabase.exec("""
                insert into contact_attempt (borrower_id, case_id, contact_point_id, task_id, attempt_no, channel, point_kind, outcome, at)
                select c.borrower_id, c.id, t.contact_point_id, t.id, 1, t.channel, p.kind, 'pending', timestamptz '2026-11-23T15:00:00Z'
                  from contact_task t join collection_case c on c.id = t.case_id join contact_point p on p.id = t.contact_point_id
                 where t.id = %d
                """.formatted(task));
        return task;
    }

    private static long ledger(long task) {
        return Fixtures.count("select count(*) from contact_attempt where task_id = ?", task);
    }

    @Test
    void compliance_lists_the_unknown_email_and_click_to_call_masked_and_other_roles_cannot() {
        var r = api.get("/api/unknown-tasks", compliance);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonArray tasks = r.bodyAsJsonObject().getJsonArray("tasks");
        assertEquals(2, tasks.size(), "the SMS is Twilio's to reconcile: " + tasks.encode());
        assertEquals(java.util.Set.of(email, click), java.util.Set.of(tasks.getJsonObject(0).getLong("taskId"),
                tasks.getJsonObject(1).getLong("taskId")));
        assertFalse(r.bodyAsString().contains("ada.lovelace"), "contact values are masked: " + r.bodyAsString());
        assertFalse(r.bodyAsString().contains("2125550188"), r.bodyAsString());
        assertEquals(403, api.get("/api/unknown-tasks", scheduler).statusCode());
        assertEquals(403, api.post("/api/tasks/" + email + "/settle", scheduler,
                new JsonObject().put("outcome", "sent").put("reason", "relay log shows it")).statusCode());
        assertEquals("unknown", Fixtures.text("select state from contact_task where id = ?", email));
    }

    @Test
    void an_email_settled_not_sent_goes_back_through_the_gate_off_the_ledger_with_who_and_why() {
        assertEquals(1, ledger(email), "until settled, the unknown e-mail counts against the caps");
        var r = api.post("/api/tasks/" + email + "/settle", compliance,
                new JsonObject().put("outcome", "not_sent").put("reason", "relay log: rejected at DATA, never queued"));
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals("pending", r.bodyAsJsonObject().getString("state"));
        assertEquals("pending", Fixtures.text("select state from contact_task where id = ?", email));
        assertEquals(0, ledger(email));
        assertEquals("carol not_sent relay log: rejected at DATA, never queued", Fixtures.text(
                "select actor || ' ' || (detail->>'outcome') || ' ' || (detail->>'reason') from case_history "
                        + "where task_id = ? and event = 'settled'", email));
        assertEquals(1, Fixtures.count("select count(*) from access_audit where action = 'unknown_settled' and actor = 'carol' "
                + "and target = ?", "task:" + email));
        assertEquals(409, api.post("/api/tasks/" + email + "/settle", compliance,
                new JsonObject().put("outcome", "sent").put("reason", "twice")).statusCode(), "settled once");
    }

    @Test
    void a_click_to_call_settled_sent_is_sent_and_stays_on_the_ledger() {
        var r = api.post("/api/tasks/" + click + "/settle", compliance,
                new JsonObject().put("outcome", "sent").put("reason", "the collector says the call connected"));
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals("sent", Fixtures.text("select state from contact_task where id = ?", click));
        assertEquals(1, ledger(click));
        assertTrue(api.get("/api/unknown-tasks", compliance).bodyAsJsonObject().getJsonArray("tasks").stream()
                .noneMatch(t -> ((JsonObject) t).getLong("taskId") == click));
    }

    @Test
    void bad_settlements_change_nothing() {
        assertEquals(409, api.post("/api/tasks/" + sms + "/settle", compliance,
                new JsonObject().put("outcome", "sent").put("reason", "x")).statusCode(), "Twilio's unknowns are reconciled, not settled");
        assertEquals(404, api.post("/api/tasks/999999/settle", compliance,
                new JsonObject().put("outcome", "sent").put("reason", "x")).statusCode());
        assertEquals(400, api.post("/api/tasks/" + email + "/settle", compliance, new JsonObject().put("outcome", "sent")).statusCode(),
                "a reason is required");
        assertEquals(400, api.post("/api/tasks/" + email + "/settle", compliance,
                new JsonObject().put("outcome", "maybe").put("reason", "x")).statusCode());
        assertEquals("unknown", Fixtures.text("select state from contact_task where id = ?", email));
        assertEquals("unknown", Fixtures.text("select state from contact_task where id = ?", sms));
        assertEquals(0, Fixtures.count("select count(*) from case_history where event = 'settled'"));
        assertEquals(0, Fixtures.count("select count(*) from access_audit where action = 'unknown_settled'"));
    }
}
