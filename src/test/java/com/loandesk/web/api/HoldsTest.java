package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.auth.Role;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HoldsTest {

    private ApiHarness api;
    private long caseId;
    private String caseRef;
    private String compliance;

    @BeforeEach
    void start(Vertx vertx) {
        api = ApiHarness.start(vertx);
        caseId = Fixtures.overdueCase(Fixtures.borrower("US-CA", null, "US"));
        TestDatabase.exec("update collection_case set assigned_collector = 'cole' where id = " + caseId);
        caseRef = Fixtures.text("select external_id from collection_case where id = ?", caseId);
        compliance = api.tokenFor("carol", Role.COMPLIANCE);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** What the dispatcher reads (TaskSql.OPEN_HOLDS): holds of the case not yet cleared. */
    private long openHolds() {
        return Fixtures.count("select count(*) from case_hold where case_id = ? and cleared_at is null", caseId);
    }

    @Test
    void hold_blocks_nothing_until_set_and_clearing_requires_a_reason() {
        assertEquals(0, openHolds());
        var set = api.post("/api/cases/" + caseRef + "/holds", compliance, new JsonObject().put("kind", "complaint").put("reason", "called the regulator"));
        assertEquals(201, set.statusCode(), set.bodyAsString());
        long holdId = set.bodyAsJsonObject().getLong("id");
        assertEquals("carol", set.bodyAsJsonObject().getString("setBy"));
        assertEquals(1, openHolds());
        assertEquals("complaint", Fixtures.text("select detail->>'kind' from case_history where case_id = ? and event = 'hold_set' and actor = 'carol'", caseId));

        var noReason = api.post("/api/cases/" + caseRef + "/holds/" + holdId + "/clear", compliance, new JsonObject());
        assertEquals(400, noReason.statusCode());
        assertEquals("reason", noReason.bodyAsJsonObject().getString("field"));
        assertEquals(1, openHolds());

        var cleared = api.post("/api/cases/" + caseRef + "/holds/" + holdId + "/clear", compliance, new JsonObject().put("reason", "answered within 24h"));
        assertEquals(200, cleared.statusCode(), cleared.bodyAsString());
        assertEquals(0, openHolds());
        assertEquals("carol|answered within 24h", Fixtures.text(
                "select cleared_by || '|' || clear_reason from case_hold where id = ? and cleared_at is not null", holdId));
        assertEquals("answered within 24h", Fixtures.text(
                "select detail->>'reason' from case_history where case_id = ? and event = 'hold_cleared' and actor = 'carol'", caseId));

        var again = api.post("/api/cases/" + caseRef + "/holds/" + holdId + "/clear", compliance, new JsonObject().put("reason", "twice"));
        assertEquals(409, again.statusCode());
        assertEquals(404, api.post("/api/cases/" + caseRef + "/holds/999999/clear", compliance, new JsonObject().put("reason", "x")).statusCode());
        assertEquals(2, Fixtures.count("select count(*) from case_history where case_id = ?", caseId));
    }

    @Test
    void unknown_case_is_404_and_bad_kind_is_400_naming_the_field() {
        var unknown = api.post("/api/cases/NO-SUCH/holds", compliance, new JsonObject().put("kind", "dispute"));
        assertEquals(404, unknown.statusCode());
        assertEquals("not_found", unknown.bodyAsJsonObject().getString("error"));
        var bad = api.post("/api/cases/" + caseRef + "/holds", compliance, new JsonObject().put("kind", "vacation"));
        assertEquals(400, bad.statusCode());
        assertEquals("kind", bad.bodyAsJsonObject().getString("field"));
        var notJson = api.postText("/api/cases/" + caseRef + "/holds", compliance, "application/json", "{kind:");
        assertEquals(400, notJson.statusCode());
        assertEquals("body", notJson.bodyAsJsonObject().getString("field"));
        assertEquals(0, openHolds());
    }

    @Test
    void a_collector_holds_their_own_case_only_and_a_scheduler_not_at_all() {
        String cole = api.tokenFor("cole", Role.COLLECTOR);
        String other = api.tokenFor("otto", Role.COLLECTOR);
        String scheduler = api.tokenFor("cron", Role.SCHEDULER);
        JsonObject dispute = new JsonObject().put("kind", "dispute").put("reason", "denies the amount");
        assertEquals(201, api.post("/api/cases/" + caseRef + "/holds", cole, dispute).statusCode());
        assertEquals(404, api.post("/api/cases/" + caseRef + "/holds", other, dispute).statusCode());
        assertEquals(403, api.post("/api/cases/" + caseRef + "/holds", scheduler, dispute).statusCode());
        assertEquals(1, openHolds());
    }

    @Test
    void a_legal_hold_is_cleared_only_by_compliance_and_the_refusal_changes_nothing() {
        String cole = api.tokenFor("cole", Role.COLLECTOR);
        String admin = api.tokenFor("ada", Role.ADMIN);
        String compliance = api.tokenFor("carol", Role.COMPLIANCE);
        for (String kind : new String[] {"dispute", "bankruptcy", "cease_communication", "complaint", "fraud", "deceased"}) {
            var set = api.post("/api/cases/" + caseRef + "/holds", cole, new JsonObject().put("kind", kind).put("reason", "borrower said so"));
            assertEquals(201, set.statusCode(), set.bodyAsString());
            long id = set.bodyAsJsonObject().getLong("id");
            var byCollector = api.post("/api/cases/" + caseRef + "/holds/" + id + "/clear", cole, new JsonObject().put("reason", "x"));
            assertEquals(403, byCollector.statusCode(), byCollector.bodyAsString());
            assertEquals("a " + kind.replace('_', '-') + " hold is cleared only by compliance",
                    byCollector.bodyAsJsonObject().getString("message"));
            assertEquals(403, api.post("/api/cases/" + caseRef + "/holds/" + id + "/clear", admin, new JsonObject().put("reason", "x")).statusCode());
            assertEquals(1, openHolds(), kind + " stays open after refused clears");
            var byCompliance = api.post("/api/cases/" + caseRef + "/holds/" + id + "/clear", compliance,
                    new JsonObject().put("reason", "resolved with documents"));
            assertEquals(200, byCompliance.statusCode(), byCompliance.bodyAsString());
            assertEquals(0, openHolds());
        }
        assertEquals(0, com.loandesk.testsupport.Fixtures.count("select count(*) from case_history where event = 'hold_cleared' and actor <> 'carol'"));
    }

    @Test
    void a_repayment_plan_hold_is_cleared_by_the_cases_collector_and_a_welfare_hold_is_not() {
        String cole = api.tokenFor("cole", Role.COLLECTOR);
        var plan = api.post("/api/cases/" + caseRef + "/holds", cole, new JsonObject().put("kind", "repayment_plan").put("reason", "3 instalments"));
        var cleared = api.post("/api/cases/" + caseRef + "/holds/" + plan.bodyAsJsonObject().getLong("id") + "/clear", cole,
                new JsonObject().put("reason", "first instalment missed"));
        assertEquals(200, cleared.statusCode(), cleared.bodyAsString());
        var illness = api.post("/api/cases/" + caseRef + "/holds", cole, new JsonObject().put("kind", "illness").put("reason", "in hospital"));
        var refused = api.post("/api/cases/" + caseRef + "/holds/" + illness.bodyAsJsonObject().getLong("id") + "/clear", cole,
                new JsonObject().put("reason", "better now"));
        assertEquals(403, refused.statusCode());
        assertEquals(1, openHolds());
    }

    @Test
    void open_holds_of_every_case_are_listed_newest_first_in_pages_that_never_skip_or_repeat_one() {
        java.util.List<Long> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long other = Fixtures.overdueCase(Fixtures.borrower("US-CA", null, "US"));
            // two holds set at the same instant: the id breaks the tie
            expected.add(Fixtures.count("insert into case_hold (case_id, kind, reason, set_by, set_at) values (?, ?, 'r', 'carol', "
                    + "timestamptz '2026-11-20T10:00:00Z' + make_interval(mins => ?)) returning id", other, i % 2 == 0 ? "dispute" : "illness", i / 2));
        }
        long cleared = Fixtures.count("insert into case_hold (case_id, kind, set_by, set_at, cleared_by, cleared_at, clear_reason) "
                + "values (?, 'dispute', 'carol', '2026-11-21T10:00:00Z', 'carol', '2026-11-21T11:00:00Z', 'resolved') returning id", caseId);
        expected.sort(java.util.Comparator.comparing((Long id) -> Fixtures.text("select set_at::text from case_hold where id = ?", id))
                .thenComparing(id -> id).reversed());

        java.util.List<Long> seen = new java.util.ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            var page = api.get("/api/holds?limit=2" + (after == null ? "" : "&after=" + java.net.URLEncoder.encode(after,
                    java.nio.charset.StandardCharsets.UTF_8)), compliance);
            assertEquals(200, page.statusCode(), page.bodyAsString());
            page.bodyAsJsonObject().getJsonArray("holds").forEach(h -> seen.add(((JsonObject) h).getLong("id")));
            after = page.bodyAsJsonObject().getString("next");
            pages++;
        } while (after != null && pages < 10);
        assertEquals(expected, seen, "newest first, each open hold once, the cleared one never");
        assertEquals(false, seen.contains(cleared));

        var disputes = api.get("/api/holds?kind=dispute", compliance).bodyAsJsonObject().getJsonArray("holds");
        assertEquals(3, disputes.size());
        assertEquals(Fixtures.text("select c.external_id from case_hold h join collection_case c on c.id = h.case_id where h.id = ?",
                disputes.getJsonObject(0).getLong("id")), disputes.getJsonObject(0).getString("caseRef"));

        assertEquals("kind", api.get("/api/holds?kind=holiday", compliance).bodyAsJsonObject().getString("field"));
        assertEquals("after", api.get("/api/holds?after=yesterday", compliance).bodyAsJsonObject().getString("field"));
        assertEquals(403, api.get("/api/holds", api.tokenFor("cole", Role.COLLECTOR)).statusCode(), "compliance's list, not a collector's");
    }
}
