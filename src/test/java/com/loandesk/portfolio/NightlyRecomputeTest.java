package com.loandesk.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.config.PortfolioConfig;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class NightlyRecomputeTest {

    private static final PortfolioConfig UTC_AT_2 = new PortfolioConfig(true, ZoneId.of("UTC"), LocalTime.of(2, 0), 3, 30, 90,
            10_000, Duration.ofSeconds(60));

    private long borrower;

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
        borrower = Fixtures.borrower("US-NY", null, "US");
    }

    /** A case due on {@code due}, stored with the given (possibly stale) DPD, stage and status. */
    private long caseDue(String due, int storedDpd, String stage, String status) {
        long id = Fixtures.caseFor(borrower, stage, status, "500.00");
        TestDatabase.exec("update collection_case set due_date = date '" + due + "', days_past_due = " + storedDpd + " where id = " + id);
        return id;
    }

    private static String state(long caseId) {
        return Fixtures.text("select days_past_due || ' ' || status || ' ' || stage from collection_case where id = ?", caseId);
    }

    private NightlyJob job(Pool pool, SettableClock clock, PortfolioConfig config, String actor) {
        return new NightlyJob(pool, clock, config, new PortfolioRecompute(pool, clock, config, actor), null);
    }

    @Test
    void dpd_status_and_stage_move_across_thresholds_and_stage_changes_are_in_the_history(Vertx vertx) {
        long notYetDue = caseDue("2026-11-25", 0, "early", "current");
        long dueToday = caseDue("2026-11-22", 0, "early", "current");
        long endOfGrace = caseDue("2026-11-19", 2, "early", "warning");     // DPD 3 on the 22nd, 4 on the 23rd
        long endOfEarly = caseDue("2026-10-23", 29, "early", "overdue");    // DPD 30 on the 22nd, 31 on the 23rd
        long endOfMiddle = caseDue("2026-08-24", 89, "middle", "overdue");  // DPD 90 on the 22nd, 91 on the 23rd
        long paid = caseDue("2026-09-01", 12, "early", "paid");
        long withdrawn = caseDue("2026-09-01", 12, "early", "withdrawn");
        Pool pool = TestDatabase.pool(vertx, 3);
        SettableClock clock = SettableClock.at("2026-11-22T03:00:00Z");
        NightlyJob job = job(pool, clock, UTC_AT_2, "recompute-test");

        assertEquals(NightlyJob.Outcome.RAN, Await.result(job.tick()));
        assertEquals("0 current early", state(notYetDue));
        assertEquals("0 current early", state(dueToday));
        assertEquals("3 warning early", state(endOfGrace));
        assertEquals("30 overdue early", state(endOfEarly));
        assertEquals("90 overdue middle", state(endOfMiddle));
        assertEquals(0, Fixtures.count("select count(*) from case_history where event = 'stage_changed'"));

        clock.set(java.time.Instant.parse("2026-11-23T02:30:00Z"));
        assertEquals(NightlyJob.Outcome.RAN, Await.result(job.tick()));
        assertEquals("0 current early", state(notYetDue));
        assertEquals("1 warning early", state(dueToday));
        assertEquals("4 overdue early", state(endOfGrace));
        assertEquals("31 overdue middle", state(endOfEarly));
        assertEquals("91 overdue late", state(endOfMiddle));
        assertEquals("12 paid early", state(paid));
        assertEquals("12 withdrawn early", state(withdrawn));

        assertEquals("early>middle", Fixtures.text("select (detail->>'from') || '>' || (detail->>'to') from case_history "
                + "where case_id = ? and event = 'stage_changed'", endOfEarly));
        assertEquals("middle>late", Fixtures.text("select (detail->>'from') || '>' || (detail->>'to') from case_history "
                + "where case_id = ? and event = 'stage_changed'", endOfMiddle));
        assertEquals("warning>overdue", Fixtures.text("select (detail->>'from') || '>' || (detail->>'to') from case_history "
                + "where case_id = ? and event = 'status_changed' and detail->>'businessDate' = '2026-11-23'", endOfGrace));
        assertEquals("current>warning", Fixtures.text("select (detail->>'from') || '>' || (detail->>'to') from case_history "
                + "where case_id = ? and event = 'status_changed'", dueToday));
        assertEquals(2, Fixtures.count("select count(*) from case_history where event = 'stage_changed'"));
        assertEquals(0, Fixtures.count("select count(*) from case_history where case_id in (?, ?)", paid, withdrawn));
        assertEquals("recompute-test", Fixtures.text("select actor from case_history where event = 'stage_changed' limit 1"));
        assertEquals("2 2", Fixtures.text("select stage_changes || ' ' || status_changes from recompute_run where business_date = '2026-11-23'"));
        Await.result(pool.close());
    }

    @Test
    void a_business_date_is_recomputed_once_and_not_before_its_local_run_time(Vertx vertx) {
        long c = caseDue("2026-10-23", 0, "early", "current");
        Pool pool = TestDatabase.pool(vertx, 3);
        SettableClock clock = SettableClock.at("2026-11-23T01:59:00Z");
        NightlyJob job = job(pool, clock, UTC_AT_2, "recompute-test");

        assertEquals(NightlyJob.Outcome.NOT_DUE, Await.result(job.tick()));
        assertEquals("0 current early", state(c));

        clock.set(java.time.Instant.parse("2026-11-23T02:00:00Z"));
        assertEquals(NightlyJob.Outcome.RAN, Await.result(job.tick()));
        // a restarted service (a new job) finds the run row and does not run the date again
        NightlyJob restarted = job(pool, clock, UTC_AT_2, "recompute-test-2");
        assertEquals(NightlyJob.Outcome.ALREADY_DONE, Await.result(restarted.tick()));
        assertEquals(1, Fixtures.count("select count(*) from recompute_run"));
        assertEquals(1, Fixtures.count("select count(*) from case_history where event = 'stage_changed'"));
        Await.result(pool.close());
    }

    @Test
    void two_services_starting_at_once_recompute_the_date_once(Vertx vertx) {
        for (int i = 0; i < 20; i++) {
            caseDue("2026-10-23", 0, "early", "current");
        }
        Pool a = TestDatabase.pool(vertx, 3);
        Pool b = TestDatabase.pool(vertx, 3);
        SettableClock clock = SettableClock.at("2026-11-23T05:00:00Z");
        int[] followUps = new int[1];
        AfterRecompute count = date -> {
            synchronized (followUps) {
                followUps[0]++;
            }
            return Future.succeededFuture(true);
        };
        NightlyJob one = new NightlyJob(a, clock, UTC_AT_2, new PortfolioRecompute(a, clock, UTC_AT_2, "one"), count);
        NightlyJob two = new NightlyJob(b, clock, UTC_AT_2, new PortfolioRecompute(b, clock, UTC_AT_2, "two"), count);

        var outcomes = Await.result(Future.all(one.tick(), two.tick())).<NightlyJob.Outcome>list();

        assertTrue(outcomes.contains(NightlyJob.Outcome.RAN), outcomes.toString());
        assertEquals(1, Fixtures.count("select count(*) from recompute_run"));
        assertEquals(20, Fixtures.count("select count(*) from case_history where event = 'stage_changed'"));
        assertEquals(20, Fixtures.count("select count(*) from case_history where event = 'status_changed'"));
        // whichever lost the lock catches up on its next tick: the date is done, its follow-up runs (and is idempotent)
        Await.result(Future.all(one.tick(), two.tick()));
        assertEquals(1, Fixtures.count("select count(*) from recompute_run"));
        assertEquals(20, Fixtures.count("select count(*) from case_history where event = 'stage_changed'"));
        assertEquals(List.of(NightlyJob.Outcome.ALREADY_DONE, NightlyJob.Outcome.ALREADY_DONE),
                Await.result(Future.all(one.tick(), two.tick())).list());
        // what follows the recompute ran for the date in both services (it guards itself against doubles)
        assertTrue(followUps[0] >= 2, "follow-ups " + followUps[0]);
        Await.result(a.close());
        Await.result(b.close());
    }

    @Test
    void the_business_date_is_the_lenders_calendar_day_in_the_configured_zone(Vertx vertx) {
        long c = caseDue("2026-11-22", 0, "early", "current");
        PortfolioConfig shanghai = new PortfolioConfig(true, ZoneId.of("Asia/Shanghai"), LocalTime.of(2, 0), 3, 30, 90,
                10_000, Duration.ofSeconds(60));
        Pool pool = TestDatabase.pool(vertx, 3);
        // 20:00 UTC on the 22nd is 04:00 on the 23rd in Shanghai
        SettableClock clock = SettableClock.at("2026-11-22T20:00:00Z");
        NightlyJob job = job(pool, clock, shanghai, "recompute-test");

        assertEquals(LocalDate.of(2026, 11, 23), job.businessDate());
        assertEquals(NightlyJob.Outcome.RAN, Await.result(job.tick()));
        assertEquals("1 warning early", state(c));
        Await.result(pool.close());
    }

    @Test
    void cases_are_recomputed_in_id_range_batches(Vertx vertx) {
        TestDatabase.exec("insert into collection_case (external_id, borrower_id, product, amount_overdue, currency, due_date, "
                + "days_past_due, stage, status) select 'BULK-' || g, " + borrower + ", 'personal-loan', 100, 'USD', "
                + "date '2026-11-23' - (g % 120), 0, 'early', 'current' from generate_series(1, 250) g");
        PortfolioConfig small = new PortfolioConfig(true, ZoneId.of("UTC"), LocalTime.of(2, 0), 3, 30, 90, 100, Duration.ofSeconds(60));
        Pool pool = TestDatabase.pool(vertx, 3);
        var recompute = new PortfolioRecompute(pool, SettableClock.at("2026-11-23T03:00:00Z"), small, "recompute-test");

        RecomputeResult r = Await.result(recompute.run(LocalDate.of(2026, 11, 23)));

        assertEquals(3, r.batches());
        assertEquals(0, Fixtures.count("select count(*) from collection_case where days_past_due <> date '2026-11-23' - due_date"));
        assertEquals(Fixtures.count("select count(*) from collection_case where date '2026-11-23' - due_date between 31 and 90"),
                Fixtures.count("select count(*) from collection_case where stage = 'middle'"));
        assertEquals(Fixtures.count("select count(*) from collection_case where stage <> 'early'"), r.stageChanges());
        // the same date again changes nothing
        assertEquals(0, Await.result(recompute.run(LocalDate.of(2026, 11, 23))).casesUpdated());
        Await.result(pool.close());
    }
}
