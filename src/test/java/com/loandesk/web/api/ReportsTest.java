package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.auth.Role;
import com.loandesk.reports.Reports;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A hand-built day, 2026-03-10 in the lender's zone America/New_York (EDT: 04:00Z to 04:00Z next day), and the
 * exact figures the reports must give for it.
 */
@ExtendWith(VertxExtension.class)
class ReportsTest {

    private ApiHarness api;
    private String carol;

    @BeforeEach
    void start(Vertx vertx) {
        api = ApiHarness.start(vertx, Clock.systemUTC(), ApiHarness.settings().withReportZone(java.time.ZoneId.of("America/New_York")));
        carol = api.tokenFor("carol", Role.COMPLIANCE);
        long b1 = Fixtures.borrower("US-MA", null, "US-MA");
        long b2 = Fixtures.borrower("CN", null, "CN");
        long b3 = Fixtures.borrower("US-NY", null, "US");
        long case1 = Fixtures.overdueCase(b1);
        long case2 = Fixtures.overdueCase(b2);
        long case3 = Fixtures.overdueCase(b3);
        long case4 = Fixtures.overdueCase(b3);
        long p1 = Fixtures.mobile(b1, "+16175550101");
        long p2 = Fixtures.mobile(b2, "+8613800138000");
        long p3 = Fixtures.mobile(b3, "+12125550103");
        long e2 = Fixtures.email(b2, "b2@example.com");
        long sms1 = Fixtures.task(case1, p1, "sms", Instant.parse("2026-03-10T12:00:00Z"));
        long voice1 = Fixtures.task(case1, p1, "voice", Instant.parse("2026-03-10T12:00:00Z"));
        long sms2 = Fixtures.task(case2, p2, "sms", Instant.parse("2026-03-10T12:00:00Z"));
        long sms3 = Fixtures.task(case3, p3, "sms", Instant.parse("2026-03-10T12:00:00Z"));
        TestDatabase.exec(("""
                insert into contact_attempt (borrower_id, case_id, contact_point_id, channel, at, connected, outcome, conversation, inbound) values
                  (%1$d, %4$d, %7$d, 'sms',   '2026-03-10T12:00:00Z', true,  'delivered',     false, false),
                  (%1$d, %4$d, %7$d, 'sms',   '2026-03-10T13:00:00Z', false, 'not_connected', false, false),
                  (%1$d, %4$d, %7$d, 'voice', '2026-03-10T14:00:00Z', true,  'answered',      true,  false),
                  (%1$d, %4$d, %7$d, 'voice', '2026-03-10T15:00:00Z', false, 'no_answer',     false, false),
                  (%1$d, %4$d, %7$d, 'voice', '2026-03-10T16:00:00Z', true,  'answered',      true,  true),
                  (%2$d, %5$d, %8$d, 'sms',   '2026-03-10T20:00:00Z', true,  'delivered',     false, false),
                  (%2$d, %5$d, %10$d, 'email', '2026-03-10T21:00:00Z', true, 'delivered',     false, false),
                  (%2$d, %5$d, %8$d, 'voice', '2026-03-10T22:00:00Z', true,  'voicemail_left', false, false),
                  (%3$d, %6$d, %9$d, 'sms',   '2026-03-11T03:30:00Z', null,  'pending',       false, false),
                  (%3$d, %6$d, %9$d, 'sms',   '2026-03-11T04:30:00Z', null,  'pending',       false, false),
                  (%3$d, %6$d, %9$d, 'sms',   '2026-03-10T03:00:00Z', true,  'delivered',     false, false);
                insert into case_history (case_id, task_id, at, event, state, rule_id, actor) values
                  (%4$d, %11$d, '2026-03-10T05:00:00Z', 'blocked',  'blocked',  'QUIET_HOURS', 'd'),
                  (%4$d, %12$d, '2026-03-10T05:10:00Z', 'blocked',  'blocked',  'QUIET_HOURS', 'd'),
                  (%4$d, %11$d, '2026-03-10T18:00:00Z', 'blocked',  'blocked',  'DAILY_CAP',   'd'),
                  (%5$d, %13$d, '2026-03-10T06:00:00Z', 'blocked',  'blocked',  'QUIET_HOURS', 'd'),
                  (%6$d, %14$d, '2026-03-10T07:00:00Z', 'deferred', 'deferred', 'LOCAL_HOURS', 'd'),
                  (%6$d, %14$d, '2026-03-10T08:00:00Z', 'deferred', 'deferred', null,          'd'),
                  (%6$d, %14$d, '2026-03-11T05:00:00Z', 'blocked',  'blocked',  'QUIET_HOURS', 'd');
                insert into case_history (case_id, at, event, actor, detail) values
                  (%4$d, '2026-03-10T06:00:00Z', 'status_changed', 'recompute', '{"from": "warning", "to": "overdue"}'),
                  (%5$d, '2026-03-10T08:00:00Z', 'status_changed', 'recompute', '{"from": "warning", "to": "overdue"}'),
                  (%6$d, '2026-03-10T05:00:00Z', 'status_changed', 'recompute', '{"from": "warning", "to": "overdue"}'),
                  (%15$d, '2026-03-10T05:00:00Z', 'status_changed', 'recompute', '{"from": "warning", "to": "overdue"}'),
                  (%15$d, '2026-03-10T05:00:00Z', 'status_changed', 'recompute', '{"from": "current", "to": "warning"}');
                insert into case_hold (case_id, kind, set_by, set_at, cleared_by, cleared_at) values
                  (%4$d, 'complaint', 'carol', '2026-03-10T10:00:00Z', 'carol', '2026-03-10T20:00:00Z'),
                  (%5$d, 'complaint', 'carol', '2026-03-10T15:00:00Z', null, null),
                  (%5$d, 'dispute',   'carol', '2026-03-10T15:00:00Z', null, null),
                  (%6$d, 'complaint', 'carol', '2026-03-09T15:00:00Z', null, null);
                """).formatted(b1, b2, b3, case1, case2, case3, p1, p2, p3, e2, sms1, voice1, sms2, sms3, case4));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private JsonObject report(String pathAndQuery) {
        var r = api.get(pathAndQuery, carol);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject();
    }

    private static JsonObject channel(JsonObject report, String channel) {
        return report.getJsonArray("byChannel").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("channel").equals(channel)).findFirst().orElseThrow();
    }

