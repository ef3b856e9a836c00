package com.loandesk.bench;

import com.loandesk.audit.ChainedTable;
import com.loandesk.audit.Sealer;
import com.loandesk.config.AuditConfig;
import com.loandesk.config.DatabaseConfig;
import com.loandesk.config.DatabaseFallback;
import com.loandesk.reports.ReportPeriod;
import com.loandesk.reports.Reports;
import com.loandesk.retention.RetentionJob;
import com.loandesk.store.CaseStore;
import com.loandesk.store.ComplianceLog;
import com.loandesk.store.DatabaseLocator;
import com.loandesk.store.DatabaseTarget;
import com.loandesk.store.LogQuery;
import com.loandesk.store.Migrations;
import com.loandesk.store.Pools;
import com.loandesk.web.api.LogLines;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service at a lender's volume: builds (once, then keeps) a database of {@code --cases} borrowers with
 * {@code --history-rows} history rows over three years, with the finished tasks, the contact ledger, the provider's
 * callbacks, the texts in and the access audit that go with them, in the shapes the service writes, the history and the
 * audit sealed by the real sealer; then measures, on this database,
 * the compliance log's usual reads, a case's page, the daily and monthly reports, one day of the log's CSV, a
 * 100,000-task wave against the same wave on an empty database, and a retention run that drops a month. Prints one
 * line of figures. Run it through {@code scripts/volume-bench}.
 */
public final class VolumeBench {

    private static final Logger LOG = LoggerFactory.getLogger(VolumeBench.class);

    /** The history spans this many months within retention, plus the spare ones the purge measurement drops. */
    static final int MONTHS = 36;

    /** History rows per finished task, on average (see {@link #month}). */
    static final double ROWS_PER_TASK = 3.75;

    /** The tables kept by month (com.loandesk.retention.MonthlyTable). */
    private static final List<String> MONTHLY_TABLES = List.of("case_history", "contact_attempt", "provider_event", "inbound_message",
            "access_audit");

    private static final String[] ZONES = {"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
        "America/Phoenix", "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico"};

    private VolumeBench() {
    }

