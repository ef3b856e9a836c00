package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.auth.Role;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GET /api/desk/queue: a collector's day in the order to work it: call-backs due now, broken promises, cases never
 * contacted, then the rest by days past due; each says why it stands where it does.
 */
@ExtendWith(VertxExtension.class)
class TheDesksQueueOrdersTheDayTest {

    private final SettableClock clock = SettableClock.at("2026-11-24T15:00:00Z");
    private ApiHarness api;

    @BeforeEach
    void start(Vertx vertx) {
        api = ApiHarness.start(vertx, clock, ApiHarness.settings());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** A case of {@code collector}, {@code dpd} days past due; contacted once before unless {@code fresh}. Its ref. */
    private static String caseOf(String collector, int dpd, boolean fresh, String status) {
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.caseFor(borrower, "early", status, "500.00");
        long phone = Fixtures.mobile(borrower, "+1212555" + String.format("%04d", (int) (caseId % 10000)));
        TestDatabase.exec("update collection_case set assigned_collector = '" + collector + "', days_past_due = " + dpd + " where id = " + caseId);
        if (!fresh) {
            TestDatabase.exec("insert into contact_attempt (borrower_id, case_id, contact_point_id, channel, at) values ("
                    + borrower + ", " + caseId + ", " + phone + ", 'sms', '2026-11-20T15:00:00Z')");
        }
        return Fixtures.text("select external_id from collection_case where id = ?", caseId);
    }

    private static long id(String ref) {
        return Fixtures.count("select id from collection_case where external_id = ?", ref);
    }

    private static void promised(String ref, String date) {
        TestDatabase.exec("insert into case_history (case_id, at, event, actor, detail) values (" + id(ref) + ", '2026-11-20T15:05:00Z', "
                + "'call_outcome', 'cole', '{\"outcome\": \"promise_to_pay\", \"promiseDate\": \"" + date + "\", \"promiseAmount\": \"150.00\"}')");
    }

    @Test
    void call_backs_due_then_broken_promises_then_new_cases_then_the_most_overdue_and_nothing_of_anyone_else() {
        String priority = caseOf("cole", 90, false, "overdue");
        String fresh = caseOf("cole", 10, true, "overdue");
        String callback = caseOf("cole", 20, false, "overdue");
        TestDatabase.exec("insert into callback_request (borrower_id, case_id, from_at, until_at, requested_via, recorded_by) "
                + "select borrower_id, id, '2026-11-24T14:00:00Z', '2026-11-24T16:00:00Z', 'call', 'cole' from collection_case where id = " + id(callback));
        String later = caseOf("cole", 95, false, "overdue");   // a call-back asked for tomorrow is not due
        TestDatabase.exec("insert into callback_request (borrower_id, case_id, from_at, until_at, requested_via, recorded_by) "
                + "select borrower_id, id, '2026-11-25T14:00:00Z', '2026-11-25T16:00:00Z', 'call', 'cole' from collection_case where id = " + id(later));
        String broken = caseOf("cole", 30, false, "overdue");
        promised(broken, "2026-11-23");
        String kept = caseOf("cole", 40, false, "overdue");
        promised(kept, "2026-11-25");                            // not due yet
        caseOf("cole", 99, true, "paid");
        caseOf("otto", 99, true, "overdue");

        var r = api.get("/api/desk/queue", api.tokenFor("cole", Role.COLLECTOR));
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonArray cases = r.bodyAsJsonObject().getJsonArray("cases");
        List<String> order = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            order.add(cases.getJsonObject(i).getString("caseRef"));
            reasons.add(cases.getJsonObject(i).getString("reason"));
        }
        assertEquals(List.of(callback, broken, fresh, later, priority, kept), order, cases.encodePrettily());
        assertEquals(List.of("callback_due", "promise_broken", "new", "priority", "priority", "priority"), reasons);
        JsonObject first = cases.getJsonObject(0);
        assertEquals("2026-11-24T16:00:00Z", first.getString("callbackUntil"));
        assertEquals("2026-11-23", cases.getJsonObject(1).getString("promiseDate"));
        assertEquals("150.00", cases.getJsonObject(1).getString("promiseAmount"));

        String admin = ApiHarness.ADMIN_TOKEN;
        assertEquals(400, api.get("/api/desk/queue", admin).statusCode(), "an admin names whose day");
        assertEquals(order.subList(0, 2), api.get("/api/desk/queue?collector=cole&limit=2", admin).bodyAsJsonObject()
                .getJsonArray("cases").stream().map(c -> ((JsonObject) c).getString("caseRef")).toList());
        assertEquals(400, api.get("/api/desk/queue?sort=dpd", admin).statusCode());
    }
}
