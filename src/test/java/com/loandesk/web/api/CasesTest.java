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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CasesTest {

    private ApiHarness api;
    private String scheduler;

    @BeforeEach
    void start(Vertx vertx) {
        api = ApiHarness.start(vertx);
        scheduler = api.tokenFor("cron", Role.SCHEDULER);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    static JsonObject row(String borrower, String caseRef, String mobile) {
        return new JsonObject().put("borrower_external_id", borrower).put("borrower_name", "Jane " + borrower)
                .put("address_region", "US-CA").put("jurisdiction", "US").put("case_external_id", caseRef)
                .put("product", "personal-loan").put("amount_overdue", "1500.00").put("currency", "USD")
                .put("due_date", "2026-01-05").put("days_past_due", 12).put("stage", "early").put("status", "overdue")
                .put("assigned_collector", "cole").put("mobile", mobile).put("email", "Jane." + borrower + "@Example.COM")
                .put("sms_consent", true);
    }

    @Test
    void json_import_is_idempotent_and_normalises_phones_to_e164() {
        JsonArray rows = new JsonArray().add(row("B1", "C1", "(415) 555-0123")).add(row("B1", "C2", "415.555.0123"))
                .add(row("B2", "C3", "+44 20 7946 0958"));
        var first = api.post("/api/cases/import", scheduler, rows);
        assertEquals(200, first.statusCode(), first.bodyAsString());
        assertEquals(new JsonObject().put("inserted", 3).put("updated", 0).put("rejected", new JsonArray()), first.bodyAsJsonObject());
        assertEquals(1, Fixtures.count("select count(*) from contact_point where value = '+14155550123' and sms_consent"));
        assertEquals(1, Fixtures.count("select count(*) from contact_point where value = '+442079460958'"));
        assertEquals(1, Fixtures.count("select count(*) from contact_point where value = 'Jane.B1@example.com'"));

        var again = api.post("/api/cases/import", scheduler, rows);
        assertEquals(new JsonObject().put("inserted", 0).put("updated", 3).put("rejected", new JsonArray()), again.bodyAsJsonObject());
        assertEquals(2, Fixtures.count("select count(*) from borrower"));
        assertEquals(3, Fixtures.count("select count(*) from collection_case"));
        assertEquals(4, Fixtures.count("select count(*) from contact_point"));
        assertEquals(6, Fixtures.count("select count(*) from case_history where event = 'case_imported' and actor = 'cron'"));
    }

    @Test
    void csv_import_rejects_malformed_phone_and_keeps_valid_rows() {
        String csv = """
                borrower_external_id,borrower_name,address_region,jurisdiction,case_external_id,product,amount_overdue,currency,due_date,stage,status,mobile,email
                B10,"Doe, Jane",US-CA,US,C10,card,250.50,USD,2026-02-01,early,overdue,415 555 0100,jane@example.com
                B11,John Roe,US-CA,US,C11,card,99,USD,2026-02-01,early,overdue,12345,john@example.com
                B12,Ann Poe,,CN,C12,card,1000,CNY,2026-02-01,middle,overdue,138 0013 8000,
                B13,Bad Mail,US-CA,US,C13,card,5,USD,2026-02-01,early,overdue,,not-an-email
                """;
        var r = api.postText("/api/cases/import", scheduler, "text/csv; charset=utf-8", csv);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonObject report = r.bodyAsJsonObject();
        assertEquals(2, report.getInteger("inserted"));
        JsonArray rejected = report.getJsonArray("rejected");
        assertEquals(2, rejected.size(), rejected.encode());
        assertEquals(2, rejected.getJsonObject(0).getInteger("row"));
        assertEquals("mobile", rejected.getJsonObject(0).getString("field"));
        assertEquals("email", rejected.getJsonObject(1).getString("field"));
        assertFalse(rejected.encode().contains("12345"), "the report does not echo numbers");
        assertEquals(0, Fixtures.count("select count(*) from borrower where external_id in ('B11', 'B13')"));
        assertEquals("Doe, Jane", Fixtures.text("select full_name from borrower where external_id = 'B10'"));
        assertEquals("+8613800138000", Fixtures.text("select value from contact_point p join borrower b on b.id = p.borrower_id where b.external_id = 'B12'"));
    }

    @Test
    void import_rejects_bad_fields_and_a_case_of_another_borrower_without_writing_them() {
        api.post("/api/cases/import", scheduler, new JsonArray().add(row("B1", "C1", "4155550123")));
        JsonArray rows = new JsonArray()
                .add(row("B2", "C1", "4155550124"))
                .add(row("B3", "C3", "4155550125").put("stage", "final"))
                .add(row("B4", "C4", "4155550126").put("amount_overdue", "-1"))
                .add(row("B5", "C5", "4155550127").put("colour", "blue"))
                .add("not an object")
                .add(row("B6", "C6", "4155550128"))
                .add(row("B6", "C6", "4155550128"));
        JsonObject report = api.post("/api/cases/import", scheduler, rows).bodyAsJsonObject();
        assertEquals(1, report.getInteger("inserted"), report.encode());
        assertEquals("[{\"row\":1,\"field\":\"case_external_id\"},{\"row\":2,\"field\":\"stage\"},{\"row\":3,\"field\":\"amount_overdue\"},"
                + "{\"row\":4,\"field\":\"colour\"},{\"row\":5,\"field\":\"row\"},{\"row\":7,\"field\":\"case_external_id\"}]",
                new JsonArray(report.getJsonArray("rejected").stream().map(o -> {
                    JsonObject j = ((JsonObject) o).copy();
                    j.remove("reason");
                    return j;
                }).toList()).encode());
        assertEquals("B1", Fixtures.text("select b.external_id from collection_case c join borrower b on b.id = c.borrower_id where c.external_id = 'C1'"));
        assertEquals(400, api.postText("/api/cases/import", scheduler, "text/plain", "x").statusCode());
        assertEquals(403, api.post("/api/cases/import", api.tokenFor("carol", Role.COMPLIANCE), rows).statusCode());
    }

    @Test
    void a_body_over_1_mib_is_413_json() {
        String big = "borrower_external_id\n" + "x".repeat(1024 * 1024 + 10);
        var r = api.postText("/api/cases/import", scheduler, "text/csv", big);
        assertEquals(413, r.statusCode());
        assertEquals("body_too_large", r.bodyAsJsonObject().getString("error"));
    }

    @Test
    void collector_cannot_read_a_case_assigned_to_someone_else() {
        api.post("/api/cases/import", scheduler, new JsonArray().add(row("B1", "C1", "4155550123"))
                .add(row("B2", "C2", "4155550124").put("assigned_collector", "otto")));
        String cole = api.tokenFor("cole", Role.COLLECTOR);
        assertEquals(200, api.get("/api/cases/C1", cole).statusCode());
        var other = api.get("/api/cases/C2", cole);
        assertEquals(404, other.statusCode());
        assertEquals("not_found", other.bodyAsJsonObject().getString("error"));
        assertEquals(200, api.get("/api/cases/C2", api.tokenFor("carol", Role.COMPLIANCE)).statusCode());
    }

    @Test
    void a_case_reads_with_masked_numbers_open_holds_and_history_newest_last() {
        api.post("/api/cases/import", scheduler, new JsonArray().add(row("B1", "C1", "4155550123")));
        String carol = api.tokenFor("carol", Role.COMPLIANCE);
        api.post("/api/cases/C1/holds", carol, new JsonObject().put("kind", "dispute").put("reason", "denies the loan"));
        var r = api.get("/api/cases/C1", scheduler);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonObject body = r.bodyAsJsonObject();
        assertFalse(r.bodyAsString().contains("5550123"), r.bodyAsString());
        JsonObject mobile = body.getJsonArray("contactPoints").stream().map(JsonObject.class::cast)
                .filter(p -> p.getString("kind").equals("mobile")).findFirst().orElseThrow();
        assertEquals("*******0123", mobile.getString("value"));
        assertEquals("Jane B1", body.getJsonObject("borrower").getString("fullName"));
        assertEquals("1500.00", body.getJsonObject("case").getString("amountOverdue"));
        assertEquals("dispute", body.getJsonArray("holds").getJsonObject(0).getString("kind"));
        JsonArray history = body.getJsonArray("history");
        assertEquals("case_imported", history.getJsonObject(0).getString("event"));
        assertEquals("hold_set", history.getJsonObject(history.size() - 1).getString("event"));
        assertEquals(404, api.get("/api/cases/NOPE", scheduler).statusCode());
    }

    @Test
    void numbers_are_masked_where_they_are_contact_values_and_dates_amounts_and_ids_never_are() {
        api.post("/api/cases/import", scheduler, new JsonArray().add(row("B1", "C1", "4155550123")));
        long caseId = Fixtures.count("select id from collection_case where external_id = 'C1'");
        long point = Fixtures.count("select p.id from contact_point p join collection_case c on c.borrower_id = p.borrower_id "
                + "where c.external_id = 'C1' and p.kind = 'mobile'");
        long task = Fixtures.task(caseId, point, "sms", java.time.Instant.parse("2026-12-02T10:49:14Z"));
        TestDatabase.exec("insert into case_history (case_id, task_id, at, event, state, actor, detail) values (" + caseId + ", " + task
                + ", now(), 'failed', 'failed', 'd1', '{\"error\": \"21211 The To number +14155550123 is not valid (14155550123)\", "
                + "\"outcome\": \"promise 200.00 on 2026-12-15\", \"dueAt\": \"2026-12-02T10:49:14.1433+00:00\", "
                + "\"until\": \"2026-12-02T16:00:00Z\", \"callSid\": \"CA0123456789abcdef0123456789abcdef\"}')");
        String carol = api.tokenFor("carol", Role.COMPLIANCE);
        for (var r : java.util.List.of(api.get("/api/cases/C1", scheduler), api.get("/api/log?caseRef=C1&event=failed", carol))) {
            assertEquals(200, r.statusCode(), r.bodyAsString());
            String body = r.bodyAsString();
            assertFalse(body.contains("4155550123"), body);
            assertTrue(body.contains("The To number *******0123 is not valid (*******0123)"), body);
            assertTrue(body.contains("promise 200.00 on 2026-12-15"), body);
            assertTrue(body.contains("2026-12-02T10:49:14.1433+00:00") && body.contains("2026-12-02T16:00:00Z"), body);
            assertTrue(body.contains("CA0123456789abcdef0123456789abcdef"), body);
        }
    }

    @Test
    void unmasking_a_number_is_audited() {
        api.post("/api/cases/import", scheduler, new JsonArray().add(row("B1", "C1", "4155550123")));
        var refused = api.get("/api/cases/C1?unmask=true", api.tokenFor("cole", Role.COLLECTOR));
        assertEquals(403, refused.statusCode());
        assertEquals(403, api.get("/api/cases/C1?unmask=true", scheduler).statusCode());
        assertEquals(0, Fixtures.count("select count(*) from access_audit where action = 'unmask'"));

        var r = api.get("/api/cases/C1?unmask=true", api.tokenFor("carol", Role.COMPLIANCE));
        assertEquals(200, r.statusCode());
        assertTrue(r.bodyAsString().contains("+14155550123"));
        assertEquals("no-store", r.getHeader("Cache-Control"), "an unmasked answer is never kept by a browser or proxy");
        assertEquals("no-store", refused.getHeader("Cache-Control"), "nor any other answer of the API");
        assertEquals("carol|compliance|C1", Fixtures.text(
                "select actor || '|' || role || '|' || target from access_audit a join collection_case c on c.id = a.case_id "
                        + "where action = 'unmask' and at > now() - interval '1 minute'"));
    }

    @Test
    void a_long_case_history_is_read_newest_page_first_and_pages_back_to_the_import() {
        api.post("/api/cases/import", scheduler, new JsonArray().add(row("B1", "C1", "4155550123")));
        // 250 entries after the import, three to an instant, so pages also end between entries of one instant
        TestDatabase.exec("insert into case_history (case_id, at, event, actor, detail) "
                + "select c.id, timestamptz '2030-01-01 00:00:00+00' + make_interval(secs => i / 3), 'note', 'test', "
                + "jsonb_build_object('n', i) from collection_case c, generate_series(1, 250) i where c.external_id = 'C1'");
        java.util.List<Long> ids = new java.util.ArrayList<>();
        String before = null;
        int pages = 0;
        do {
            var r = api.get("/api/cases/C1?historyLimit=40" + (before == null ? "" : "&historyBefore=" + before), scheduler);
            assertEquals(200, r.statusCode(), r.bodyAsString());
            JsonArray history = r.bodyAsJsonObject().getJsonArray("history");
            java.util.List<Long> page = history.stream().map(h -> ((JsonObject) h).getLong("id")).toList();
            assertTrue(page.size() <= 40);
            if (!ids.isEmpty()) {
                assertTrue(page.get(page.size() - 1) < ids.get(0), "each page is older than the one before");
            }
            ids.addAll(0, page);
            before = r.bodyAsJsonObject().getString("historyNext");
            pages++;
        } while (before != null && pages < 20);
        assertEquals(251, ids.size(), "every entry once");
        assertEquals(251, new java.util.HashSet<>(ids).size());
        assertEquals(7, pages);
        java.util.List<Long> sorted = new java.util.ArrayList<>(ids);
        java.util.Collections.sort(sorted);
        assertEquals(sorted, ids, "oldest first across the pages");

        JsonObject first = api.get("/api/cases/C1", scheduler).bodyAsJsonObject();
        assertEquals(100, first.getJsonArray("history").size(), "the newest 100 by default");
        assertEquals(250, first.getJsonArray("history").getJsonObject(99).getJsonObject("detail").getInteger("n"));
        assertEquals("historyLimit", api.get("/api/cases/C1?historyLimit=501", scheduler).bodyAsJsonObject().getString("field"));
        assertEquals("historyBefore", api.get("/api/cases/C1?historyBefore=yesterday", scheduler).bodyAsJsonObject().getString("field"));
    }
}