    record Options(int cases, long historyRows, int spareMonths, int tasks, int warmup, int reads, String database,
                   boolean rebuild) {

        static Options parse(String[] args) {
            BenchOptions o = new BenchOptions().option("--cases", 1_000_000).option("--history-rows", 100_000_000)
                    .option("--spare-months", 2).option("--tasks", 100_000).option("--warmup", 20_000).option("--reads", 20)
                    .option("--database", "loandesk_volume").option("--rebuild", "no").parse(args);
            return new Options(o.integer("--cases"), Long.parseLong(o.text("--history-rows")), o.integer("--spare-months"),
                    o.integer("--tasks"), o.integer("--warmup"), o.integer("--reads"), o.text("--database"),
                    o.oneOf("--rebuild", "yes", "no").equals("yes"));
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        DatabaseLocator locator = new DatabaseLocator(System.getenv());
        DatabaseTarget server = locator.locate("postgres", true);
        DatabaseTarget db = server.withDatabase(o.database());
        Instant now = Instant.now();
        if (o.rebuild() || !built(db, o)) {
            build(db, o, now);
        } else {
            LOG.info("volume database kept from an earlier run database={} (--rebuild yes builds it again)", o.database());
            long migrating = System.nanoTime();
            int applied = Migrations.migrate(db);
            if (applied > 0) {
                System.out.printf(Locale.ROOT, "# migrations applied to the kept volume: %d in %.1f s%n", applied,
                        (System.nanoTime() - migrating) / 1e9);
            }
        }
        vacuumAnalyze(db);
        long historyRows = estimate(db, "case_history");

        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("history_rows", Long.toString(historyRows));
        Vertx vertx = Vertx.vertx();
        Pool pool = Pools.create(vertx, db, new DatabaseConfig(8, 10_000, db.database(), DatabaseFallback.NONE));
        Pool exports = Pools.exports(vertx, db, new DatabaseConfig(8, 10_000, db.database(), DatabaseFallback.NONE));
        try {
            reads(db, pool, exports, vertx, o, now, figures);
        } finally {
            close(vertx, pool, exports);
        }

        // the same wave on an empty database and on this one, one after the other
        ZoneId zone = BenchDatabases.middayZone();
        DatabaseTarget empty = server.withDatabase(o.database() + "_empty");
        BenchDatabases.recreate(empty);
        Migrations.migrate(empty);
        DispatchBench.seed(empty, o.warmup(), o.tasks(), zone);
        DispatchBench.Options wave = new DispatchBench.Options(o.tasks(), o.warmup(), 0, 1000, 500, 1, 8, "policies", "simulator",
                true, empty.database());
        DispatchBench.Drained onEmpty = DispatchBench.drain(wave, empty, false);
        seedOnTheVolume(db, o.warmup(), o.tasks(), zone);
        DispatchBench.Drained onFull = DispatchBench.drain(wave, db, false);
        System.out.println("# empty: " + onEmpty.setup().substring(2));
        System.out.println("# full: " + onFull.setup().substring(2));
        figures.put("tasks_per_s_empty", String.format(Locale.ROOT, "%.0f", onEmpty.tasksPerSecond()));
        figures.put("tasks_per_s_full", String.format(Locale.ROOT, "%.0f", onFull.tasksPerSecond()));
        figures.put("ratio", String.format(Locale.ROOT, "%.2f", onFull.tasksPerSecond() / onEmpty.tasksPerSecond()));

        Vertx purgeVertx = Vertx.vertx();
        Pool purgePool = Pools.create(purgeVertx, db, new DatabaseConfig(2, 100, db.database(), DatabaseFallback.NONE));
        try {
            purge(db, purgePool, figures);
        } finally {
            close(purgeVertx, purgePool);
        }
        locator.close();
        StringBuilder line = new StringBuilder();
        for (String key : List.of("history_rows", "tasks_per_s_empty", "tasks_per_s_full", "ratio", "log_p95_ms", "case_p95_ms",
                "daily_report_ms", "monthly_report_ms", "csv_rows_per_s", "purge_month_ms")) {
            line.append(line.length() == 0 ? "" : " ").append(key).append('=').append(figures.getOrDefault(key, "-"));
        }
        System.out.println(line);
        System.exit(0);
    }

    /**
     * Vacuums and refreshes the planner's statistics before measuring, as autovacuum would have after the last run's
     * writes (a wave, a purge) and the growth of the current month (the visibility map the index-only reads need, the
     * statistics the plans need); says whether the server runs autovacuum at all.
     */
    private static void vacuumAnalyze(DatabaseTarget db) throws SQLException {
        long start = System.nanoTime();
        try (Connection c = connect(db); Statement st = c.createStatement()) {
            String autovacuum;
            try (ResultSet r = st.executeQuery("show autovacuum")) {
                r.next();
                autovacuum = r.getString(1);
            }
            st.execute("vacuum analyze");
            System.out.printf(Locale.ROOT, "# vacuum analyze before measuring: %.1f s (the server's autovacuum: %s)%n",
                    (System.nanoTime() - start) / 1e9, autovacuum);
        }
    }

    // ---- the build ----

    /** Whether {@code db} holds a volume built with these options. */
    private static boolean built(DatabaseTarget db, Options o) {
        try (Connection c = connect(db); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("select cases, history_rows from volume_bench_build")) {
            return r.next() && r.getInt(1) == o.cases() && r.getLong(2) == o.historyRows();
        } catch (SQLException missing) {
            return false;
        }
    }

    private static void build(DatabaseTarget db, Options o, Instant now) throws Exception {
        long started = System.nanoTime();
        BenchDatabases.recreate(db);
        Migrations.migrate(db);
        int c = o.cases();
        int months = MONTHS + o.spareMonths();
        long perMonth = o.historyRows() / MONTHS;
        long tasksPerMonth = Math.max(1, Math.round(perMonth / ROWS_PER_TASK));
        OffsetDateTime thisMonth = YearMonth.from(now.atOffset(ZoneOffset.UTC)).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime first = thisMonth.minusMonths(months - 1);
        try (Connection conn = connect(db); Statement st = conn.createStatement()) {
            st.execute("set synchronous_commit = off");
            st.execute("set maintenance_work_mem = '512MB'");
            st.execute("set work_mem = '256MB'");
            st.execute("insert into borrower (id, external_id, full_name, time_zone, jurisdiction) select g, 'VB-' || g, "
                    + "'Borrower ' || g, (array['" + String.join("','", ZONES) + "'])[1 + g % " + ZONES.length + "], 'US' "
                    + "from generate_series(1, " + c + ") g");
            st.execute("insert into collection_case (id, external_id, borrower_id, product, amount_overdue, currency, due_date, "
                    + "days_past_due, stage, status, assigned_collector) select g, 'VC-' || g, g, 'loan', 100 + g % 5000, 'USD', "
                    + "current_date - g % 90, g % 90, case when g % 90 < 30 then 'early' when g % 90 < 60 then 'middle' else 'late' end, "
                    + "case when g % 10 = 0 then 'paid' else 'overdue' end, 'collector' || g % 50 from generate_series(1, " + c + ") g");
            st.execute("insert into contact_point (id, borrower_id, kind, value, sms_consent, voice_consent, consent_source, "
                    + "rnd_checked_at, rnd_result, rnd_proof) select g, g, 'mobile', '+1202' || lpad(g::text, 7, '0'), true, true, "
                    + "'application_form', now(), 'not_reassigned', 'volume' from generate_series(1, " + c + ") g");
            st.execute("insert into contact_point (id, borrower_id, kind, value) select " + c + " + g, g, 'email', "
                    + "'b' || g || '@example.com' from generate_series(1, " + c + ") g");
            for (String seq : List.of("borrower_id_seq", "collection_case_id_seq", "contact_point_id_seq")) {
                st.execute("select setval('" + seq + "', (select max(id) from " + seq.replace("_id_seq", "") + "))");
            }
            st.execute("insert into template (code, version, channel, locale, body, approved_by, approved_at) values "
                    + "('reminder-friendly', 1, 'sms', 'en', '{{lenderName}}: hello {{firstName}}, a payment of {{amount}} "
                    + "{{currency}} is waiting. Reply STOP to opt out.', 'volume-compliance', now())");
            // every monthly table's months, as the service keeps them: a row of a month with no partition would wait in the
            // default one, and a purge would delete it rather than drop its month
            for (String monthly : MONTHLY_TABLES) {
                st.execute("select month_partitions_ensure('" + monthly + "', '" + first + "', '" + thisMonth.plusMonths(3) + "')");
            }
            LOG.info("volume build: borrowers, cases and contact points done cases={} seconds={}", c, secondsSince(started));
        }
        Vertx vertx = Vertx.vertx();
        Pool pool = Pools.create(vertx, db, new DatabaseConfig(2, 100, db.database(), DatabaseFallback.NONE, Duration.ofMinutes(30),
                Duration.ofSeconds(15), Duration.ofMinutes(30), 1, Duration.ofSeconds(60), DatabaseConfig.DEFAULT_CONNECTION_LIFETIME));
        Sealer sealer = new Sealer(pool, Clock.systemUTC(), AuditConfig.defaults().blockRows());
        try (Connection conn = connect(db); Statement st = conn.createStatement()) {
            st.execute("set synchronous_commit = off");
            st.execute("set work_mem = '256MB'");
            for (int m = 0; m < months; m++) {
                OffsetDateTime from = first.plusMonths(m);
                // the current month only up to now
                OffsetDateTime to = m == months - 1 ? now.atOffset(ZoneOffset.UTC) : from.plusMonths(1);
                long tasks = m == months - 1
                        ? Math.max(1, tasksPerMonth * Duration.between(from, to).toSeconds() / Duration.between(from, from.plusMonths(1)).toSeconds())
                        : tasksPerMonth;
                st.execute(month(c, (long) m * tasksPerMonth, tasks, c / MONTHS, from, to));
                st.execute(sideTables((long) m * tasksPerMonth + 1, (long) m * tasksPerMonth + tasks));
                seal(db, sealer, ChainedTable.CASE_HISTORY);
                seal(db, sealer, ChainedTable.ACCESS_AUDIT);
                LOG.info("volume build: month {} of {} done from={} tasks={} seconds={}", m + 1, months, from.toLocalDate(), tasks,
                        secondsSince(started));
            }
            st.execute("select setval('contact_task_id_seq', (select max(id) from contact_task))");

            st.execute("vacuum analyze");
            st.execute("create table volume_bench_build (cases int not null, history_rows bigint not null, built_at timestamptz not null)");
            st.execute("insert into volume_bench_build values (" + c + ", " + o.historyRows() + ", now())");
        } finally {
            close(vertx, pool);
        }
        LOG.info("volume build done seconds={}", secondsSince(started));
    }

    /**
     * One month of finished tasks (one in ten blocked by one of four rules, one in twenty failed, the rest sent and
     * delivered; seven in ten SMS, two voice, one e-mail; a fifth of the voice ones clicked by the case's collector),
     * their history rows (2, 3 or 4 each, written in time order) and their ledger rows, and the month's cases turning
     * overdue, in one statement.
     */
    static String month(int cases, long base, long tasks, int overdue, OffsetDateTime from, OffsetDateTime to) {
        // a task's rows take up to a minute after it: the month's last two minutes stay free, so every row is in its month
        String span = "(timestamptz '" + from + "' + ((g - " + base + ")::float8 / " + (tasks + 1) + ") * (timestamptz '" + to
                + "' - interval '2 minutes' - timestamptz '" + from + "'))";
        return """
                with t as materialized (
                    select g, cs, ch, k, at,
                           case when ch = 'voice' and (g / 10) %% 5 = 0 then 'click-to-call' when ch = 'voice' then 'reminder-call'
                                when ch = 'email' then 'reminder-email' else 'reminder-friendly' end as tpl,
                           case when ch = 'voice' and (g / 10) %% 5 = 0 then 'collector' || cs %% 50 else 'wave' end as by,
                           (array['QUIET_HOURS', 'DAILY_CAP', 'WEEKLY_CAP', 'HOLD'])[1 + (g / 20) %% 4] as rule
                      from (select g, 1 + (g * 2654435761) %% %1$d as cs,
                                   case when g %% 10 < 7 then 'sms' when g %% 10 < 9 then 'voice' else 'email' end as ch,
                                   g %% 20 as k, %2$s as at
                              from generate_series(%3$d + 1, %3$d + %4$d) g) x),
                tasks as (
                    insert into contact_task (id, case_id, contact_point_id, channel, template, due_at, attempts, state, provider_ref,
                                              block_rule, created_by, created_at, updated_at)
                    select g, cs, case when ch = 'email' then %1$d + cs else cs end, ch, tpl, at, case when k < 2 then 0 else 1 end,
                           case when k < 2 then 'blocked' when k = 2 then 'failed' else 'delivered' end,
                           case when k >= 2 then 'SM' || g end, case when k < 2 then rule end, by, at, at + interval '1 minute'
                      from t),
                ledger as (
                    insert into contact_attempt (borrower_id, case_id, contact_point_id, task_id, attempt_no, channel, at, connected,
                                                 conversation, duration_s, outcome, point_kind)
                    select cs, cs, case when ch = 'email' then %1$d + cs else cs end, g, 1, ch, at + interval '1 second',
                           case when ch = 'voice' then g %% 3 = 0 end, ch = 'voice' and g %% 3 = 0,
                           case when ch = 'voice' and g %% 3 = 0 then 30 + g %% 200 else 0 end,
                           case when ch = 'sms' and k > 2 then 'delivered' when ch = 'voice' and g %% 3 = 0 then 'answered'
                                when ch = 'voice' then 'no_answer' end,
                           case when ch = 'email' then 'email' else 'mobile' end
                      from t where k >= 2)
                insert into case_history (case_id, task_id, at, event, state, rule_id, policy, provider_ref, actor, detail)
                select * from (
                    select cs, g, at, 'task_created', 'pending', null, null, null, by, jsonb_build_object('template', tpl) from t
                    union all
                    select cs, g, at + interval '1 second', 'blocked', 'blocked', rule, 'us-reg-f', null, 'dispatcher',
                           jsonb_build_object('reason', rule || ' (volume)') from t where k < 2
                    union all
                    select cs, g, at + interval '1 second', 'sending', 'sending', null, null, null, 'dispatcher', null from t where k >= 2
                    union all
                    select cs, g, at + interval '3 seconds', 'failed', 'failed', null, null, null, 'dispatcher',
                           jsonb_build_object('error', '30003 unreachable') from t where k = 2
                    union all
                    select cs, g, at + interval '2 seconds', 'sent', 'sent', null, null, 'SM' || g, 'dispatcher', null from t where k > 2
                    union all
                    select cs, g, at + interval '1 minute', 'delivery_status', 'delivered', null, null, 'SM' || g, 'twilio',
                           '{"status": "delivered"}'::jsonb
                      from t where k > 2
                    union all
                    select 1 + (i * 40503) %% %1$d, null, timestamptz '%5$s' + ((i - 1)::float8 / %6$d) * (timestamptz '%7$s' - timestamptz '%5$s'),
                           'status_changed', null, null, null, null, 'portfolio', '{"from": "warning", "to": "overdue"}'::jsonb
                      from generate_series(1, %6$d) i) e(case_id, task_id, at, event, state, rule_id, policy, provider_ref, actor, detail)
                 order by at
                """.formatted(cases, span, base, tasks, from, Math.max(1, overdue), to);
    }

    /**
     * Provider events, inbound texts and the access audit of the tasks {@code fromId} to {@code toId}, in the shapes
     * the service writes them: each delivered SMS's delivery callback; each placed call's last status and, when it was
     * answered, its recording; a text in from one borrower in fifty reminded by SMS (one in ten of those a STOP); and
     * in the access audit, each click-to-call's unmasking of the number by its collector.
     */
    static String sideTables(long fromId, long toId) {
        return """
                with t as materialized (
                    select t.id, t.case_id, t.channel, t.provider_ref, t.created_by, t.updated_at, p.value
                      from contact_task t join contact_point p on p.id = t.contact_point_id
                     where t.id between %1$d and %2$d and t.state = 'delivered' and t.channel in ('sms', 'voice')),
                events as (
                    insert into provider_event (provider_sid, kind, dedupe_key, status, task_id, received_at, detail)
                    select provider_ref, kind, status, status, id, at, detail from (
                        select provider_ref, 'delivery_status' as kind, 'delivered' as status, id, updated_at as at,
                               '{"MessageStatus": "delivered"}'::jsonb as detail
                          from t where channel = 'sms'
                        union all
                        select provider_ref, 'call_status', case when id %% 3 = 0 then 'completed' else 'no-answer' end, id,
                               updated_at, jsonb_build_object('CallDuration', case when id %% 3 = 0 then 30 + id %% 200 else 0 end)
                          from t where channel = 'voice'
                        union all
                        select provider_ref, 'recording', 'RE' || id, id, updated_at + interval '10 seconds',
                               jsonb_build_object('recordingSid', 'RE' || id, 'RecordingDuration', 30 + id %% 200)
                          from t where channel = 'voice' and id %% 3 = 0) e
                     order by at),
                texts as (
                    insert into inbound_message (message_sid, from_number, to_number, body, keyword, matched, received_at)
                    select 'SMIN' || id, value, '+12025550100', case when id %% 500 = 3 then 'STOP' else 'will pay on friday' end,
                           case when id %% 500 = 3 then 'opt_out' end, case when id %% 500 = 3 then 'STOP' end,
                           updated_at + interval '1 hour'
                      from t where channel = 'sms' and id %% 50 = 3 order by id)
                insert into access_audit (at, actor, role, action, case_id, target, detail)
                select updated_at - interval '30 seconds', created_by, 'collector', 'unmask', case_id, 'VC-' || case_id,
                       '{"field": "contact"}'::jsonb
                  from t where created_by like 'collector%%' order by id
                """.formatted(fromId, toId);
    }

    /** Seals {@code table} up to what is committed now, with the service's sealer. */
    private static void seal(DatabaseTarget db, Sealer sealer, ChainedTable table) throws Exception {
        long maxId;
        try (Connection c = connect(db); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("select coalesce(max(id), 0) from " + table.table())) {
            r.next();
            maxId = r.getLong(1);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (await(sealer.pass(table), 1800).sealedTo() < maxId) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the sealer did not reach id " + maxId + " within 30 minutes");
            }
            Thread.sleep(50);
        }
    }