    @Test
    void the_daily_report_counts_the_lenders_day_exactly() {
        JsonObject r = report("/api/reports/daily?date=2026-03-10");

        assertEquals("2026-03-10T04:00:00Z", r.getString("from"));
        assertEquals(8, r.getLong("contacts"));
        assertEquals(3, r.getLong("borrowersContacted"));
        assertEquals(new JsonObject().put("channel", "sms").put("contacts", 4L).put("borrowers", 3L).put("awaitingStatus", 1L).put("delivered", 2L)
                .put("deliveryRate", 0.5), channel(r, "sms"));
        assertEquals(1.0, channel(r, "email").getDouble("deliveryRate"));
        JsonObject voice = channel(r, "voice");
        assertEquals(3, voice.getLong("contacts"));
        assertEquals(2, voice.getLong("connected"));
        assertEquals(1, voice.getLong("answeredByPerson"));
        assertEquals(0.6667, voice.getDouble("answerRate"));
        assertEquals(new JsonObject().put("QUIET_HOURS", 3L).put("DAILY_CAP", 1L), r.getJsonObject("blockedByRule"));
        assertEquals(new JsonObject().put("LOCAL_HOURS", 1L), r.getJsonObject("deferredByRule"));
        JsonObject first = r.getJsonObject("timeToFirstContact");
        assertEquals(4, first.getLong("casesBecameOverdue"));
        assertEquals(3, first.getLong("contacted"));
        assertEquals(1, first.getLong("notYetContacted"));
        assertEquals(3, first.getLong("within48Hours"));
        assertEquals(12.0, first.getDouble("medianHours"));     // 6 h, 12 h, 22.5 h
        assertEquals(20.4, first.getDouble("p90Hours"));        // 12 + 0.8 × (22.5 − 12)
        assertEquals(new JsonObject().put("opened", 2L).put("clearedWithin24Hours", 1L).put("stillOpen", 1L)
                .put("perContactedBorrower", 0.6667), r.getJsonObject("complaints"));
    }

    @Test
    void filters_by_channel_and_jurisdiction_narrow_every_figure() {
        JsonObject sms = report("/api/reports/daily?date=2026-03-10&channel=sms");
        assertEquals(4, sms.getLong("contacts"));
        assertEquals(1, sms.getJsonArray("byChannel").size());
        assertEquals(new JsonObject().put("QUIET_HOURS", 2L).put("DAILY_CAP", 1L), sms.getJsonObject("blockedByRule"));

        JsonObject us = report("/api/reports/daily?date=2026-03-10&jurisdiction=US");   // US-MA and US, not CN
        assertEquals(5, us.getLong("contacts"));
        assertEquals(2, us.getLong("borrowersContacted"));
        assertEquals(1, us.getJsonObject("complaints").getLong("opened"));
        assertEquals(3, us.getJsonObject("timeToFirstContact").getLong("casesBecameOverdue"));
    }

    @Test
    void the_monthly_report_covers_the_lenders_month() {
        JsonObject r = report("/api/reports/monthly?month=2026-03");
        assertEquals(10, r.getLong("contacts"));
        assertEquals(3, r.getJsonObject("complaints").getLong("opened"));
        assertEquals(new JsonObject().put("QUIET_HOURS", 4L).put("DAILY_CAP", 1L), r.getJsonObject("blockedByRule"));
    }

    @Test
    void the_report_comes_as_csv_when_asked() {
        var r = api.get("/api/reports/daily?date=2026-03-10", null);
        assertEquals(401, r.statusCode());
        var csv = Await.result(api.request(HttpMethod.GET, "/api/reports/daily?date=2026-03-10", carol)
                .putHeader("Accept", "text/csv").send());
        assertEquals(200, csv.statusCode());
        assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"));
        assertTrue(csv.bodyAsString().contains("channel:sms,deliveryRate,0.5\r\n"), csv.bodyAsString());
        assertTrue(csv.bodyAsString().contains("blockedByRule,QUIET_HOURS,3\r\n"), csv.bodyAsString());
    }

