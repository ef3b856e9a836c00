package com.loandesk.bench;

import com.loandesk.audit.ChainVerifier;
import com.loandesk.audit.ChainedTable;
import com.loandesk.audit.Sealer;
import com.loandesk.audit.Verification;
import com.loandesk.channel.Channels;
import com.loandesk.config.AuditConfig;
import com.loandesk.channel.sim.SimulatorChannel;
import com.loandesk.channel.twilio.TwilioAccount;
import com.loandesk.channel.twilio.TwilioSettings;
import com.loandesk.channel.twilio.TwilioSmsChannel;
import com.loandesk.fake.FakeTwilio;
import com.loandesk.config.DatabaseConfig;
import com.loandesk.config.DispatchConfig;
import com.loandesk.dispatch.ContextBuilder;
import com.loandesk.dispatch.Dispatcher;
import com.loandesk.dispatch.DispatcherVerticle;
import com.loandesk.rules.Channel;
import com.loandesk.rules.ContactGate;
import com.loandesk.rules.Decision;
import com.loandesk.rules.Gates;
import com.loandesk.rules.LocalWindow;
import com.loandesk.rules.PolicyBook;
import com.loandesk.templates.ApprovedTemplates;
import com.loandesk.rules.ZoneResolver;
import com.loandesk.store.DatabaseLocator;
import com.loandesk.store.DatabaseTarget;
import com.loandesk.store.Migrations;
import com.loandesk.store.Pools;
import com.loandesk.store.TaskStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enqueues N contact tasks (one borrower each) in a fresh database and drains them through the whole
 * pipeline — claim, gate under the borrowers' locks, mark sending, simulated provider, batched
 * completion with history — then prints throughput, latency percentiles (claim to durable outcome)
 * and the JVM's peak resident memory. Run it through {@code scripts/bench}.
 */
