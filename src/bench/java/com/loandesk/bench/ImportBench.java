package com.loandesk.bench;

import com.loandesk.Providers;
import com.loandesk.Service;
import com.loandesk.config.AppConfig;
import com.loandesk.config.CadenceConfig;
import com.loandesk.config.DatabaseConfig;
import com.loandesk.config.DemoConfig;
import com.loandesk.config.HttpConfig;
import com.loandesk.config.ImportsConfig;
import com.loandesk.config.PortfolioConfig;
import com.loandesk.config.ProvidersConfig;
import com.loandesk.rules.PolicyBook;
import com.loandesk.store.DatabaseLocator;
import com.loandesk.store.DatabaseTarget;
import com.loandesk.store.Migrations;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A big CSV import through the production HTTP stack ({@link Service}, in this JVM, dispatcher off): generates a
 * file of N rows (one bad row in {@code --bad-every}), uploads it to {@code POST /api/imports} as a stream, and
 * polls the job until it is done. Meanwhile it asks {@code GET /health} every 20 ms from a client of its own, and
 * measures how late a task every 5 ms on each of the service's event loops runs; less the time the CPU it waited on
 * was frozen by the machine's host ({@link HostStallProbe}), that is how long its loop was blocked. Then it checks
 * the database: every valid row is a case, and every bad row a reject. Run it through {@code scripts/import-bench}.
 */
public final class ImportBench {

    private static final Logger LOG = LoggerFactory.getLogger(ImportBench.class);
    private static final String ADMIN_TOKEN = "import-bench-admin-token-0123456789abcdef";
    private static final long TICK_MS = 5;
    private static final long LATE_MS = 30;

    private ImportBench() {
    }

    /**
     * A tick of an event loop's timer that ran late: when it was due and when it ran ({@link System#nanoTime}), on which
     * loop, the CPU time its thread was charged meanwhile (a frozen CPU charges its pause to the thread it stopped),
     * the CPU the loop slept on (where its timer fires) and the CPU it then ran on.
     */
    private record LateTick(long due, long ran, int loop, long cpuNanos, int sleptOn, int ranOn) {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions o = new BenchOptions().option("--rows", 1_000_000).option("--bad-every", 1000).option("--batch", 2000).option("--writers", 2)
                .option("--pool", 8).parse(args);
        int rows = o.integer("--rows");
        int badEvery = o.integer("--bad-every");
        if (rows < 1 || badEvery < 0) {
            throw new IllegalArgumentException("--rows must be >= 1 and --bad-every >= 0");
        }
        DatabaseLocator locator = new DatabaseLocator(System.getenv());
        DatabaseTarget db = locator.locate("postgres", true).withDatabase("loandesk_importbench");
        BenchDatabases.recreate(db);
        Migrations.migrate(db);

        Path dir = Files.createTempDirectory("import-bench");
        Path csv = dir.resolve("portfolio.csv");
        long expectedRejects = generate(csv, rows, badEvery);
        long bytes = Files.size(csv);
        LOG.info("generated rows={} bytes={} bad={}", rows, bytes, expectedRejects);

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        AppConfig base = AppConfig.load(Path.of("conf/application.yaml"), Map.of());
        AppConfig config = new AppConfig(new HttpConfig("127.0.0.1", port),
                new DatabaseConfig(o.integer("--pool"), base.database().maxWaitQueue(), db.database(), com.loandesk.config.DatabaseFallback.NONE),
                base.dispatch(), base.rules(), base.simulator(),
                new ProvidersConfig(com.loandesk.config.ProviderMode.SIMULATOR, base.providers().fakeLatency(), base.providers().reconcileEvery(),
                        base.providers().reconcileGrace()),
                base.retention(), new DemoConfig(false, 0), base.waves(),
                new PortfolioConfig(false, base.portfolio().zone(), base.portfolio().recomputeAt(), base.portfolio().graceDays(),
                        base.portfolio().earlyMaxDpd(), base.portfolio().middleMaxDpd(), base.portfolio().batchSize(),
                        base.portfolio().checkEvery()),
                new CadenceConfig(false, base.cadence().file(), List.of()),
                new ImportsConfig(base.imports().maxBytes(), o.integer("--batch"), dir, o.integer("--writers")), base.rnd(), base.login(),
                com.loandesk.config.AuditConfig.defaults());
        Map<String, String> env = new HashMap<>();
        env.put("LOANDESK_ADMIN_TOKEN", ADMIN_TOKEN);