    @Test
    void the_report_keeps_its_fields_and_their_order_in_json_and_csv() {
        var csv = Await.result(api.request(HttpMethod.GET, "/api/reports/daily?date=2026-03-10", carol)
                .putHeader("Accept", "text/csv").send());
        assertEquals(String.join("\r\n",
                "section,key,value",
                "period,daily,2026-03-10",
                "period,zone,America/New_York",
                "contacts,total,8",
                "contacts,borrowersContacted,3",
                "channel:email,contacts,1",
                "channel:email,borrowers,1",
                "channel:email,awaitingStatus,0",
                "channel:email,delivered,1",
                "channel:email,deliveryRate,1.0",
                "channel:sms,contacts,4",
                "channel:sms,borrowers,3",
                "channel:sms,awaitingStatus,1",
                "channel:sms,delivered,2",
                "channel:sms,deliveryRate,0.5",
                "channel:voice,contacts,3",
                "channel:voice,borrowers,2",
                "channel:voice,awaitingStatus,0",
                "channel:voice,connected,2",
                "channel:voice,answeredByPerson,1",
                "channel:voice,conversations,1",
                "channel:voice,answerRate,0.6667",
                "blockedByRule,QUIET_HOURS,3",
                "blockedByRule,DAILY_CAP,1",
                "deferredByRule,LOCAL_HOURS,1",
                "timeToFirstContact,casesBecameOverdue,4",
                "timeToFirstContact,contacted,3",
                "timeToFirstContact,notYetContacted,1",
                "timeToFirstContact,within48Hours,3",
                "timeToFirstContact,medianHours,12.0",
                "timeToFirstContact,p90Hours,20.4",
                "complaints,opened,2",
                "complaints,clearedWithin24Hours,1",
                "complaints,stillOpen,1",
                "complaints,perContactedBorrower,0.6667") + "\r\n", csv.bodyAsString());
        // the JSON's fields in their order (the CSV follows it)
        assertEquals(String.join("",
                "{\"period\":\"daily\",\"date\":\"2026-03-10\",\"zone\":\"America/New_York\",\"from\":\"2026-03-10T04:00:00Z\",",
                "\"to\":\"2026-03-11T04:00:00Z\",\"filters\":{\"channel\":null,\"jurisdiction\":null},\"contacts\":8,\"borrowersContacted\":3,",
                "\"byChannel\":[{\"channel\":\"email\",\"contacts\":1,\"borrowers\":1,\"awaitingStatus\":0,\"delivered\":1,\"deliveryRate\":1.0},",
                "{\"channel\":\"sms\",\"contacts\":4,\"borrowers\":3,\"awaitingStatus\":1,\"delivered\":2,\"deliveryRate\":0.5},",
                "{\"channel\":\"voice\",\"contacts\":3,\"borrowers\":2,\"awaitingStatus\":0,\"connected\":2,\"answeredByPerson\":1,\"conversations\":1,\"answerRate\":0.6667}],",
                "\"blockedByRule\":{\"QUIET_HOURS\":3,\"DAILY_CAP\":1},\"deferredByRule\":{\"LOCAL_HOURS\":1},",
                "\"timeToFirstContact\":{\"definition\":\"cases that became overdue in the period; first outbound contact of the case at or after that, up to now\",",
                "\"casesBecameOverdue\":4,\"contacted\":3,\"notYetContacted\":1,\"within48Hours\":3,\"medianHours\":12.0,\"p90Hours\":20.4},",
                "\"complaints\":{\"opened\":2,\"clearedWithin24Hours\":1,\"stillOpen\":1,\"perContactedBorrower\":0.6667}}"),
                report("/api/reports/daily?date=2026-03-10").encode());
    }

    @Test
    void bad_dates_months_and_filters_are_400s_naming_the_field() {
        assertBad("/api/reports/daily", "date");
        assertBad("/api/reports/daily?date=2026-02-30", "date");
        assertBad("/api/reports/daily?date=10.03.2026", "date");
        assertBad("/api/reports/daily?date=1900-01-01", "date");
        assertBad("/api/reports/daily?date=2026-03-10&date=2026-03-11", "date");
        assertBad("/api/reports/monthly?month=2026-13", "month");
        assertBad("/api/reports/monthly?month=2026-03-01", "month");
        assertBad("/api/reports/daily?date=2026-03-10&channel=fax", "channel");
        assertBad("/api/reports/daily?date=2026-03-10&jurisdiction=us'--", "jurisdiction");
        assertBad("/api/reports/daily?date=2026-03-10&limit=5", "limit");
        String collector = api.tokenFor("cole", Role.COLLECTOR);
        assertEquals(403, api.get("/api/reports/daily?date=2026-03-10", collector).statusCode());
    }

    private void assertBad(String path, String field) {
        var r = api.get(path, carol);
        assertEquals(400, r.statusCode(), path + " -> " + r.bodyAsString());
        assertEquals(field, r.bodyAsJsonObject().getString("field"), path + " -> " + r.bodyAsString());
    }
}
