package com.loandesk.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.Providers;
import com.loandesk.Service;
import com.loandesk.config.AppConfig;
import com.loandesk.rules.PolicyBook;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Period;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RetentionJobTest {

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
    }

    @Test
    void records_older_than_three_years_are_purged_and_the_run_is_logged(Vertx vertx) {
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550123");
        TestDatabase.exec("insert into case_history (case_id, at, event, actor) values "
                + "(" + caseId + ", '2022-11-01T00:00:00Z', 'sent', 'd'), (" + caseId + ", '2024-01-01T00:00:00Z', 'sent', 'd')");
        TestDatabase.exec("insert into contact_attempt (borrower_id, case_id, contact_point_id, channel, at) values "
                + "(" + borrower + ", " + caseId + ", " + phone + ", 'sms', '2022-11-01T00:00:00Z'),"
                + "(" + borrower + ", " + caseId + ", " + phone + ", 'sms', '2026-11-01T00:00:00Z')");
        long wave = Fixtures.count("insert into wave (name, channel, template, created_by, created_at, updated_at) "
                + "values ('old', 'sms', 'reminder', 'cron', '2022-10-01T00:00:00Z', '2022-10-01T00:00:00Z') returning id");
        TestDatabase.exec("insert into wave_sample (wave_id, at, counts) values (" + wave + ", '2022-10-01T00:00:00Z', '{}'), ("
                + wave + ", '2026-11-01T00:00:00Z', '{}')");
        Pool pool = TestDatabase.pool(vertx, 2);
        var job = new RetentionJob(pool, SettableClock.at("2026-11-23T00:00:00Z"), Period.ofYears(3), "retention-test");

        var deleted = Await.result(job.run());

        assertEquals(1, deleted.get("case_history"));
        assertEquals(1, deleted.get("contact_attempt"));
        assertEquals(1, deleted.get("wave_sample"), "the board's samples go with what they counted");
        assertEquals("2026", Fixtures.text("select extract(year from at at time zone 'UTC')::int::text from wave_sample"));
        assertEquals(1, Fixtures.count("select count(*) from case_history"));
        assertEquals("2024", Fixtures.text("select extract(year from at at time zone 'UTC')::int::text from case_history"));
        assertEquals(1, Fixtures.count("select count(*) from contact_attempt"));
        assertEquals("retention-test", Fixtures.text("select actor from retention_run"));
        assertEquals("1", Fixtures.text("select deleted->>'case_history' from retention_run"), Fixtures.text("select deleted::text from retention_run"));
        // outside the purge the history is still append-only
        assertThrows(IllegalStateException.class, () -> TestDatabase.exec("delete from case_history"));
        Await.result(pool.close());
    }

    @Test
    void the_ledger_goes_a_whole_month_at_a_time_once_the_month_is_past_retention(Vertx vertx) {
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550125");
        TestDatabase.exec("select month_partitions_ensure('contact_attempt', '2023-10-01T00:00:00Z', '2023-11-30T00:00:00Z')");
        String row = "(" + borrower + ", " + caseId + ", " + phone + ", 'sms', '%s')";
        TestDatabase.exec("insert into contact_attempt (borrower_id, case_id, contact_point_id, channel, at) values "
                + String.join(", ", row.formatted("2023-10-02T00:00:00Z"), row.formatted("2023-10-15T00:00:00Z"),
                row.formatted("2023-10-31T23:59:59Z"), row.formatted("2023-11-05T00:00:00Z"), row.formatted("2026-11-20T00:00:00Z")));
        Pool pool = TestDatabase.pool(vertx, 2);
        // three years before the clock is 2023-11-23: October 2023 is wholly past it, November not yet
        var job = new RetentionJob(pool, SettableClock.at("2026-11-23T00:00:00Z"), Period.ofYears(3), "retention-test");

        var deleted = Await.result(job.run());

        assertEquals(3, deleted.get("contact_attempt"));
        assertNull(Fixtures.text("select to_regclass('contact_attempt_2023_10')::text"), "October's partition is dropped whole");
        assertEquals("2023-11,2026-11", Fixtures.text("select string_agg(to_char(at at time zone 'UTC', 'YYYY-MM'), ',' order by at) "
                + "from contact_attempt"), "November waits for its month");
        assertTrue(Fixtures.text("select deleted->>'months_dropped' from retention_run").contains("contact_attempt_2023_10"));
        Await.result(pool.close());
    }

    @Test
    void finished_tasks_go_past_retention_in_the_order_they_came(Vertx vertx) {
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550126");
        // created in this order, as ids go: old and finished (goes, twice), old but changed since, old and still open,
        // then newer ones; more than a purge page (10,000) of old finished ones, so the purge pages through them
        TestDatabase.exec("insert into contact_task (case_id, contact_point_id, channel, template, due_at, state, created_at, updated_at) "
                + "select " + caseId + ", " + phone + ", 'sms', 'r', t, 'delivered', t, t from generate_series(1, 12000) g, "
                + "lateral (select timestamptz '2023-01-01T00:00:00Z' + g * interval '1 minute' as t) x");
        TestDatabase.exec("insert into contact_task (case_id, contact_point_id, channel, template, due_at, state, created_at, updated_at) values "
                + "(" + caseId + ", " + phone + ", 'sms', 'r', '2023-02-01', 'failed', '2023-02-01', '2026-01-01'), "
                + "(" + caseId + ", " + phone + ", 'sms', 'r', '2023-02-01', 'deferred', '2023-02-01', '2023-02-01'), "
                + "(" + caseId + ", " + phone + ", 'sms', 'r', '2026-11-01', 'sent', '2026-11-01', '2026-11-01')");
        Pool pool = TestDatabase.pool(vertx, 2);
        var job = new RetentionJob(pool, SettableClock.at("2026-11-23T00:00:00Z"), Period.ofYears(3), "retention-test");

        var deleted = Await.result(job.run());

        assertEquals(12000, deleted.get("contact_task"));
        assertEquals("deferred,failed,sent", Fixtures.text("select string_agg(state, ',' order by state) from contact_task"));
        Await.result(pool.close());
    }

    @Test
    void provider_events_and_inbound_messages_go_by_whole_months_dropped_or_from_the_default_partition(Vertx vertx) {
        // one event and one text a day from 2023-01-02 (every 24 hours: the session's zone keeps summer time); the events' months of 2023 have partitions, the texts wait in
        // the default partition (no month made for them)
        TestDatabase.exec("select month_partitions_ensure('provider_event', '2023-01-01T00:00:00Z', '2023-12-31T00:00:00Z')");
        TestDatabase.exec("insert into provider_event (provider_sid, kind, dedupe_key, received_at) select 'SM' || g, "
                + "'delivery_status', 'delivered', timestamptz '2023-01-01T00:00:00Z' + g * interval '24 hours' from generate_series(1, 400) g");
        TestDatabase.exec("insert into inbound_message (message_sid, from_number, received_at) select 'IN' || g, '+12125550126', "
                + "timestamptz '2023-01-01T00:00:00Z' + g * interval '24 hours' from generate_series(1, 400) g");
        Pool pool = TestDatabase.pool(vertx, 2);
        var job = new RetentionJob(pool, SettableClock.at("2026-11-23T00:00:00Z"), Period.ofYears(3), "retention-test");

        var deleted = Await.result(job.run());

        // three years before the clock is 2023-11-23: January to October 2023 are wholly past it (303 days), November
        // is kept whole until it is
        assertEquals(303, deleted.get("provider_event"), () -> Fixtures.text("select deleted::text from retention_run") + " "
                + Fixtures.text("select string_agg(tableoid::regclass::text || ':' || received_at::text, ', ' order by received_at) "
                + "from provider_event where received_at < '2023-11-03'"));
        assertEquals(303, deleted.get("inbound_message"));
        assertNull(Fixtures.text("select to_regclass('provider_event_2023_10')::text"), "October's events are dropped whole");
        assertEquals("provider_event_2023_11", Fixtures.text("select to_regclass('provider_event_2023_11')::text"));
        assertEquals("2023-11-01", Fixtures.text("select to_char(min(received_at) at time zone 'UTC', 'YYYY-MM-DD') from provider_event"));
        assertEquals(97, Fixtures.count("select count(*) from inbound_message"));
        assertEquals("2023-11-01", Fixtures.text("select to_char(min(received_at) at time zone 'UTC', 'YYYY-MM-DD') from inbound_message"));
        String dropped = Fixtures.text("select deleted->>'months_dropped' from retention_run");
        assertTrue(dropped.contains("provider_event_2023_01") && dropped.contains("provider_event_2023_10"), dropped);
        Await.result(pool.close());
    }

    @Test
    void a_reminder_calls_script_goes_a_day_after_the_call_while_its_task_stays(Vertx vertx) {
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550124");
        long yesterday = Fixtures.task(caseId, phone, "voice", java.time.Instant.parse("2026-11-21T00:00:00Z"));
        long today = Fixtures.task(caseId, phone, "voice", java.time.Instant.parse("2026-11-22T23:00:00Z"));
        TestDatabase.exec("insert into voice_script (task_id, attempt, locale, body, created_at) values "
                + "(" + yesterday + ", 1, 'en', 'You owe 120.50 USD', '2026-11-21T23:00:00Z'),"
                + "(" + today + ", 1, 'en', 'You owe 80.00 USD', '2026-11-22T23:00:00Z')");
        Pool pool = TestDatabase.pool(vertx, 2);
        var job = new RetentionJob(pool, SettableClock.at("2026-11-23T00:00:00Z"), Period.ofYears(3), "retention-test");

        var deleted = Await.result(job.run());

        assertEquals(1, deleted.get("voice_script"));
        assertEquals(java.util.List.of(today), Fixtures.ids("select task_id from voice_script"));
        assertEquals(2, Fixtures.count("select count(*) from contact_task"), "the tasks and their record stay");
        Await.result(pool.close());
    }

    private static void oldHistory() {
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        TestDatabase.exec("insert into case_history (case_id, at, event, actor) values (" + caseId + ", '2020-01-01T00:00:00Z', 'sent', 'd')");
    }

    @Test
    void a_second_process_does_not_purge_while_another_holds_the_lock_nor_again_within_the_interval(Vertx vertx) throws Exception {
        oldHistory();
        SettableClock clock = SettableClock.at("2026-11-23T00:00:00Z");
        Pool pool = TestDatabase.pool(vertx, 2);
        var job = new RetentionJob(pool, clock, Period.ofYears(3), "retention-test");
        Duration day = Duration.ofHours(24);
        try (Connection other = DriverManager.getConnection(TestDatabase.target().jdbcUrl(), TestDatabase.target().user(),
                TestDatabase.target().password()); var st = other.createStatement()) {
            // another process purging: it holds the lock
            st.execute("select pg_advisory_lock(hashtext('" + RetentionJob.LOCK + "'))");
            assertEquals(RetentionJob.Outcome.BUSY, Await.result(job.runIfDue(day)));
            assertEquals(1, Fixtures.count("select count(*) from case_history"));
            assertEquals(0, Fixtures.count("select count(*) from retention_run"));
            st.execute("select pg_advisory_unlock(hashtext('" + RetentionJob.LOCK + "'))");
        }
        assertEquals(RetentionJob.Outcome.RAN, Await.result(job.runIfDue(day)));
        assertEquals(0, Fixtures.count("select count(*) from case_history"));
        clock.tick(Duration.ofHours(23));
        assertEquals(RetentionJob.Outcome.RECENT, Await.result(job.runIfDue(day)));
        clock.tick(Duration.ofHours(2));
        assertEquals(RetentionJob.Outcome.RAN, Await.result(job.runIfDue(day)));
        assertEquals(2, Fixtures.count("select count(*) from retention_run"));
        Await.result(pool.close());
    }

    @Test
    void the_service_purges_at_start_not_a_day_later(Vertx vertx) {
        oldHistory();
        AppConfig config = AppConfig.from(new JsonObject()
                .put("http", new JsonObject().put("port", 0).put("host", "127.0.0.1"))
                .put("providers", new JsonObject().put("mode", "simulator"))
                .put("portfolio", new JsonObject().put("enabled", false))
                .put("retention", new JsonObject().put("intervalHours", 24)));
        Map<String, String> env = Map.of();
        Service service = Await.result(Providers.start(vertx, config, env, 0).compose(p -> Service.start(vertx, config,
                TestDatabase.target(), SettableClock.at("2026-11-23T00:00:00Z"), p, com.loandesk.policies.PolicyFiles.load(config.rules().policiesDir()), env)));
        try {
            Await.until("a retention run logged", Duration.ofSeconds(10), () -> Fixtures.count("select count(*) from retention_run") == 1);
            assertEquals(0, Fixtures.count("select count(*) from case_history"));
        } finally {
            Await.result(service.stop());
        }
    }
}
