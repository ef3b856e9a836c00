package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.auth.Role;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Reminder waves through the API, against the real test database: creation and enqueue, refusals, progress, cancel. */
@ExtendWith(VertxExtension.class)
class WavesTest {

    private ApiHarness api;
    private String scheduler;

    @BeforeEach
    void start(Vertx vertx) {
        api = ApiHarness.start(vertx);
        scheduler = api.tokenFor("cron", Role.SCHEDULER);
        Fixtures.approvedTemplates("reminder");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static JsonObject wave(String name, JsonObject selection) {
        return new JsonObject().put("name", name).put("channel", "sms").put("template", "reminder").put("selection", selection)
                .put("window", new JsonObject().put("start", "09:00").put("end", "12:00"));
    }

    private long created(HttpResponse<Buffer> r) {
        assertEquals(201, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getLong("waveId");
    }

    @Test
    void wave_enqueues_one_task_per_matching_case_with_history() {
        long[] busy = Fixtures.earlyCaseWithMobile();
        long[] a = Fixtures.earlyCaseWithMobile();
        long[] b = Fixtures.earlyCaseWithMobile();
        long middle = Fixtures.caseFor(Fixtures.borrower("US-CA", null, "US"), "middle", "overdue", "1500.00");
        long emailOnly = Fixtures.overdueCase(Fixtures.borrower("US-CA", null, "US"));
        Fixtures.email(Fixtures.count("select borrower_id from collection_case where id = ?", emailOnly), "x@example.com");
        long thirdPartyOnly = Fixtures.overdueCase(Fixtures.borrower("US-CA", null, "US"));
        TestDatabase.exec("insert into contact_point (borrower_id, kind, value, role) select borrower_id, 'mobile', '+14155550999', "
                + "'third_party' from collection_case where id = " + thirdPartyOnly);
        TestDatabase.exec("update collection_case set product = 'card' where id = " + busy[0]);

        long first = created(api.post("/api/waves", scheduler, wave("cards", new JsonObject().put("product", "card"))));
        assertEquals(1, Fixtures.count("select count(*) from contact_task where wave_id = ?", first));

        var preview = api.post("/api/waves", scheduler, wave("early", new JsonObject().put("stage", "early")).put("dryRun", true));
        assertEquals(200, preview.statusCode(), preview.bodyAsString());
        assertEquals(2, preview.bodyAsJsonObject().getLong("enqueued"));
        assertEquals(1, preview.bodyAsJsonObject().getLong("skipped"));
        assertEquals(1, Fixtures.count("select count(*) from wave"));

        String notAfter = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        var r = api.post("/api/waves", scheduler, wave("early", new JsonObject().put("stage", "early")).put("notAfter", notAfter)
                .put("ratePerMinute", 600));
        long waveId = created(r);
        assertEquals(2, r.bodyAsJsonObject().getLong("enqueued"));
        assertEquals(1, r.bodyAsJsonObject().getLong("skipped"), "the case busy in the running 'cards' wave is skipped");

        for (long[] c : List.of(a, b)) {
            assertEquals(1, Fixtures.count("select count(*) from contact_task where wave_id = ? and case_id = ? and contact_point_id = ? "
                    + "and channel = 'sms' and template = 'reminder' and state = 'pending' and created_by = 'cron' "
                    + "and not_after = ?::timestamptz and due_at > now() - interval '1 minute' and due_at <= now()",
                    waveId, c[0], c[1], notAfter));
            assertEquals(1, Fixtures.count("select count(*) from case_history h join contact_task t on t.id = h.task_id "
                    + "where h.case_id = ? and t.wave_id = ? and h.event = 'task_created' and h.state = 'pending' "
                    + "and h.actor = 'cron' and (h.detail->>'waveId')::bigint = ?", c[0], waveId, waveId));
        }
        for (long none : new long[] {busy[0], middle, emailOnly, thirdPartyOnly}) {
            assertEquals(0, Fixtures.count("select count(*) from contact_task where wave_id = ? and case_id = ?", waveId, none));
        }
        assertEquals("09:00-12:00|600|2|1", Fixtures.text("select to_char(window_start, 'HH24:MI') || '-' || to_char(window_end, 'HH24:MI') "
                + "|| '|' || rate_per_minute || '|' || enqueued || '|' || skipped from wave where id = ?", waveId));
        assertEquals("cron|created", Fixtures.text("select actor || '|' || event from wave_event where wave_id = ?", waveId));
    }

    @Test
    void wave_without_an_approved_template_is_refused() {
        Fixtures.earlyCaseWithMobile();
        TestDatabase.exec("insert into template (code, version, channel, locale, body) values ('draft', 1, 'sms', 'en', 'hello')");
        TestDatabase.exec("insert into template (code, version, channel, locale, subject, body, approved_by, approved_at) "
                + "values ('mail-only', 1, 'email', 'en', 's', 'hello', 'compliance', now())");
        for (String template : new String[] {"draft", "mail-only", "no-such-template"}) {
            var r = api.post("/api/waves", scheduler, wave("w", new JsonObject().put("stage", "early")).put("template", template));
            assertEquals(409, r.statusCode(), template + ": " + r.bodyAsString());
            assertEquals("conflict", r.bodyAsJsonObject().getString("error"));
            assertTrue(r.bodyAsJsonObject().getString("message").contains(template));
        }
        assertEquals(0, Fixtures.count("select count(*) from wave"));
        assertEquals(0, Fixtures.count("select count(*) from contact_task"));
    }

    @Test
    void cancelled_wave_blocks_its_unsent_tasks_with_WAVE_CANCELLED() {
        long[] sent = Fixtures.earlyCaseWithMobile();
        long[] pending = Fixtures.earlyCaseWithMobile();
        long[] deferred = Fixtures.earlyCaseWithMobile();
        long waveId = created(api.post("/api/waves", scheduler, wave("early", new JsonObject().put("stage", "early"))));
        TestDatabase.exec("update contact_task set state = 'sent' where case_id = " + sent[0]);
        TestDatabase.exec("update contact_task set state = 'deferred', block_rule = 'LOCAL_HOURS' where case_id = " + deferred[0]);

        TestDatabase.exec("update contact_task set due_at = '2030-01-02T14:00:00Z' where case_id = " + deferred[0]);
        var progress = api.get("/api/waves/" + waveId, scheduler).bodyAsJsonObject().getJsonObject("progress");
        assertEquals(new JsonObject().put("LOCAL_HOURS", "2030-01-02T14:00:00Z"), progress.getJsonObject("deferredNext"),
                "when the deferred are due again, by rule");

        var paused = api.post("/api/waves/" + waveId + "/pause", scheduler, new JsonObject());
        assertEquals(200, paused.statusCode(), paused.bodyAsString());
        assertEquals("paused", Fixtures.text("select state from wave where id = ?", waveId));
        assertEquals(409, api.post("/api/waves/" + waveId + "/pause", scheduler, new JsonObject()).statusCode());
        assertEquals(200, api.post("/api/waves/" + waveId + "/resume", scheduler, new JsonObject()).statusCode());
        assertEquals("running", Fixtures.text("select state from wave where id = ?", waveId));

        var cancel = api.post("/api/waves/" + waveId + "/cancel", scheduler, new JsonObject());
        assertEquals(200, cancel.statusCode(), cancel.bodyAsString());
        assertEquals(2, cancel.bodyAsJsonObject().getLong("blocked"));
        assertEquals("cancelled", Fixtures.text("select state from wave where id = ?", waveId));
        assertEquals("sent|", Fixtures.text("select state || '|' || coalesce(block_rule, '') from contact_task where case_id = ?", sent[0]));
        for (long[] c : List.of(pending, deferred)) {
            assertEquals("blocked|WAVE_CANCELLED", Fixtures.text("select state || '|' || block_rule from contact_task where case_id = ?", c[0]));
            assertEquals(1, Fixtures.count("select count(*) from case_history where case_id = ? and event = 'blocked' and state = 'blocked' "
                    + "and rule_id = 'WAVE_CANCELLED' and actor = 'cron' and (detail->>'waveId')::bigint = ?", c[0], waveId));
        }
        assertEquals(0, Fixtures.count("select count(*) from case_history where case_id = ? and event = 'blocked'", sent[0]));
        assertEquals("created,paused,resumed,cancelled", Fixtures.text(
                "select string_agg(event, ',' order by id) from wave_event where wave_id = ? and actor = 'cron'", waveId));
        assertEquals("2", Fixtures.text("select detail->>'blocked' from wave_event where wave_id = ? and event = 'cancelled'", waveId));

        var after = api.get("/api/waves/" + waveId, scheduler).bodyAsJsonObject().getJsonObject("progress");
        assertEquals(0, after.getLong("queued"), "nothing is queued once a wave is cancelled: " + after.encode());
        assertEquals(0, after.getLong("unfed"), "every member had been fed before the cancel");

        assertEquals(409, api.post("/api/waves/" + waveId + "/cancel", scheduler, new JsonObject()).statusCode());
        assertEquals(409, api.post("/api/waves/" + waveId + "/resume", scheduler, new JsonObject()).statusCode());
        assertEquals(404, api.post("/api/waves/999999/cancel", scheduler, new JsonObject()).statusCode());
    }

    @Test
    void collector_cannot_create_a_wave() {
        Fixtures.earlyCaseWithMobile();
        String collector = api.tokenFor("cole", Role.COLLECTOR);
        String compliance = api.tokenFor("carol", Role.COMPLIANCE);
        JsonObject body = wave("early", new JsonObject().put("stage", "early"));
        assertEquals(403, api.post("/api/waves", collector, body).statusCode());
        assertEquals(403, api.post("/api/waves", compliance, body).statusCode());
        assertEquals(401, api.post("/api/waves", null, body).statusCode());
        assertEquals(0, Fixtures.count("select count(*) from wave"));

        long waveId = created(api.post("/api/waves", ApiHarness.ADMIN_TOKEN, body));
        assertEquals(403, api.get("/api/waves", collector).statusCode());
        assertEquals(403, api.post("/api/waves/" + waveId + "/cancel", collector, new JsonObject()).statusCode());
        assertEquals(403, api.post("/api/waves/" + waveId + "/pause", compliance, new JsonObject()).statusCode());
        var list = api.get("/api/waves", compliance);
        assertEquals(200, list.statusCode(), list.bodyAsString());
        assertEquals(waveId, list.bodyAsJsonObject().getJsonArray("waves").getJsonObject(0).getLong("id"));
        assertEquals(null, list.bodyAsJsonObject().getJsonArray("waves").getJsonObject(0).getValue("latest"), "not sampled yet");
        assertEquals("running", Fixtures.text("select state from wave where id = ?", waveId));

        TestDatabase.exec("insert into wave_sample (wave_id, at, counts) values (" + waveId + ", '2026-11-23T17:00:00Z', "
                + "'{\"pending\": 1, \"delivered\": 1, \"queued\": 0, \"open\": 1}')");
        TestDatabase.exec("insert into wave_sample (wave_id, at, counts) values (" + waveId + ", '2026-11-23T16:00:00Z', "
                + "'{\"pending\": 2, \"queued\": 0, \"open\": 2}')");
        JsonObject latest = api.get("/api/waves", compliance).bodyAsJsonObject().getJsonArray("waves").getJsonObject(0).getJsonObject("latest");
        assertEquals("2026-11-23T17:00:00Z", latest.getString("at"), "the newest sample");
        assertEquals(1, latest.getJsonObject("counts").getLong("delivered"));
    }

    @Test
    void wave_progress_counts_tasks_by_state_and_rule() {
        long[][] cases = new long[6][];
        for (int i = 0; i < cases.length; i++) {
            cases[i] = Fixtures.earlyCaseWithMobile();
        }
        long waveId = created(api.post("/api/waves", scheduler, wave("early", new JsonObject().put("stage", "early"))));
        TestDatabase.exec("update contact_task set state = 'sent' where case_id in (" + cases[0][0] + ", " + cases[1][0] + ")");
        TestDatabase.exec("update contact_task set state = 'blocked', block_rule = 'HOLD' where case_id = " + cases[2][0]);
        TestDatabase.exec("update contact_task set state = 'blocked', block_rule = 'OPTED_OUT' where case_id = " + cases[3][0]);
        TestDatabase.exec("update contact_task set state = 'deferred', block_rule = 'LOCAL_HOURS' where case_id = " + cases[4][0]);
        // the wave's two contacts, one and two minutes after it was created (on the service's clock, as the dispatcher's are)
        java.time.Instant created = java.time.Instant.parse(Fixtures.text("select to_char(created_at at time zone 'UTC', "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') from wave where id = " + waveId));
        for (int i = 0; i < 2; i++) {
            TestDatabase.exec("insert into contact_attempt (borrower_id, case_id, contact_point_id, task_id, channel, at, outcome) "
                    + "select c.borrower_id, c.id, t.contact_point_id, t.id, 'sms', timestamptz '" + created.plusSeconds(60L * (i + 1))
                    + "', 'pending' from contact_task t join collection_case c on c.id = t.case_id where t.case_id = " + cases[i][0]);
        }

        var r = api.get("/api/waves/" + waveId, api.tokenFor("carol", Role.COMPLIANCE));
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonObject wave = r.bodyAsJsonObject();
        JsonObject progress = wave.getJsonObject("progress");
        assertEquals(6, progress.getLong("tasks"));
        assertEquals(new JsonObject().put("blocked", 2).put("deferred", 1).put("pending", 1).put("sent", 2), progress.getJsonObject("byState"));
        assertEquals(new JsonObject().put("HOLD", 1).put("OPTED_OUT", 1), progress.getJsonObject("blockedByRule"));
        assertEquals(new JsonObject().put("LOCAL_HOURS", 1), progress.getJsonObject("deferredByRule"));
        assertEquals(created.plusSeconds(60).toString(), progress.getString("firstContactAt"));
        assertEquals(created.plusSeconds(120).toString(), progress.getString("lastContactAt"));
        assertEquals("early", wave.getJsonObject("selection").getString("stage"));
        assertEquals(new JsonObject().put("start", "09:00").put("end", "12:00"), wave.getJsonObject("window"));
        assertNotNull(wave.getJsonArray("events"));
        assertEquals("created", wave.getJsonArray("events").getJsonObject(0).getString("event"));
        assertEquals(404, api.get("/api/waves/999999", scheduler).statusCode());
    }

    @Test
    void malformed_wave_requests_name_the_field() {
        JsonObject ok = wave("w", new JsonObject().put("stage", "early"));
        List<Object[]> cases = List.of(
                new Object[] {ok.copy().putNull("name"), "name"},
                new Object[] {ok.copy().put("channel", "fax"), "channel"},
                new Object[] {ok.copy().put("template", 7), "template"},
                new Object[] {ok.copy().putNull("selection"), "selection"},
                new Object[] {ok.copy().put("selection", new JsonObject()), "selection"},
                new Object[] {ok.copy().put("selection", new JsonObject().put("stage", "ancient")), "selection.stage"},
                new Object[] {ok.copy().put("selection", new JsonObject().put("prodcut", "card")), "selection.prodcut"},
                new Object[] {ok.copy().put("selection", new JsonObject().put("dpdMin", 30).put("dpdMax", 10)), "selection.dpdMax"},
                new Object[] {ok.copy().put("selection", new JsonObject().put("dpdMin", 1.5)), "selection.dpdMin"},
                new Object[] {ok.copy().put("selection", new JsonObject().put("balanceMin", "lots")), "selection.balanceMin"},
                new Object[] {ok.copy().put("selection", new JsonObject().put("riskGrade", "extreme")), "selection.riskGrade"},
                new Object[] {ok.copy().put("window", new JsonObject().put("start", "9am").put("end", "12:00")), "window.start"},
                new Object[] {ok.copy().put("window", new JsonObject().put("start", "12:00").put("end", "09:00")), "window.end"},
                new Object[] {ok.copy().put("window", "morning"), "window"},
                new Object[] {ok.copy().put("notAfter", "tomorrow"), "notAfter"},
                new Object[] {ok.copy().put("notAfter", "2001-01-01T00:00:00Z"), "notAfter"},
                new Object[] {ok.copy().put("ratePerMinute", 0), "ratePerMinute"},
                new Object[] {ok.copy().put("dryRun", "yes"), "dryRun"});
        for (Object[] c : cases) {
            var r = api.post("/api/waves", scheduler, (JsonObject) c[0]);
            assertEquals(400, r.statusCode(), c[1] + ": " + r.bodyAsString());
            assertEquals(c[1], r.bodyAsJsonObject().getString("field"), r.bodyAsString());
        }
        var notJson = api.postText("/api/waves", scheduler, "application/json", "{name:");
        assertEquals("body", notJson.bodyAsJsonObject().getString("field"));
        var badId = api.post("/api/waves/abc/pause", scheduler, new JsonObject());
        assertEquals(400, badId.statusCode());
        assertEquals("id", badId.bodyAsJsonObject().getString("field"));
        assertEquals(0, Fixtures.count("select count(*) from wave"));
    }

    @Test
    void a_selection_that_enqueues_nothing_is_refused_naming_the_selection_and_creates_no_wave() {
        long[] only = Fixtures.earlyCaseWithMobile();
        var none = api.post("/api/waves", scheduler, wave("nobody", new JsonObject().put("stage", "late")));
        assertEquals(400, none.statusCode(), none.bodyAsString());
        assertEquals("selection", none.bodyAsJsonObject().getString("field"));
        assertTrue(none.bodyAsJsonObject().getString("message").contains("matches no case"), none.bodyAsString());

        created(api.post("/api/waves", scheduler, wave("first", new JsonObject().put("stage", "early"))));
        var busy = api.post("/api/waves", scheduler, wave("again", new JsonObject().put("stage", "early")));
        assertEquals(400, busy.statusCode(), busy.bodyAsString());
        assertTrue(busy.bodyAsJsonObject().getString("message").contains("busy in another running wave"), busy.bodyAsString());
        assertEquals(1, Fixtures.count("select count(*) from wave"), "the refused waves left nothing behind");
        assertEquals(1, Fixtures.count("select count(*) from contact_task where case_id = ?", only[0]));
    }

    @Test
    void a_wave_cannot_send_the_collectors_click_to_call_template() {
        Fixtures.earlyCaseWithMobile();
        var r = api.post("/api/waves", scheduler, wave("calls", new JsonObject().put("stage", "early"))
                .put("channel", "voice").put("template", "click-to-call"));
        assertEquals(400, r.statusCode(), r.bodyAsString());
        assertEquals("template", r.bodyAsJsonObject().getString("field"));
        assertEquals(0, Fixtures.count("select count(*) from wave"));
    }

    @Test
    void members_never_fed_are_not_queued_once_the_wave_is_cancelled() {
        for (int i = 0; i < 3; i++) {
            Fixtures.earlyCaseWithMobile();
        }
        long waveId = created(api.post("/api/waves", scheduler, wave("slow", new JsonObject().put("stage", "early"))
                .put("ratePerMinute", 1)));
        var before = api.get("/api/waves/" + waveId, scheduler).bodyAsJsonObject().getJsonObject("progress");
        long waiting = before.getLong("queued");
        assertTrue(waiting > 0, "a wave of 1 a minute feeds its members one at a time: " + before.encode());

        assertEquals(200, api.post("/api/waves/" + waveId + "/cancel", scheduler, new JsonObject()).statusCode());
        var after = api.get("/api/waves/" + waveId, scheduler).bodyAsJsonObject().getJsonObject("progress");
        assertEquals(0, after.getLong("queued"), "a cancelled wave queues nothing: " + after.encode());
        assertEquals(waiting, after.getLong("unfed"), "its members never fed are counted as such");
    }
}