        // -Dbench.blockedLoopMs=N: Vert.x's blocked-thread checker logs the stack of any event-loop task longer than N ms
        // (wall-clock: on a loaded machine a task waiting for a core is reported too)
        long blockedMs = Long.getLong("bench.blockedLoopMs", 0);
        VertxOptions vertxOptions = new VertxOptions();
        if (blockedMs > 0) {
            vertxOptions.setMaxEventLoopExecuteTime(blockedMs).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                    .setBlockedThreadCheckInterval(Math.max(10, blockedMs / 4)).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                    .setWarningExceptionTime(blockedMs).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS);
        }
        Vertx vertx = Vertx.vertx(vertxOptions);
        Service service = Providers.start(vertx, config, env, port)
                .compose(p -> Service.start(vertx, config, db, Clock.systemUTC(), p, com.loandesk.policies.PolicyFiles.load(config.rules().policiesDir()), env))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

        // a task every 5 ms on each of the service's event loops (Netty's own loops, so each is measured whichever
        // contexts the service's parts landed on): how late it runs is how long its loop was blocked or kept off a core
        AtomicLong maxLateNanos = new AtomicLong();
        // the ticks more than HostStallProbe.REPORT_MS late; from each, the longer part either CPU it depended on was
        // frozen (seen by its probe) is taken off at the end. The latest of the others counts as it is.
        java.util.Queue<LateTick> lateTicks = new java.util.concurrent.ConcurrentLinkedQueue<>();
        AtomicLong maxSmallLateNanos = new AtomicLong();
        HostStallProbe probe = HostStallProbe.start();
        AtomicLong clock = new AtomicLong();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        List<java.util.concurrent.ScheduledFuture<?>> timers = new ArrayList<>();
        int loops = 0;
        for (io.netty.util.concurrent.EventExecutor loop : ((io.vertx.core.internal.VertxInternal) vertx).nettyEventLoopGroup()) {
            long[] last = {0, 0, HostStallProbe.ANY_CPU};
            int loopIndex = loops++;
            timers.add(loop.scheduleWithFixedDelay(() -> {
                long now = System.nanoTime();
                long cpu = mx.getCurrentThreadCpuTime();
                int onCpu = HostStallProbe.currentCpu();
                if (last[0] != 0) {
                    long late = now - last[0] - TimeUnit.MILLISECONDS.toNanos(TICK_MS);
                    maxLateNanos.accumulateAndGet(late, Math::max);
                    if (late > TimeUnit.MILLISECONDS.toNanos(HostStallProbe.REPORT_MS)) {
                        if (clock.get() > 0) {
                            lateTicks.add(new LateTick(now - late, now, loopIndex, cpu - last[1], (int) last[2], onCpu));
                        }
                    } else {
                        maxSmallLateNanos.accumulateAndGet(late, Math::max);
                    }
                }
                last[0] = now;
                last[1] = cpu;
                last[2] = onCpu;
            }, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS));
        }

