package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ComplianceLogTest {

    private ApiHarness api;
    private String carol;
    private String caseA;
    private String caseB;

    @BeforeEach
    void start(Vertx vertx) {
        api = ApiHarness.start(vertx);
        carol = api.tokenFor("carol", Role.COMPLIANCE);
        long borrowerA = Fixtures.borrower("US-CA", null, "US");
        long a = Fixtures.overdueCase(borrowerA);
        long pointA = Fixtures.mobile(borrowerA, "+14155550100");
        long taskA = Fixtures.task(a, pointA, "sms", Instant.parse("2026-03-01T10:00:00Z"));
        long borrowerB = Fixtures.borrower("US-NY", null, "US");
        long b = Fixtures.overdueCase(borrowerB);
        long pointB = Fixtures.mobile(borrowerB, "+12125550199");
        long taskB = Fixtures.task(b, pointB, "voice", Instant.parse("2026-03-01T10:00:00Z"));
        TestDatabase.exec("update collection_case set assigned_collector = 'cole' where id = " + a);
        caseA = Fixtures.text("select external_id from collection_case where id = ?", a);
        caseB = Fixtures.text("select external_id from collection_case where id = ?", b);
        // 1,200 events on case A over two days (more than one cursor fetch), a few on B
        TestDatabase.exec("""
                insert into case_history (case_id, task_id, at, event, state, rule_id, actor, detail)
                select %d, %d, timestamptz '2026-03-01 00:00:00+00' + g * interval '2 minutes',
                       case when g %% 3 = 0 then 'blocked' else 'sent' end,
                       case when g %% 3 = 0 then 'blocked' else 'sent' end,
                       case when g %% 3 = 0 then 'QUIET_HOURS' end, 'dispatcher',
                       jsonb_build_object('to', '+14155550100', 'n', g)
                  from generate_series(1, 1200) g;
                insert into case_history (case_id, task_id, at, event, state, rule_id, actor, detail)
                select %d, %d, timestamptz '2026-03-01 00:00:30+00' + g * interval '1 hour', 'blocked', 'blocked', 'DAILY_CAP', 'dispatcher', null
                  from generate_series(1, 5) g;
                """.formatted(a, taskA, b, taskB));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void newest_first_pages_never_skip_or_repeat_and_the_first_page_says_how_many_match() {
        List<Long> ids = new ArrayList<>();
        String after = null;
        Long total = null;
        do {
            var r = api.get("/api/log?caseRef=" + caseA + "&ruleId=quiet_hours&event=BLOCKED&order=newest&limit=150"
                    + (after == null ? "" : "&after=" + after), carol).bodyAsJsonObject();
            if (after == null) {
                total = r.getLong("total");
                assertEquals(false, r.getBoolean("totalOver"));
            } else {
                assertNull(r.getValue("total"), "counted once, on the first page");
            }
            r.getJsonArray("entries").forEach(e -> ids.add(((JsonObject) e).getLong("id")));
            after = r.getString("next");
        } while (after != null);
        assertEquals(400, ids.size(), "the filters match however they are typed");
        assertEquals(400L, total);
        assertEquals(ids.stream().sorted(java.util.Comparator.reverseOrder()).toList(), ids, "newest first, no repeats");
        assertEquals("order", api.get("/api/log?order=sideways", carol).bodyAsJsonObject().getString("field"));
    }

    @Test
    void the_filters_choices_are_the_rules_the_log_holds_its_events_and_the_task_states() {
        JsonObject c = api.get("/api/log/choices", carol).bodyAsJsonObject();
        assertEquals(List.of("DAILY_CAP", "QUIET_HOURS"), c.getJsonArray("rules").getList());
        List<?> events = c.getJsonArray("events").getList();
        for (String kind : List.of("task_created", "sending", "deferred", "blocked", "sent", "unknown", "settled", "hold_set",
                com.loandesk.store.ProviderEvent.DELIVERY_STATUS, com.loandesk.store.ProviderEvent.CALL_STATUS,
                com.loandesk.store.ProviderEvent.RECORDING, com.loandesk.store.ProviderEvent.ANSWERED_BY,
                com.loandesk.store.ProviderEvent.VOICEMAIL_DROP, com.loandesk.store.ProviderEvent.CALL_LEG,
                com.loandesk.store.ProviderEvent.GATHER, com.loandesk.store.ProviderEvent.AMD_VERDICT)) {
            assertTrue(events.contains(kind), kind + " is a choice");
        }
        api.get("/api/log?limit=500", carol).bodyAsJsonObject().getJsonArray("entries").forEach(e ->
                assertTrue(events.contains(((JsonObject) e).getString("event")), "every event the log holds is a choice: " + e));
        assertEquals(java.util.Arrays.stream(com.loandesk.store.TaskState.values()).map(com.loandesk.store.TaskState::code).toList(),
                c.getJsonArray("states").getList());
        assertEquals(400, api.get("/api/log/choices?x=1", carol).statusCode());
    }

    @Test
    void log_pages_by_time_and_id_with_filters_and_masked_numbers() {
        List<Long> ids = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            var r = api.get("/api/log?caseRef=" + caseA + "&ruleId=QUIET_HOURS&limit=150" + (after == null ? "" : "&after=" + after), carol);
            assertEquals(200, r.statusCode(), r.bodyAsString());
            JsonArray entries = r.bodyAsJsonObject().getJsonArray("entries");
            entries.forEach(e -> ids.add(((JsonObject) e).getLong("id")));
            after = r.bodyAsJsonObject().getString("next");
            pages++;
        } while (after != null);
        assertEquals(400, ids.size());
        assertEquals(ids.stream().sorted().toList(), ids, "oldest first, no repeats");
        assertEquals(3, pages, "150 + 150 + 100");

        JsonObject first = api.get("/api/log?channel=voice&from=2026-03-01&to=2026-03-01", carol).bodyAsJsonObject();
        JsonObject e = first.getJsonArray("entries").getJsonObject(0);
        assertEquals(caseB, e.getString("caseRef"));
        assertEquals("DAILY_CAP", e.getString("ruleId"));
        assertEquals("*******0199", e.getString("contactValue"));
        assertEquals(5, first.getJsonArray("entries").size());
        assertNull(first.getString("next"));

        String page = api.get("/api/log?caseRef=" + caseA + "&limit=5", carol).bodyAsString();
        assertFalse(page.contains("5550100"), page);

        assertEquals("limit", api.get("/api/log?limit=501", carol).bodyAsJsonObject().getString("field"));
        assertEquals("from", api.get("/api/log?from=yesterday", carol).bodyAsJsonObject().getString("field"));
        assertEquals("colour", api.get("/api/log?colour=red", carol).bodyAsJsonObject().getString("field"));
    }

    @Test
    void a_collector_sees_only_the_log_of_their_cases() {
        String cole = api.tokenFor("cole", Role.COLLECTOR);
        JsonArray entries = api.get("/api/log?event=blocked&limit=500", cole).bodyAsJsonObject().getJsonArray("entries");
        assertEquals(400, entries.size());
        assertTrue(entries.stream().allMatch(o -> ((JsonObject) o).getString("caseRef").equals(caseA)));
        assertEquals(0, api.get("/api/log?caseRef=" + caseB, cole).bodyAsJsonObject().getJsonArray("entries").size());
    }

    @Test
    void log_csv_streams_filtered_rows() {
        var r = api.get("/api/log.csv?borrower=" + Fixtures.text("select b.external_id from borrower b join collection_case c "
                + "on c.borrower_id = b.id where c.external_id = ?", caseA) + "&event=sent&to=2026-03-02T12:00:00Z", carol);
        assertEquals(200, r.statusCode());
        assertTrue(r.getHeader("Content-Type").startsWith("text/csv"));
        String[] lines = r.bodyAsString().split("\r\n");
        assertEquals(LogLines.CSV_HEADER.strip(), lines[0]);
        // sent events are the 800 with g % 3 != 0; g * 2 min < 36 h leaves g < 1080, i.e. 1..1079
        long expected = java.util.stream.IntStream.rangeClosed(1, 1079).filter(g -> g % 3 != 0).count();
        assertEquals(expected, lines.length - 1);
        assertTrue(lines[1].contains(",sent,sent,"), lines[1]);
        assertTrue(lines[1].contains("*******0100"), lines[1]);
        assertFalse(r.bodyAsString().contains("5550100"));
        assertEquals(400, api.get("/api/log.csv?channel=pigeon", carol).statusCode());
    }
}