public final class DispatchBench {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchBench.class);

    private DispatchBench() {
    }

    record Options(int tasks, int warmup, int latencyMs, int concurrency, int batch, int dispatchers, int poolSize, String gate,
                   String provider, boolean chain, String database) {

        static Options parse(String[] args) {
            BenchOptions o = new BenchOptions().option("--tasks", 100_000).option("--warmup", 20_000)
                    .option("--provider", "simulator").option("--latency-ms", 0).option("--concurrency", 1000)
                    .option("--batch", 500).option("--dispatchers", 1).option("--pool", 8).option("--gate", "policies")
                    .option("--chain", "on").option("--database", "loandesk_bench").parse(args);
            return new Options(o.integer("--tasks"), o.integer("--warmup"), o.integer("--latency-ms"), o.integer("--concurrency"),
                    o.integer("--batch"), o.integer("--dispatchers"), o.integer("--pool"), o.oneOf("--gate", "policies", "first", "off"),
                    o.oneOf("--provider", "simulator", "fake-twilio"), o.oneOf("--chain", "on", "off").equals("on"),
                    o.text("--database"));
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        DatabaseLocator locator = new DatabaseLocator(System.getenv());
        DatabaseTarget server = locator.locate("postgres", true);
        DatabaseTarget db = server.withDatabase(o.database());
        BenchDatabases.recreate(db);
        Migrations.migrate(db);
        if (!o.chain()) {
            // the chain off: as before it, without the id index the sealer reads by
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); var st = c.createStatement()) {
                st.execute("drop index case_history_id");
            }
        }
        // borrowers live where it is early afternoon now, so the quiet-hours rule lets them through
        ZoneId zone = BenchDatabases.middayZone();
        long seedStart = System.nanoTime();
        seed(db, o.warmup(), o.tasks(), zone);
        LOG.info("seeded tasks={} zone={} seconds={}", o.tasks(), zone, String.format(Locale.ROOT, "%.1f",
                (System.nanoTime() - seedStart) / 1e9));

        Drained run = drain(o, db, true);
        locator.close();
        long rssMb = PeakRss.mb();
        System.out.println(run.setup());
        System.out.println(run.chainLine());
        System.out.println(String.format(Locale.ROOT, "tasks=%d seconds=%.2f tasks_per_s=%.0f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f rss_mb=%d",
                o.tasks(), run.seconds(), run.tasksPerSecond(), run.p50Ms(), run.p95Ms(), run.p99Ms(), rssMb));
        System.exit(0);
    }

    /** What one drain measured: its time, latencies (claim to durable outcome), and its settings and chain lines. */
    record Drained(int tasks, double seconds, double p50Ms, double p95Ms, double p99Ms, long sent, long held, String setup,
                   String chainLine) {
        double tasksPerSecond() {
            return tasks / seconds;
        }
    }

    /**
     * Drains the due tasks of {@code db} (already seeded: {@code o.warmup()} first, then {@code o.tasks()}) through
     * the pipeline in a Vert.x of its own, and measures the {@code o.tasks()} after the warm-up. {@code reseal}: after
     * the measured run, time the chain's catch-up, its verification and a reseal of the whole history (only where the
     * history is the bench's own).
     */
    static Drained drain(Options o, DatabaseTarget db, boolean reseal) throws Exception {
        Vertx vertx = Vertx.vertx();
        Pool pool = Pools.create(vertx, db, new DatabaseConfig(o.poolSize(), 100_000, db.database(), com.loandesk.config.DatabaseFallback.NONE));
        TaskStore store = new TaskStore(pool);
        // policies: the shipped presets (the borrowers are in the US, so us-reg-f decides); first: the
        // quiet-hours-and-daily-cap gate of the first version; off: everything allowed, to price the gate
        ContactGate gate = switch (o.gate()) {
            case "policies" -> com.loandesk.policies.PolicyFiles.load(Path.of("conf/policies"), "lender-practice"); // as production: law + house
            case "first" -> Gates.localHoursAndDailyCap("lender-practice", LocalWindow.parse("08:00", "21:00"), 2);
            default -> (context, now) -> Decision.allow("none");
        };
        ApprovedTemplates templates = ApprovedTemplates.load(pool).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        store.checkingTemplates(templates::ensureCurrent);   // as the service does
        ContextBuilder contexts = new ContextBuilder(ZoneResolver.withDefaults(List.of(ZoneOffset.UTC)), templates);
        int perDispatcher = Math.max(1, o.concurrency() / o.dispatchers());
        DispatchConfig config = DispatchConfig.from(new JsonObject().put("dispatch", new JsonObject()
                .put("batchSize", o.batch())
                .put("maxInFlight", perDispatcher).put("pollIntervalMs", 50).put("completionBatchSize", 1000)
                .put("completionFlushMs", 5)));
        Channels channels;
        FakeTwilio fake = null;
        if ("fake-twilio".equals(o.provider())) {
            // the production Twilio adapter (twilio-java on its worker pool, behind the bulkhead) against
            // the local fake; the bulkhead is the concurrency limit, so its ceiling is concurrency / latency
            String sid = "AC" + "be4c".repeat(8);
            fake = FakeTwilio.start(vertx, 0, sid, "bench-token").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            fake.latency(Duration.ofMillis(o.latencyMs())).callbacksEnabled(false);
            TwilioSettings settings = TwilioSettings.fromEnv(Map.of(
                    "TWILIO_ACCOUNT_SID", sid, "TWILIO_AUTH_TOKEN", "bench-token",
                    "TWILIO_API_BASE_URL", fake.baseUrl(), "PUBLIC_BASE_URL", "http://localhost:1",
                    "TWILIO_FROM_NUMBER", "+15005550006", "TWILIO_SMS_PER_SECOND", "10000",
                    "TWILIO_MAX_CONCURRENT", Integer.toString(o.concurrency()),
                    "TWILIO_WORKER_POOL", Integer.toString(Math.min(200, o.concurrency()))));
            TwilioAccount account = TwilioAccount.create(vertx, settings);
            channels = new Channels(List.of(new TwilioSmsChannel(account)));
        } else {
            channels = new Channels(List.of(new SimulatorChannel(vertx, Channel.SMS, Duration.ofMillis(o.latencyMs())),
                    new SimulatorChannel(vertx, Channel.VOICE, Duration.ofMillis(o.latencyMs())),
                    new SimulatorChannel(vertx, Channel.EMAIL, Duration.ofMillis(o.latencyMs()))));
        }
        List<Dispatcher> dispatchers = new ArrayList<>();
        List<LatencyLog> latencies = new ArrayList<>();
        for (int i = 0; i < o.dispatchers(); i++) {
            LatencyLog log = new LatencyLog((o.tasks() + o.warmup()) / o.dispatchers() + 1024);
            Dispatcher d = new Dispatcher(vertx, store, gate, contexts, channels, config, Clock.systemUTC(),
                    "bench-" + ProcessHandle.current().pid() + "-" + i).latencySink(log::add);
            dispatchers.add(d);
            latencies.add(log);
        }

        List<Future<String>> deployments = new ArrayList<>();
        for (Dispatcher d : dispatchers) {
            deployments.add(vertx.deployVerticle(new DispatcherVerticle(() -> d), new DeploymentOptions()));
        }
        Future.all(deployments).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        // the chain on: the background sealer the service runs, at its default interval, in this JVM and on this pool
        AuditConfig audit = AuditConfig.defaults();
        Sealer sealer = new Sealer(pool, Clock.systemUTC(), audit.blockRows());
        long sealing = o.chain() ? sealer.schedule(vertx, audit.sealEvery(), results -> Future.succeededFuture()) : -1;
        // warm-up: the JIT compiles the hot paths while the first tasks drain; they are not measured
        awaitSettled(dispatchers, o.warmup());
        latencies.forEach(LatencyLog::mark);
        long cpuBefore = processCpuNanos();
        long pgBefore = postgresCpuTicks();
        long start = System.nanoTime();
        awaitSettled(dispatchers, o.warmup() + (long) o.tasks());
        double seconds = (System.nanoTime() - start) / 1e9;
        double javaCpu = (processCpuNanos() - cpuBefore) / 1e9;
        long pgTicks = postgresCpuTicks();
        double pgCpu = pgBefore < 0 || pgTicks < 0 ? -1 : (pgTicks - pgBefore) / 100.0;
        long[] all = LatencyLog.merge(latencies);
        String chainLine = !o.chain() ? "# chain=off" : reseal ? chainCatchUp(db, sealer) : "# chain=on";
        if (sealing >= 0) {
            vertx.cancelTimer(sealing);
        }
        long fakePosts = fake == null ? -1 : fake.posts("Messages.json").size();
        long sent = dispatchers.stream().mapToLong(d -> d.stats().sent.sum()).sum();
        long held = dispatchers.stream().mapToLong(d -> d.stats().deferred.sum() + d.stats().blocked.sum()).sum();
        Future.all(deployments.stream().map(d -> vertx.undeploy(d.result())).toList())
                .compose(v -> pool.close())
                .compose(v -> vertx.close())
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        String setup = String.format(Locale.ROOT, "# provider=%s fake_posts=%d warmup=%d latency_ms=%d concurrency=%d batch=%d dispatchers=%d pool=%d gate=%s sent=%d deferred_or_blocked=%d heap_max_mb=%d java_cpu_s=%.1f postgres_cpu_s=%.1f",
                o.provider(), fakePosts, o.warmup(), o.latencyMs(), o.concurrency(), o.batch(), o.dispatchers(), o.poolSize(), o.gate(),
                sent, held, Runtime.getRuntime().maxMemory() / (1024 * 1024), javaCpu, pgCpu);
        return new Drained(o.tasks(), seconds, pct(all, 50), pct(all, 95), pct(all, 99), sent, held, setup, chainLine);
    }

    /**
     * After the measured run: how long the sealer takes to seal every history row (at most a minute), and how long
     * the verifier takes to recompute the chains; one line.
     */
    private static String chainCatchUp(DatabaseTarget db, Sealer sealer) throws Exception {
        long start = System.nanoTime();
        long rows;
        long sealedTo;
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); var st = c.createStatement()) {
            var r = st.executeQuery("select (select max(id) from case_history), (select count(*) from case_history)");
            r.next();
            long maxId = r.getLong(1);
            rows = r.getLong(2);
            do {
                Thread.sleep(100);
                var h = st.executeQuery("select sealed_to from chain_head where chain = 'case_history'");
                h.next();
                sealedTo = h.getLong(1);
            } while (sealedTo < maxId && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(1));
        }
        double catchUp = (System.nanoTime() - start) / 1e9;
        long verifyStart = System.nanoTime();
        Verification v = new ChainVerifier(db, Clock.systemUTC(), java.time.Period.ofYears(3), Duration.ofHours(1), Duration.ofMinutes(10))
                .verify(null, null);
        double verify = (System.nanoTime() - verifyStart) / 1e9;
        // the sealing's own cost: the whole history sealed again from nothing in one pass, timed
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); var st = c.createStatement()) {
            st.execute("delete from chain_block where chain = 'case_history'; update chain_head set block_no = 0, "
                    + "hash = decode(repeat('00', 32), 'hex'), sealed_to = 0, horizon = null, horizon_xips = null "
                    + "where chain = 'case_history'");
        }
        sealer.pass(ChainedTable.CASE_HISTORY).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        long sealStart = System.nanoTime();
        var resealed = sealer.pass(ChainedTable.CASE_HISTORY).toCompletionStage().toCompletableFuture().get(600, TimeUnit.SECONDS);
        double seal = (System.nanoTime() - sealStart) / 1e9;
        return String.format(Locale.ROOT, "# chain=on history_rows=%d sealed_to=%d catch_up_s=%.1f verify_s=%.1f intact=%s "
                        + "reseal_rows=%d reseal_s=%.2f reseal_us_per_row=%.2f",
                rows, sealedTo, catchUp, verify, v.intact(), resealed.rows(), seal, seal * 1e6 / Math.max(1, resealed.rows()));
    }

    private static void awaitSettled(List<Dispatcher> dispatchers, long target) throws InterruptedException {
        long lastReport = System.nanoTime();
        long lastSettled = -1;
        long lastProgress = lastReport;
        while (settled(dispatchers) < target) {
            Thread.sleep(5);
            long now = System.nanoTime();
            long settled = settled(dispatchers);
            if (settled > lastSettled) {
                lastSettled = settled;
                lastProgress = now;
            } else if (now - lastProgress > TimeUnit.SECONDS.toNanos(60)) {
                System.out.println("STALLED: no task settled for 60 s; settled=" + settled + " of " + target);
                System.exit(1);
            }
            if (now - lastReport > TimeUnit.SECONDS.toNanos(5)) {
                lastReport = now;
                LOG.info("progress settled={} of {}", settled, target);
            }
        }
    }

    private static long settled(List<Dispatcher> dispatchers) {
        return dispatchers.stream().mapToLong(d -> d.stats().settled()).sum();
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1000.0;
    }

    /** {@code warmup} tasks due first, then {@code n} measured ones; one borrower each. */
    static void seed(DatabaseTarget db, int warmup, int tasks, ZoneId zone) throws Exception {
        int n = warmup + tasks;
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); var st = c.createStatement()) {
            st.execute("insert into borrower (external_id, full_name, time_zone, jurisdiction) "
                    + "select 'BENCH-' || g, 'Bench ' || g, '" + zone.getId() + "', 'US' from generate_series(1, " + n + ") g");
            st.execute("insert into collection_case (external_id, borrower_id, product, amount_overdue, currency, due_date, "
                    + "days_past_due, stage, status) select 'BENCH-CASE-' || b.id, b.id, 'bench', 1500, 'USD', "
                    + "current_date - 10, 10, 'early', 'overdue' from borrower b");
            st.execute("insert into contact_point (borrower_id, kind, value, sms_consent, voice_consent, consent_source, "
                    + "rnd_checked_at, rnd_result, rnd_proof) select b.id, 'mobile', '+1202555' || lpad((b.id % 10000)::text, 4, '0'), "
                    + "true, true, 'application_form', now(), 'not_reassigned', 'bench' from borrower b");
            st.execute("insert into template (code, version, channel, locale, body, approved_by, approved_at) values "
                    + "('reminder-friendly', 1, 'sms', 'en', '{{lenderName}}: hello {{firstName}}, a payment of {{amount}} "
                    + "{{currency}} is waiting. Reply STOP to opt out.', 'bench-compliance', now())");
            st.execute("with t as (insert into contact_task (case_id, contact_point_id, channel, template, due_at, created_by) "
                    + "select c.id, p.id, 'sms', 'reminder-friendly', now() - interval '1 hour' "
                    + "+ case when c.id <= " + warmup + " then interval '0' else interval '1 minute' end, 'bench' "
                    + "from collection_case c join contact_point p on p.borrower_id = c.borrower_id returning id, case_id) "
                    + "insert into case_history (case_id, task_id, at, event, state, actor) "
                    + "select case_id, id, now(), 'task_created', 'pending', 'bench' from t");
            st.execute("vacuum analyze");
        }
    }

    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** utime+stime clock ticks of every postgres process on this machine (local servers only), or -1. */
    private static long postgresCpuTicks() {
        long total = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(stat.indexOf('(') + 1, close);
                    if (!name.startsWith("postgres")) {
                        continue;
                    }
                    String[] f = stat.substring(close + 2).split(" ");
                    total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (Exception gone) {
                    // the process ended while we looked
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return total;
    }


    /** Claim-to-durable latencies in microseconds, appended from one dispatcher's event loop. */
    static final class LatencyLog {
        private long[] micros;
        private int size;
        private int from;

        LatencyLog(int capacity) {
            micros = new long[capacity];
        }

        synchronized void add(long nanos) {
            if (size == micros.length) {
                micros = Arrays.copyOf(micros, size * 2);
            }
            micros[size++] = nanos / 1000;
        }

        /** Forgets what was logged so far (the warm-up). */
        synchronized void mark() {
            from = size;
        }

        static long[] merge(List<LatencyLog> logs) {
            int total = 0;
            for (LatencyLog l : logs) {
                total += l.size - l.from;
            }
            long[] all = new long[total];
            int at = 0;
            for (LatencyLog l : logs) {
                System.arraycopy(l.micros, l.from, all, at, l.size - l.from);
                at += l.size - l.from;
            }
            Arrays.sort(all);
            return all;
        }
    }
}