    /**
     * Tasks for the first overdue cases of the volume not contacted in the last week (as a wave would pick them), due
     * now, their borrowers where it is midday.
     */
    private static void seedOnTheVolume(DatabaseTarget db, int warmup, int tasks, ZoneId zone) throws SQLException {
        int n = warmup + tasks;
        try (Connection c = connect(db); Statement st = c.createStatement()) {
            st.execute("drop table if exists wave_cases");
            st.execute("create temporary table wave_cases as select id, borrower_id, row_number() over (order by id) as r "
                    + "from collection_case c where status = 'overdue' and id not in (select case_id from contact_task "
                    + "where state in ('pending', 'sending', 'deferred', 'unknown')) and not exists (select 1 from contact_attempt a "
                    + "where a.borrower_id = c.borrower_id and a.at > now() - interval '7 days') order by id limit " + n);
            try (ResultSet r = st.executeQuery("select count(*) from wave_cases")) {
                r.next();
                if (r.getInt(1) < n) {
                    throw new IllegalStateException("the volume has " + r.getInt(1) + " overdue cases not contacted this week, "
                            + "fewer than the wave's " + n + " (--warmup + --tasks): lower them or build more --cases");
                }
            }
            st.execute("update borrower b set time_zone = '" + zone.getId() + "' from wave_cases w where b.id = w.borrower_id");
            st.execute("with t as (insert into contact_task (case_id, contact_point_id, channel, template, due_at, created_by) "
                    + "select w.id, w.borrower_id, 'sms', 'reminder-friendly', now() - interval '1 hour' "
                    + "+ case when w.r <= " + warmup + " then interval '0' else interval '1 minute' end, 'bench' "
                    + "from wave_cases w order by w.r returning id, case_id) "
                    + "insert into case_history (case_id, task_id, at, event, state, actor) "
                    + "select case_id, id, now(), 'task_created', 'pending', 'bench' from t");
            st.execute("analyze borrower, contact_task");
        }
    }

