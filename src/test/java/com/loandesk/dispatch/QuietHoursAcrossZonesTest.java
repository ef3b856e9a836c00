package com.loandesk.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.rules.Gates;
import com.loandesk.rules.LocalWindow;
import com.loandesk.testsupport.DispatchHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One instant, borrowers around the world: each is judged by their own local time, found from their
 * explicit zone, their region, or their phone number; an ambiguous region must be open in every zone.
 */
@ExtendWith(VertxExtension.class)
class QuietHoursAcrossZonesTest {

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder");
    }

    private record Expect(String state, String dueAt, String rule) {
    }

    @Test
    void each_borrower_is_judged_by_their_own_local_time(Vertx vertx) {
        SettableClock clock = SettableClock.at("2026-11-23T02:00:00Z");
        Map<Long, Expect> expected = new LinkedHashMap<>();
        // New York 21:00 EST: the window [08:00, 21:00) has just closed -> 08:00 EST = 13:00Z
        expected.put(task("US-NY", null, "+12125550101"), new Expect("deferred", "2026-11-23T13:00:00Z", "QUIET_HOURS"));
        // Los Angeles 18:00 PST: open
        expected.put(task("US-CA", null, "+14155550102"), new Expect("sent", null, null));
        // India by phone number only, 07:30 IST (+05:30): opens at 08:00 IST = 02:30Z
        expected.put(task(null, null, "+919876543210"), new Expect("deferred", "2026-11-23T02:30:00Z", "QUIET_HOURS"));
        // Nepal by region, 07:45 NPT (+05:45): opens at 08:00 NPT = 02:15Z
        expected.put(task("NP", null, "+9779841234567"), new Expect("deferred", "2026-11-23T02:15:00Z", "QUIET_HOURS"));
        // Shanghai by explicit zone, 10:00 CST (no DST): open
        expected.put(task("US-NY", "Asia/Shanghai", "+8613812345678"), new Expect("sent", null, null));
        // Hawaii 16:00 HST: open
        expected.put(task("US-HI", null, "+18085550103"), new Expect("sent", null, null));

        try (var h = DispatchHarness.start(vertx, Gates.localHoursAndDailyCap("lender-practice",
                LocalWindow.parse("08:00", "21:00"), 5), clock, DispatchHarness.fastConfig(),
                DispatchHarness.simulators(vertx), "d1")) {
            h.awaitSettled(expected.size());
        }
        expected.forEach((task, e) -> {
            assertEquals(e.state(), Fixtures.text("select state from contact_task where id = ?", task), "task " + task);
            if (e.dueAt() != null) {
                assertEquals(Instant.parse(e.dueAt()).toString(), Instant.parse(Fixtures.text(
                        "select to_char(due_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') from contact_task where id = ?",
                        task)).toString(), "task " + task);
                assertEquals(e.rule(), Fixtures.text("select rule_id from case_history where task_id = ? and event = 'deferred'", task));
            }
        });
    }

    @Test
    void borrower_in_a_two_zone_state_waits_until_both_zones_are_open(Vertx vertx) {
        // Florida spans New York and Chicago time: 08:30 EST is 07:30 CST -> wait for 08:00 CST = 14:00Z
        SettableClock clock = SettableClock.at("2026-11-23T13:30:00Z");
        long florida = task("US-FL", null, "+13055550104");
        try (var h = DispatchHarness.start(vertx, Gates.localHoursAndDailyCap("lender-practice",
                LocalWindow.parse("08:00", "21:00"), 5), clock, DispatchHarness.fastConfig(),
                DispatchHarness.simulators(vertx), "d1")) {
            h.awaitSettled(1);
        }
        assertEquals("deferred", Fixtures.text("select state from contact_task where id = ?", florida));
        String detail = Fixtures.text("select detail->>'untilLocal' from case_history where task_id = ? and event = 'deferred'", florida);
        assertEquals("2026-11-23T09:00-05:00 America/New_York", detail);
    }

    @Test
    void a_postal_code_narrows_a_two_zone_state_to_the_borrowers_own_zone(Vertx vertx) {
        // 13:30Z is 08:30 in Tallahassee (Eastern) and 07:30 in Pensacola (Central): both addresses are US-FL
        SettableClock clock = SettableClock.at("2026-11-23T13:30:00Z");
        long tallahassee = task("US-FL", null, "+18505550105");
        postalCode(tallahassee, "32301");
        long pensacola = task("US-FL", null, "+18505550106");
        postalCode(pensacola, "32501-1234");
        try (var h = DispatchHarness.start(vertx, Gates.localHoursAndDailyCap("lender-practice",
                LocalWindow.parse("08:00", "21:00"), 5), clock, DispatchHarness.fastConfig(),
                DispatchHarness.simulators(vertx), "d1")) {
            h.awaitSettled(2);
        }
        assertEquals("sent", Fixtures.text("select state from contact_task where id = ?", tallahassee),
                "a Tallahassee address is Eastern only, though its area code 850 spans Central too");
        assertEquals("postal_code", Fixtures.text("select detail->>'zonesFrom' from case_history where task_id = ? "
                + "and detail->>'zonesFrom' is not null limit 1", tallahassee));
        assertEquals("deferred", Fixtures.text("select state from contact_task where id = ?", pensacola));
        assertEquals("2026-11-23T14:00:00Z", Fixtures.text("select detail->>'until' from case_history where task_id = ? and event = 'deferred'",
                pensacola), "08:00 in Pensacola, Central time");
        assertEquals("[\"America/Chicago\"]", Fixtures.text("select (detail->'zones')::text from case_history where task_id = ? "
                + "and event = 'deferred'", pensacola).replace(" ", ""));
    }

    private static void postalCode(long task, String postal) {
        Fixtures.count("with b as (update borrower set postal_code = ? where id = (select c.borrower_id from contact_task t "
                + "join collection_case c on c.id = t.case_id where t.id = ?) returning id) select count(*) from b", postal, task);
    }

    private static long task(String region, String zone, String phone) {
        long borrower = Fixtures.borrower(region, zone, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long point = Fixtures.mobile(borrower, phone);
        return Fixtures.task(caseId, point, "sms", Instant.parse("2026-11-23T01:00:00Z"));
    }
}
