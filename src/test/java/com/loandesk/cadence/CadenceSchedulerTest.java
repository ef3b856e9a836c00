package com.loandesk.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.config.CadenceConfig;
import com.loandesk.config.CadenceStep;
import com.loandesk.config.PortfolioConfig;
import com.loandesk.portfolio.NightlyJob;
import com.loandesk.portfolio.PortfolioRecompute;
import com.loandesk.store.WaveSpec;
import com.loandesk.store.WaveSelection;
import com.loandesk.store.WaveStore;
import com.loandesk.rules.Channel;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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
class CadenceSchedulerTest {

    private static final PortfolioConfig STAGES = new PortfolioConfig(true, ZoneId.of("UTC"), LocalTime.of(2, 0), 3, 30, 90,
            10_000, Duration.ofSeconds(60));
    /** The shipped conf/cadences.yaml. */
    private static final List<CadenceStep> SHIPPED = CadenceConfig.from(new JsonObject()).steps();
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder-friendly");
        Fixtures.approvedTemplates("reminder-call");
        // no approved formal-notice: the middle stage's notice step must be skipped, not crash the pass
    }

    private static int phones;

    private static long caseOn(String stage, int dpd) {
        long b = Fixtures.borrower("US-NY", null, "US");
        Fixtures.mobile(b, "+1212555" + String.format("%04d", ++phones));
        Fixtures.email(b, "b" + b + "@example.com");
        long c = Fixtures.caseFor(b, stage, "overdue", "1500.00");
        TestDatabase.exec("update collection_case set days_past_due = " + dpd + " where id = " + c);
        return c;
    }

    private static CadenceScheduler scheduler(Pool pool, SettableClock clock, String owner) {
        return new CadenceScheduler(pool, WaveStore.create(pool, clock), clock, SHIPPED, STAGES, owner);
    }

    /** The case's place in the step's wave: a member (its task is made when the wave is fed, at or after its start). */
    private static long waveTasks(String stepKey, LocalDate date, long caseId) {
        return Fixtures.count("select count(*) from wave_member m join wave w on w.id = m.wave_id where w.name = ? and m.case_id = ?",
                "cadence " + stepKey + " " + date, caseId);
    }

    /** What the service's wave feeder does between scheduler runs: every started wave's members become tasks. */
    private static void feedWaves(Pool pool, SettableClock clock) {
        Await.result(WaveStore.create(pool, clock).feedDue(100_000, 1_000_000));
    }

    @Test
    void the_shipped_cadences_expand_to_one_step_per_stage_day() {
        assertEquals(20, SHIPPED.size());
        assertEquals(List.of("early-repeat-sms@d3", "early-repeat-sms@d7", "early-repeat-sms@d12", "early-repeat-sms@d17"),
                SHIPPED.stream().filter(s -> s.id().equals("early-repeat-sms")).map(CadenceStep::key).toList());
        assertEquals(Duration.ofHours(2), SHIPPED.stream().filter(s -> s.id().equals("early-first-call")).findFirst().orElseThrow().after());
    }

    @Test
    void each_step_makes_a_wave_of_the_cases_on_its_stage_day_once_and_skips_unapproved_templates(Vertx vertx) {
        long day1 = caseOn("early", 1);
        long day2 = caseOn("early", 2);
        long day3 = caseOn("early", 3);
        long middle1 = caseOn("middle", 31);
        long late = caseOn("late", 91);
        Pool pool = TestDatabase.pool(vertx, 4);
        SettableClock clock = SettableClock.at("2026-11-23T02:00:00Z");
        CadenceScheduler scheduler = scheduler(pool, clock, "test-a");

        CadenceResult first = Await.result(scheduler.run(DAY));

        assertEquals(5, first.created(), first.toString());
        assertEquals(1, first.skipped(), first.toString());
        assertEquals(14, first.empty(), first.toString());
        assertTrue(first.complete());
        assertEquals(1, waveTasks("early-first-sms@d1", DAY, day1));
        assertEquals(1, waveTasks("early-first-call@d1", DAY, day1));
        assertEquals(1, waveTasks("early-repeat-sms@d3", DAY, day3));
        assertEquals(1, waveTasks("early-repeat-call@d3", DAY, day3));
        assertEquals(1, waveTasks("middle-weekly-call@d1", DAY, middle1));
        assertEquals(0, Fixtures.count("select count(*) from contact_task where case_id in (?, ?)", day2, late));
        assertEquals(5, Fixtures.count("select count(*) from wave_member"));
        assertEquals("cadence:early-first-call", Fixtures.text("select created_by from wave where name = 'cadence early-first-call@d1 2026-11-23'"));
        assertEquals("09:00-12:00", Fixtures.text("select to_char(window_start, 'HH24:MI') || '-' || to_char(window_end, 'HH24:MI') "
                + "from wave where name = 'cadence early-first-sms@d1 2026-11-23'"));
        // the SMS is due at once, the call of the same day two hours later (after: 2h → startsAt)
        assertEquals("2026-11-23T02:00:00Z", Fixtures.text("select to_char(due_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                + "from contact_task where channel = 'sms' and case_id = ?", day1));
        assertEquals("2026-11-23T04:00:00Z", Fixtures.text("select to_char(starts_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                + "from wave where name = 'cadence early-first-call@d1 2026-11-23'"));
        assertEquals(0, Fixtures.count("select count(*) from contact_task where channel = 'voice' and case_id = ?", day1),
                "the call's task is made when its start comes");
        assertEquals("skipped", Fixtures.text("select state from cadence_run where step_key = 'middle-notice@d1'"));
        assertTrue(Fixtures.text("select reason from cadence_run where step_key = 'middle-notice@d1'").contains("formal-notice"));

        // a second pass, and a restarted service's first pass, make nothing new
        clock.tick(Duration.ofMinutes(5));
        CadenceResult again = Await.result(scheduler.run(DAY));
        CadenceResult restarted = Await.result(scheduler(pool, clock, "test-b").run(DAY));
        assertEquals(20, again.alreadyDone());
        assertEquals(20, restarted.alreadyDone());
        assertEquals(5, Fixtures.count("select count(*) from wave"));
        assertEquals(5, Fixtures.count("select count(*) from wave_member"));
        Await.result(pool.close());
    }

    @Test
    void the_nightly_run_recomputes_then_schedules_each_day_of_the_stage_once(Vertx vertx) {
        long c = caseOn("early", 0);
        TestDatabase.exec("update collection_case set status = 'current', due_date = date '2026-11-22' where id = " + c);
        Pool pool = TestDatabase.pool(vertx, 4);
        SettableClock clock = SettableClock.at("2026-11-23T02:30:00Z");
        CadenceScheduler scheduler = scheduler(pool, clock, "nightly");
        NightlyJob job = new NightlyJob(pool, clock, STAGES, new PortfolioRecompute(pool, clock, STAGES, "recompute"),
                date -> scheduler.run(date).map(CadenceResult::complete));

        // day 1 of the early stage (DPD 1): the SMS, and the call two hours later
        assertEquals(NightlyJob.Outcome.RAN, Await.result(job.tick()));
        assertEquals(NightlyJob.Outcome.ALREADY_DONE, Await.result(job.tick()));
        assertEquals("sms voice", Fixtures.text("select string_agg(w.channel, ' ' order by w.channel) from wave_member m "
                + "join wave w on w.id = m.wave_id where m.case_id = ?", c));
        // day 2: nothing; day 3: the first repeat (SMS and call)
        clock.tick(Duration.ofDays(1));
        assertEquals(NightlyJob.Outcome.RAN, Await.result(job.tick()));
        assertEquals(2, Fixtures.count("select count(*) from wave_member where case_id = ?", c));
        feedWaves(pool, clock);
        assertEquals(2, Fixtures.count("select count(*) from contact_task where case_id = ?", c));
        // (the dispatcher sent day 1's contacts: a task still open in an earlier wave of the same template would
        // make the case busy, and WaveStore.create would skip it)
        TestDatabase.exec("update contact_task set state = 'delivered' where case_id = " + c);
        clock.tick(Duration.ofDays(1));
        assertEquals(NightlyJob.Outcome.RAN, Await.result(job.tick()));
        assertEquals(1, waveTasks("early-repeat-sms@d3", LocalDate.of(2026, 11, 25), c));
        assertEquals(1, waveTasks("early-repeat-call@d3", LocalDate.of(2026, 11, 25), c));
        assertEquals(4, Fixtures.count("select count(*) from wave_member where case_id = ?", c));
        assertEquals(3, Fixtures.count("select count(*) from recompute_run"));
        assertEquals(60, Fixtures.count("select count(*) from cadence_run"));
        Await.result(pool.close());
    }

    @Test
    void two_schedulers_at_once_make_one_wave_per_step_and_day(Vertx vertx) {
        for (int dpd : new int[] {1, 3, 7, 12, 17}) {
            caseOn("early", dpd);
        }
        Pool a = TestDatabase.pool(vertx, 4);
        Pool b = TestDatabase.pool(vertx, 4);
        SettableClock clock = SettableClock.at("2026-11-23T02:00:00Z");

        var results = Await.result(Future.all(scheduler(a, clock, "a").run(DAY), scheduler(b, clock, "b").run(DAY))).<CadenceResult>list();
        // whichever was busy (or came second) catches up on its next pass and finds everything done
        Await.result(Future.all(scheduler(a, clock, "a").run(DAY), scheduler(b, clock, "b").run(DAY)));

        assertEquals(10, results.get(0).created() + results.get(1).created(), results.toString());
        assertEquals(10, Fixtures.count("select count(*) from wave"));
        assertEquals(0, Fixtures.count("select count(*) from (select name from wave group by name having count(*) > 1) d"));
        assertEquals(20, Fixtures.count("select count(*) from cadence_run where business_date = '2026-11-23'"));
        assertEquals(10, Fixtures.count("select count(*) from wave_member"));
        assertEquals(0, Fixtures.count("select count(*) from (select m.case_id, w.channel from wave_member m join wave w on w.id = m.wave_id "
                + "group by 1, 2 having count(*) > 1) d"));
        Await.result(a.close());
        Await.result(b.close());
    }

    @Test
    void a_step_left_creating_by_a_crash_is_finished_without_a_second_wave(Vertx vertx) {
        long day1 = caseOn("early", 1);
        Pool pool = TestDatabase.pool(vertx, 4);
        SettableClock clock = SettableClock.at("2026-11-23T02:00:00Z");
        WaveStore waves = WaveStore.create(pool, clock);
        // a crashed pass: the SMS step's wave committed but its row was never marked; the call step's create never committed
        TestDatabase.exec("insert into cadence_run (step_key, business_date, state, wave_name, claimed_by, started_at) values "
                + "('early-first-sms@d1', '2026-11-23', 'creating', 'cadence early-first-sms@d1 2026-11-23', 'crashed', '2026-11-23T02:00:00Z'),"
                + "('early-first-call@d1', '2026-11-23', 'creating', 'cadence early-first-call@d1 2026-11-23', 'crashed', '2026-11-23T02:00:00Z')");
        long crashedWave = Await.result(waves.create(new WaveSpec("cadence early-first-sms@d1 2026-11-23",
                new WaveSelection(Channel.SMS, "reminder-friendly", "early", 1, 1, null, null, null, null, null, 0),
                LocalTime.of(9, 0), LocalTime.of(12, 0), null, null), "cadence:early-first-sms")).waveId();

        CadenceResult r = Await.result(scheduler(pool, clock, "after-restart").run(DAY));

        assertTrue(r.complete(), r.toString());
        assertEquals(crashedWave, Fixtures.count("select wave_id from cadence_run where step_key = 'early-first-sms@d1'"));
        assertEquals("created created", Fixtures.text("select string_agg(state, ' ') from cadence_run where step_key like 'early-first-%'"));
        assertEquals(1, waveTasks("early-first-sms@d1", DAY, day1));
        assertEquals(1, waveTasks("early-first-call@d1", DAY, day1));
        assertEquals(2, Fixtures.count("select count(*) from wave"));
        Await.result(pool.close());
    }

    @Test
    void the_database_refuses_a_second_wave_of_one_cadence_step_and_date(Vertx vertx) {
        Pool pool = TestDatabase.pool(vertx, 2);
        WaveStore waves = WaveStore.create(pool, new SettableClock(java.time.Instant.parse("2026-11-23T02:00:00Z")));
        WaveSpec spec = new WaveSpec("cadence early-first-sms@d1 2026-11-23",
                new WaveSelection(Channel.SMS, "reminder-friendly", "early", 1, 1, null, null, null, null, null, 0),
                LocalTime.of(9, 0), LocalTime.of(12, 0), null, null);
        dayOneCase();
        Await.result(waves.create(spec, "cadence:early-first-sms"));
        Throwable second = waves.create(spec, "cadence:early-first-sms").toCompletionStage().toCompletableFuture()
                .handle((ok, e) -> e).join();
        assertTrue(second != null && String.valueOf(second.getMessage()).contains("wave_cadence_name"), String.valueOf(second));
        assertEquals(1, Fixtures.count("select count(*) from wave"));
        dayOneCase();   // not in the first wave, so a person's wave has something to send
        Await.result(waves.create(spec, "cron"));   // a person's wave of the same name is not a cadence's
        Await.result(pool.close());
    }

    /** An early case one day past due with a mobile: what the step of the test above selects. */
    private static void dayOneCase() {
        long b = Fixtures.borrower("US-CA", null, "US");
        Fixtures.mobile(b, "+1415555" + (2000 + (int) Fixtures.count("select count(*) from borrower")));
        long c = Fixtures.caseFor(b, "early", "overdue", "300.00");
        TestDatabase.exec("update collection_case set days_past_due = 1 where id = " + c);
    }
}