    // ---- the reads ----

    private static void reads(DatabaseTarget db, Pool pool, Pool exports, Vertx vertx, Options o, Instant now,
                              Map<String, String> figures) throws Exception {
        ComplianceLog log = ComplianceLog.create(vertx, pool, exports, Duration.ofSeconds(60));
        CaseStore cases = CaseStore.create(pool, Clock.systemUTC());
        Reports reports = Reports.create(pool);
        Random random = new Random(42);
        Instant dayStart = now.truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS);
        Map<String, Callable<Future<?>>> kinds = new LinkedHashMap<>();
        kinds.put("case", () -> logRead(log, new LogQuery(null, "VC-" + (1 + random.nextInt(o.cases())), null, null, null, null,
                null, null, null, null, null, null, 101, true)));
        kinds.put("borrower", () -> logRead(log, new LogQuery("VB-" + (1 + random.nextInt(o.cases())), null, null, null, null,
                null, null, null, null, null, null, null, 101, true)));
        kinds.put("rule_7d", () -> logRead(log, new LogQuery(null, null, null, null, null,
                List.of("QUIET_HOURS", "DAILY_CAP", "WEEKLY_CAP", "HOLD").get(random.nextInt(4)), null, null,
                now.minus(7, ChronoUnit.DAYS), now, null, null, 101, true)));
        kinds.put("actor_30d", () -> logRead(log, new LogQuery(null, null, null, null, null, null, "collector" + random.nextInt(50),
                null, now.minus(30, ChronoUnit.DAYS), now, null, null, 101, true)));
        kinds.put("channel_day", () -> {
            Instant day = dayStart.minus(random.nextInt(30), ChronoUnit.DAYS);
            return logRead(log, new LogQuery(null, null, List.of("sms", "voice", "email").get(random.nextInt(3)), null, null, null,
                    null, null, day, day.plus(1, ChronoUnit.DAYS), null, null, 101, true));
        });
        kinds.put("first_page", () -> logRead(log, new LogQuery(null, null, null, null, null, null, null, null, null, null, null,
                null, 101, true)));
        kinds.put("last_24h", () -> logRead(log, new LogQuery(null, null, null, null, null, null, null, null,
                now.minus(1, ChronoUnit.DAYS), null, null, null, 101, true)));
        List<Double> all = new ArrayList<>();
        StringBuilder each = new StringBuilder("# log reads p95_ms:");
        for (Map.Entry<String, Callable<Future<?>>> kind : kinds.entrySet()) {
            List<Double> times = new ArrayList<>();
            timed(kind.getValue());   // not counted: the statement's first preparation
            for (int i = 0; i < o.reads(); i++) {
                times.add(timed(kind.getValue()));
            }
            all.addAll(times);
            each.append(' ').append(kind.getKey()).append('=').append(ms(p95(times)));
        }
        System.out.println(each);
        figures.put("log_p95_ms", ms(p95(all)));