        Vertx clientVertx = Vertx.vertx();
        WebClient client = WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(port));
        Latencies health = new Latencies();
        boolean[] importing = {true};
        Future<Void> healthLoop = healthLoop(clientVertx, client, health, importing);

        Thread.sleep(500); // the timers and the health loop settle before the clock starts
        maxLateNanos.set(0);
        maxSmallLateNanos.set(0);
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        double pgCpuBefore = LocalPostgresCpu.seconds();
        long start = System.nanoTime();
        clock.set(start);
        // the client reads the file 64 KiB at a time (AsyncFile's default is 8 KiB): less of its own work on the cores it
        // shares with the service and PostgreSQL
        JsonObject accepted = clientVertx.fileSystem().open(csv.toString(), new OpenOptions().setRead(true))
                .compose(file -> client.post("/api/imports").bearerTokenAuthentication(ADMIN_TOKEN).timeout(600_000)
                        .putHeader("Content-Type", "text/csv").putHeader("Content-Length", String.valueOf(bytes))
                        .sendStream(file.setReadBufferSize(64 * 1024)))
                .map(r -> {
                    if (r.statusCode() != 202) {
                        throw new IllegalStateException("upload answered " + r.statusCode() + " " + r.bodyAsString());
                    }
                    return r.bodyAsJsonObject();
                })
                .toCompletionStage().toCompletableFuture().get(600, TimeUnit.SECONDS);
        double uploadSeconds = (System.nanoTime() - start) / 1e9;
        long id = accepted.getLong("id");
        JsonObject job;
        while (true) {
            job = client.get("/api/imports/" + id).bearerTokenAuthentication(ADMIN_TOKEN).timeout(10_000).send()
                    .map(r -> r.bodyAsJsonObject()).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
            String state = job.getString("state");
            if (state.equals("done") || state.equals("failed")) {
                break;
            }
            LOG.info("job={} state={} rows_done={} of={}", id, state, job.getLong("rowsDone"), job.getLong("rowsTotal"));
            Thread.sleep(1000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        importing[0] = false;
        healthLoop.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        timers.forEach(t -> t.cancel(false));
        // an event loop's block: how late its tick ran, less the time the CPU it slept on or ran on was frozen meanwhile
        long maxBlockNanos = maxSmallLateNanos.get();
        List<String> lateOnes = new ArrayList<>();
        for (LateTick t : lateTicks) {
            long late = t.ran() - t.due();
            long block = late - Math.max(probe.overlapNanos(t.sleptOn(), t.due(), t.ran()), probe.overlapNanos(t.ranOn(), t.due(), t.ran()));
            maxBlockNanos = Math.max(maxBlockNanos, block);
            if (late > TimeUnit.MILLISECONDS.toNanos(LATE_MS)) {
                lateOnes.add(String.format(Locale.ROOT, "%.1fs:loop%d:%d/%d/%d", (t.due() - start) / 1e9, t.loop(), late / 1_000_000,
                        block / 1_000_000, t.cpuNanos() / 1_000_000));
            }
        }
        HostStallProbe.Summary freezes = probe.summary();
        probe.close();
        long maxBlockMs = TimeUnit.NANOSECONDS.toMillis(maxBlockNanos);
        long maxLateMs = TimeUnit.NANOSECONDS.toMillis(maxLateNanos.get());
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        double jvmCpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;
        double pgCpuAfter = LocalPostgresCpu.seconds();
        String pgCpu = pgCpuBefore < 0 || pgCpuAfter < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", pgCpuAfter - pgCpuBefore);

        long cases = count(db, "select count(*) from collection_case");
        long rejected = count(db, "select count(*) from import_reject where job_id = " + id);
        client.close();
        try {
            clientVertx.close().eventually(service::stop).eventually(vertx::close)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("service did not stop cleanly error={}", e.toString());
        }
        locator.close();
        Files.deleteIfExists(csv);
        Files.deleteIfExists(dir);

        boolean ok = "done".equals(job.getString("state")) && cases == rows - expectedRejects && rejected == expectedRejects
                && health.errors == 0;
        System.out.println("# ticks over " + LATE_MS + " ms late (at:loop:late/block/cpu ms, block = late less the time its CPU was frozen; at: "
                + "seconds from System.nanoTime " + start + ", -Xlog's timenanos): "
                + String.join(" ", lateOnes));
        System.out.println(String.format(Locale.ROOT,
                "# max_loop_late_ms=%d (the latest tick, the CPUs' freezes included) cpu_freezes=%d cpu_freeze_max_ms=%d "
                        + "(probe JVMs %s, waking over %d ms late) jvm_cpu_s=%.1f (this JVM's CPU from the upload's start to the job done, the client's included) pg_cpu_s=%s (the local PostgreSQL's processes over the same time) load_avg=%.1f..%.1f cpus=%d%n"
                        + "# job=%d state=%s bytes=%d upload_s=%.1f inserted=%d rejected=%d cases_in_db=%d rejects_in_db=%d expected_rejects=%d "
                        + "health_requests=%d health_errors=%d health_p50_ms=%.1f health_max_ms=%.1f heap_max_mb=%d %s",
                maxLateMs, freezes.count(), freezes.maxMs(), probe.how(), HostStallProbe.REPORT_MS, jvmCpuSeconds, pgCpu, loadBefore, loadAfter, Runtime.getRuntime().availableProcessors(),
                id, job.getString("state"), bytes, uploadSeconds, job.getLong("inserted"), job.getLong("rejected"), cases, rejected,
                expectedRejects, health.size(), health.errors, health.pct(50), health.pct(100),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), ok ? "CHECKS OK" : "CHECKS FAILED " + job.encode()));
        System.out.println(String.format(Locale.ROOT,
                "rows=%d seconds=%.1f rows_per_s=%.0f rejected=%d max_loop_block_ms=%d health_p99_ms=%.1f rss_mb=%d",
                rows, seconds, rows / seconds, job.getLong("rejected"), maxBlockMs, health.pct(99), PeakRss.mb()));
        System.exit(ok ? 0 : 1);
    }

    /** Writes {@code rows} rows (two cases per borrower; every {@code badEvery}-th row has a malformed phone); the bad rows. */
    static long generate(Path csv, int rows, int badEvery) throws IOException {
        long bad = 0;
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("borrower_external_id,borrower_name,address_region,jurisdiction,case_external_id,product,amount_overdue,"
                    + "currency,due_date,days_past_due,stage,status,risk_grade,mobile,home,email,sms_consent,voice_consent\n");
            String[] regions = {"US-CA", "US-NY", "US-TX", "US-MA", "US-WA", "US-FL"};
            String[] stages = {"early", "middle", "late"};
            for (int i = 1; i <= rows; i++) {
                boolean isBad = badEvery > 0 && i % badEvery == 0;
                bad += isBad ? 1 : 0;
                int b = (i + 1) / 2;
                String region = regions[b % regions.length];
                w.write("BB" + b + ",\"Doe, Jane " + b + "\"," + region + "," + region + ",CC" + i + ",personal-loan,"
                        + (100 + i % 9000) + "." + (i % 100 < 10 ? "0" : "") + (i % 100) + ",USD,2026-0" + (1 + i % 9) + "-1" + (i % 10)
                        + "," + (i % 200) + "," + stages[i % 3] + ",overdue," + (i % 2 == 0 ? "high" : "low") + ","
                        + (isBad ? "12345" : "+1415" + (2_000_000 + b % 7_000_000)) + ",+1212" + (3_000_000 + b % 6_000_000)
                        + ",jane." + b + "@example.com,true,true\n");
            }
        }
        return bad;
    }

    /** GET /health one after another, 20 ms apart, until {@code running[0]} is false (a timer per round: no future chain). */
    private static Future<Void> healthLoop(Vertx vertx, WebClient client, Latencies l, boolean[] running) {
        Promise<Void> done = Promise.promise();
        vertx.runOnContext(v -> healthRound(vertx, client, l, running, done));
        return done.future();
    }

    private static void healthRound(Vertx vertx, WebClient client, Latencies l, boolean[] running, Promise<Void> done) {
        if (!running[0]) {
            done.complete();
            return;
        }
        long sent = System.nanoTime();
        client.get("/health").timeout(10_000).send().onComplete(ar -> {
            if (ar.succeeded() && ar.result().statusCode() == 200) {
                l.add(System.nanoTime() - sent);
            } else {
                l.errors++;
            }
            vertx.setTimer(20, t -> healthRound(vertx, client, l, running, done));
        });
    }

    /** Latencies in microseconds (one client context: no locking). */
    static final class Latencies {
        private long[] micros = new long[1 << 14];
        private int size;
        int errors;

        void add(long nanos) {
            if (size == micros.length) {
                micros = Arrays.copyOf(micros, size * 2);
            }
            micros[size++] = nanos / 1000;
        }

        int size() {
            return size;
        }

        double pct(double p) {
            if (size == 0) {
                return 0;
            }
            long[] s = Arrays.copyOf(micros, size);
            Arrays.sort(s);
            int i = (int) Math.min(size - 1, Math.ceil(p / 100.0 * size) - 1);
            return s[Math.max(0, i)] / 1000.0;
        }
    }

    private static long count(DatabaseTarget db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
