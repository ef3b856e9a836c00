package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.auth.Role;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The endpoints the web pages added: the case list, the audited recording view, the collector's phone. */
@ExtendWith(VertxExtension.class)
class DeskEndpointsTest {

    private static final String CALL_SID = "CA" + "1".repeat(32);
    private static final String RECORDING_SID = "RE" + "0123456789abcdef".repeat(2);
    private static final String RECORDING_URL = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/" + RECORDING_SID;

    private ApiHarness api;
    private String cole;
    private String otto;
    private String carol;
    private String sam;

    @BeforeEach
    void start(Vertx vertx) {
        api = ApiHarness.start(vertx);
        cole = api.tokenFor("cole", Role.COLLECTOR);
        otto = api.tokenFor("otto", Role.COLLECTOR);
        carol = api.tokenFor("carol", Role.COMPLIANCE);
        sam = api.tokenFor("sam", Role.SCHEDULER);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private long caseFor(String collector, int dpd) {
        long borrower = Fixtures.borrower("US-NY", "America/New_York", "US");
        long id = Fixtures.overdueCase(borrower);
        Fixtures.mobile(borrower, "+1212555" + String.format("%04d", id));
        TestDatabase.exec("update collection_case set assigned_collector = '" + collector + "', days_past_due = " + dpd + " where id = " + id);
        return id;
    }

    private static String ref(long caseId) {
        return Fixtures.text("select external_id from collection_case where id = ?", caseId);
    }

    private static List<String> refs(HttpResponse<Buffer> r) {
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getJsonArray("cases").stream().map(c -> ((JsonObject) c).getString("caseRef")).collect(Collectors.toList());
    }

    @Test
    void case_list_shows_a_collector_only_their_own_cases_most_overdue_first_and_pages_on() {
        long five = caseFor("cole", 5);
        long twenty = caseFor("cole", 20);
        long twelve = caseFor("cole", 12);
        long others = caseFor("otto", 30);

        assertEquals(List.of(ref(twenty), ref(twelve), ref(five)), refs(api.get("/api/cases", cole)));
        assertEquals(List.of(ref(twenty), ref(twelve), ref(five)), refs(api.get("/api/cases?collector=otto", cole)),
                "a collector's filter is always themselves");
        assertEquals(List.of(ref(others)), refs(api.get("/api/cases?collector=otto", ApiHarness.ADMIN_TOKEN)));
        assertEquals(List.of(ref(others), ref(twenty), ref(twelve), ref(five)), refs(api.get("/api/cases", carol)));

        var first = api.get("/api/cases?limit=2", cole);
        assertEquals(List.of(ref(twenty), ref(twelve)), refs(first));
        String next = first.bodyAsJsonObject().getString("next");
        var second = api.get("/api/cases?limit=2&after=" + next, cole);
        assertEquals(List.of(ref(five)), refs(second));
        assertNull(second.bodyAsJsonObject().getString("next"));

        JsonObject row = api.get("/api/cases?q=" + ref(twelve), cole).bodyAsJsonObject().getJsonArray("cases").getJsonObject(0);
        assertEquals(12, row.getInteger("daysPastDue"));
        assertEquals("cole", row.getString("assignedCollector"));
        assertFalse(api.get("/api/cases", cole).bodyAsString().contains("+1212555"), "the list holds no contact details");
        TestDatabase.exec("update borrower set full_name = 'Ana 50%_off' where id = (select borrower_id from collection_case where id = " + five + ")");
        assertEquals(List.of(ref(five)), refs(api.get("/api/cases?q=50%25_", cole)), "% and _ in a name search are literal");
        assertEquals(List.of(), refs(api.get("/api/cases?q=5%25", cole)));
    }

    @Test
    void case_list_answers_bad_filters_with_a_400_naming_the_field() {
        for (String[] bad : new String[][] {{"foo=1", "foo"}, {"stage=bogus", "stage"}, {"status=open", "status"}, {"limit=0", "limit"},
                {"limit=201", "limit"}, {"after=abc", "after"}, {"stage=early&stage=late", "stage"}, {"q=" + "x".repeat(201), "q"}}) {
            var r = api.get("/api/cases?" + bad[0], carol);
            assertEquals(400, r.statusCode(), bad[0] + " " + r.bodyAsString());
            assertEquals(bad[1], r.bodyAsJsonObject().getString("field"), bad[0]);
        }
    }

    private long recordedCall(long caseId) {
        long point = Fixtures.count("select p.id from contact_point p join collection_case c on c.borrower_id = p.borrower_id where c.id = ?", caseId);
        long task = Fixtures.count("insert into contact_task (case_id, contact_point_id, channel, template, due_at, state, provider_ref, created_by) "
                + "values (?, ?, 'voice', 'click-to-call', now(), 'sent', ?, 'cole') returning id", caseId, point, CALL_SID);
        JsonObject detail = new JsonObject().put("recordingSid", RECORDING_SID).put("recordingStatus", "completed")
                .put("recordingUrl", RECORDING_URL).put("recordingDurationS", 41);
        TestDatabase.exec("insert into provider_event (provider_sid, kind, dedupe_key, status, task_id, received_at, detail) values ('"
                + CALL_SID + "', 'recording', '" + RECORDING_SID + ":completed', 'completed', " + task + ", now(), '" + detail.encode() + "')");
        TestDatabase.exec("insert into case_history (case_id, task_id, at, event, state, provider_ref, actor, detail) values (" + caseId + ", "
                + task + ", now(), 'recording', 'completed', '" + CALL_SID + "', 'twilio', '" + detail.encode() + "')");
        return task;
    }

    private long views(String actor) {
        return Fixtures.count("select count(*) from access_audit where action = 'recording_view' and actor = ? and target = ?", actor, RECORDING_SID);
    }

    @Test
    void a_recording_is_shown_only_to_those_who_may_hear_it_and_each_view_is_audited() {
        long caseId = caseFor("cole", 10);
        long task = recordedCall(caseId);

        var r = api.get("/api/recordings/" + RECORDING_SID, carol);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonObject body = r.bodyAsJsonObject();
        assertEquals(RECORDING_URL, body.getString("url"));
        assertEquals(CALL_SID, body.getString("callSid"));
        assertEquals(ref(caseId), body.getString("caseRef"));
        assertEquals(task, body.getLong("taskId"));
        assertEquals(41, body.getInteger("durationS"));
        assertEquals("no-store", r.getHeader("Cache-Control"));
        assertEquals(1, views("carol"));
        assertEquals("compliance|" + caseId + "|" + CALL_SID, Fixtures.text("select role || '|' || case_id || '|' || (detail->>'callSid') "
                + "from access_audit where action = 'recording_view' and actor = 'carol'"));

        assertEquals(200, api.get("/api/recordings/" + RECORDING_SID, cole).statusCode(), "the case's collector");
        assertEquals(1, views("cole"));
        assertEquals(404, api.get("/api/recordings/" + RECORDING_SID, otto).statusCode(), "another collector");
        assertEquals(403, api.get("/api/recordings/" + RECORDING_SID, sam).statusCode(), "a scheduler");
        assertEquals(0, views("otto") + views("sam"), "refused views show nothing and record nothing");
        assertEquals(400, api.get("/api/recordings/RE123", carol).statusCode());
        assertEquals(404, api.get("/api/recordings/RE" + "f".repeat(32), carol).statusCode());
        assertEquals("/api/recordings/" + RECORDING_SID + "/audio", body.getString("audio"), "where the page plays it");
        // without a Twilio account the audio cannot be fetched: said, after the caller's rights are checked
        assertEquals(404, api.get("/api/recordings/" + RECORDING_SID + "/audio", otto).statusCode());
        assertEquals(503, api.get("/api/recordings/" + RECORDING_SID + "/audio", carol).statusCode());

        // everywhere else the recording is its sid only
        String caseJson = api.get("/api/cases/" + ref(caseId), carol).bodyAsString();
        assertTrue(caseJson.contains(RECORDING_SID), caseJson);
        assertFalse(caseJson.contains(RECORDING_URL), caseJson);
        String log = api.get("/api/log?caseRef=" + ref(caseId), carol).bodyAsString();
        assertTrue(log.contains(RECORDING_SID), log);
        assertFalse(log.contains(RECORDING_URL), log);
        assertFalse(api.get("/api/log.csv?caseRef=" + ref(caseId), carol).bodyAsString().contains(RECORDING_URL));
    }

    private HttpResponse<Buffer> putPhone(String user, String token, JsonObject body) {
        return Await.result(api.request(HttpMethod.PUT, "/api/users/" + user + "/phone", token).sendJsonObject(body));
    }

    @Test
    void admin_sets_a_collectors_phone_in_e164_and_each_change_is_audited() {
        var r = putPhone("cole", ApiHarness.ADMIN_TOKEN, new JsonObject().put("phone", "+1 (212) 555-0999"));
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals(new JsonObject().put("username", "cole").put("phone", "*******0999"), r.bodyAsJsonObject());
        assertEquals("+12125550999", Fixtures.text("select phone from users where username = 'cole'"));
        assertEquals("admin|*******0999", Fixtures.text("select actor || '|' || (detail->>'phone') from access_audit "
                + "where action = 'user_phone_set' and target = 'cole'"));

        for (JsonObject bad : List.of(new JsonObject(), new JsonObject().put("phone", "2125550999"), new JsonObject().put("phone", "+1 555"),
                new JsonObject().put("phone", 12125550999L), new JsonObject().put("phone", "+" + "1".repeat(50)))) {
            var refused = putPhone("cole", ApiHarness.ADMIN_TOKEN, bad);
            assertEquals(400, refused.statusCode(), bad.encode() + " " + refused.bodyAsString());
            assertEquals("phone", refused.bodyAsJsonObject().getString("field"), bad.encode());
        }
        assertEquals(404, putPhone("nobody", ApiHarness.ADMIN_TOKEN, new JsonObject().put("phone", "+12125550998")).statusCode());
        assertEquals(400, putPhone("bad%20name", ApiHarness.ADMIN_TOKEN, new JsonObject().put("phone", "+12125550998")).statusCode());
        assertEquals(403, putPhone("cole", cole, new JsonObject().put("phone", "+12125550998")).statusCode());
        assertEquals("+12125550999", Fixtures.text("select phone from users where username = 'cole'"));

        var cleared = putPhone("cole", ApiHarness.ADMIN_TOKEN, new JsonObject().putNull("phone"));
        assertEquals(200, cleared.statusCode(), cleared.bodyAsString());
        assertNull(Fixtures.text("select phone from users where username = 'cole'"));
        assertEquals(1, Fixtures.count("select count(*) from access_audit where action = 'user_phone_cleared' and target = 'cole'"));
    }
}