        List<Double> caseTimes = new ArrayList<>();
        for (int i = 0; i < o.reads(); i++) {
            String ref = "VC-" + (1 + random.nextInt(o.cases()));
            caseTimes.add(timed(() -> cases.read(ref, null, null, 50)));
        }
        figures.put("case_p95_ms", ms(p95(caseTimes)));

        LocalDate yesterday = LocalDate.ofInstant(dayStart, ZoneOffset.UTC);
        YearMonth lastMonth = YearMonth.from(yesterday).minusMonths(1);
        List<Double> daily = new ArrayList<>();
        List<Double> monthly = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            daily.add(timed(() -> reports.report(ReportPeriod.day(yesterday.minusDays(7L * random.nextInt(4)), ZoneOffset.UTC), null, null)));
            monthly.add(timed(() -> reports.report(ReportPeriod.month(lastMonth, ZoneOffset.UTC), null, null)));
        }
        System.out.println("# reports ms: daily=" + daily.stream().map(VolumeBench::ms).toList()
                + " monthly=" + monthly.stream().map(VolumeBench::ms).toList());
        figures.put("daily_report_ms", ms(daily.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        figures.put("monthly_report_ms", ms(monthly.stream().mapToDouble(Double::doubleValue).max().orElse(0)));

        List<CsvDay> csv = csvDay(vertx, log, dayStart, 3);
        List<Double> rates = csv.stream().map(d -> d.rows() / d.seconds()).sorted().toList();
        System.out.printf(Locale.ROOT, "# csv: one day over HTTP rows=%d bytes=%d seconds=%s%n", csv.get(0).rows(), csv.get(0).bytes(),
                csv.stream().map(d -> String.format(Locale.ROOT, "%.2f", d.seconds())).toList());
        figures.put("csv_rows_per_s", String.format(Locale.ROOT, "%.0f", rates.get(rates.size() / 2)));
    }

    record CsvDay(long rows, long bytes, double seconds) {
    }

    /**
     * One day of the log's CSV as its API writes it (a chunked response streamed from the export's cursor, the lines
     * masked), served on a local port and read by an HTTP client as fast as it comes: once unmeasured, then
     * {@code times} times (the figure is their median: a single download varies by a third here, with the JIT and the
     * caches).
     */
    private static List<CsvDay> csvDay(Vertx vertx, ComplianceLog log, Instant dayStart, int times) throws Exception {
        LogQuery q = new LogQuery(null, null, null, null, null, null, null, null, dayStart, dayStart.plus(1, ChronoUnit.DAYS), null,
                null, null, false);
        HttpServer server = await(vertx.createHttpServer().requestHandler(req -> {
            HttpServerResponse res = req.response().setChunked(true).putHeader("Content-Type", "text/csv; charset=utf-8");
            res.write(LogLines.CSV_HEADER);
            Promise<Void> gone = Promise.promise();
            res.closeHandler(v -> gone.tryComplete());
            log.stream(q, res, LogLines::csv, gone.future()).onComplete(ar -> {
                if (ar.succeeded()) {
                    res.end();
                } else {
                    LOG.warn("csv stream failed error={}", ar.cause().toString());
                    res.reset();
                }
            });
        }).listen(0, "127.0.0.1"), 30);
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/"))
                    .timeout(Duration.ofMinutes(10)).build();
            client.send(get, HttpResponse.BodyHandlers.discarding());   // not counted: the first of its kind
            List<CsvDay> days = new ArrayList<>();
            for (int t = 0; t < times; t++) {
                long start = System.nanoTime();
                HttpResponse<InputStream> res = client.send(get, HttpResponse.BodyHandlers.ofInputStream());
                long bytes = 0;
                long lines = 0;
                byte[] chunk = new byte[65536];
                try (InputStream in = res.body()) {
                    for (int n; (n = in.read(chunk)) > 0; ) {
                        bytes += n;
                        for (int i = 0; i < n; i++) {
                            if (chunk[i] == '\n') {
                                lines++;
                            }
                        }
                    }
                }
                days.add(new CsvDay(lines - 1, bytes, (System.nanoTime() - start) / 1e9));
            }
            return days;
        } finally {
            await(server.close(), 30);
        }
    }

    /** A page of the log and its count, as the log's API asks for both at once. */
    private static Future<?> logRead(ComplianceLog log, LogQuery q) {
        Future<Long> count = log.count(q);
        return log.page(q).compose(page -> count);
    }

    // ---- the purge ----

    /**
     * A retention run as the service makes it (the history's months, the ledger, tasks and the rest), with its clock
     * set so that exactly the oldest month of history is past retention: each run drops one month (the spare ones
     * first, then the volume shrinks a month at a time).
     */
    private static void purge(DatabaseTarget db, Pool pool, Map<String, String> figures) throws Exception {
        OffsetDateTime oldest;
        try (Connection c = connect(db); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("select min(at) from case_history")) {
            r.next();
            oldest = r.getObject(1, OffsetDateTime.class);
        }
        if (oldest == null) {
            return;
        }
        OffsetDateTime month = YearMonth.from(oldest.withOffsetSameInstant(ZoneOffset.UTC)).atDay(1).atStartOfDay()
                .atOffset(ZoneOffset.UTC);
        Clock then = Clock.fixed(month.plusMonths(1).plus(Period.ofYears(3)).plusHours(1).toInstant(), ZoneOffset.UTC);
        RetentionJob job = new RetentionJob(pool, then, Period.ofYears(3), "volume-bench");
        long start = System.nanoTime();
        Map<String, Integer> deleted = await(job.run(), 3600);
        double ms = (System.nanoTime() - start) / 1e6;
        System.out.println("# purge of " + month.toLocalDate() + ": " + deleted);
        figures.put("purge_month_ms", ms(ms));
    }

    // ---- small things ----

    private static Connection connect(DatabaseTarget db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    /** The planner's row count of partitioned {@code table} (its partitions' counts summed): no scan. */
    private static long estimate(DatabaseTarget db, String table) throws SQLException {
        try (Connection c = connect(db); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("select coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint from pg_class c "
                     + "where c.oid in (select inhrelid from pg_inherits where inhparent = '"
                     + table + "'::regclass)")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static double timed(Callable<? extends Future<?>> read) throws Exception {
        long start = System.nanoTime();
        await(read.call(), 120);
        return (System.nanoTime() - start) / 1e6;
    }

    /** Closes the pools, then Vert.x, each awaited from this (non-Vert.x) thread. */
    private static void close(Vertx vertx, Pool... pools) throws Exception {
        for (Pool p : pools) {
            await(p.close(), 60);
        }
        await(vertx.close(), 60);
    }

    private static <T> T await(Future<T> f, long seconds) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }

    private static double p95(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
    }

    private static String ms(double ms) {
        return String.format(Locale.ROOT, "%.0f", ms);
    }

    private static String secondsSince(long nanos) {
        return String.format(Locale.ROOT, "%.0f", (System.nanoTime() - nanos) / 1e9);
    }
}
