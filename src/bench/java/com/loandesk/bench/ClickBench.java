package com.loandesk.bench;

import com.loandesk.Providers;
import com.loandesk.Service;
import com.loandesk.auth.Tokens;
import com.loandesk.config.AppConfig;
import com.loandesk.config.DatabaseConfig;
import com.loandesk.config.CadenceConfig;
import com.loandesk.config.DemoConfig;
import com.loandesk.config.PortfolioConfig;
import com.loandesk.config.HttpConfig;
import com.loandesk.config.ProvidersConfig;
import com.loandesk.fake.FakeTwilio;
import com.loandesk.rules.PolicyBook;
import com.loandesk.store.DatabaseLocator;
import com.loandesk.store.DatabaseTarget;
import com.loandesk.store.Migrations;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Click-to-call under load: N collectors (users with role collector, a phone of their own and an API token),
 * each with cases across jurisdictions and zones, click "call" on the production HTTP stack ({@link Service}:
 * the same routes, gate and Twilio bridge as {@code Main}, the bridge aimed at the built-in Twilio fake with a
 * set latency). Each collector is one HTTP/1.1 connection. Measures the <b>decision latency</b>: from the
 * request sent to the HTTP answer (202 the call is being placed, 409 refused with the rule). Then checks the
 * database: no collector had two calls being placed at once, no borrower's cap was exceeded, and the fake
 * received exactly one call POST per allowed click. Run it through {@code scripts/click-bench}.
 */
public final class ClickBench {

    private static final Logger LOG = LoggerFactory.getLogger(ClickBench.class);
    private static final String ADMIN_TOKEN = "click-bench-admin-token-0123456789abcdef";

    private ClickBench() {
    }

    record Options(int collectors, int rounds, int durationS, int twilioLatencyMs, int thinkMs, int warmupRounds, int poolSize,
                   boolean callbacks, int loginFlood, boolean floodWaits) {

        static Options parse(String[] args) {
            BenchOptions o = new BenchOptions().option("--collectors", 200).option("--rounds", 10).option("--duration", 0)
                    .option("--twilio-latency-ms", 200).option("--think-ms", 500).option("--warmup-rounds", 10).option("--pool", 8)
                    .option("--callbacks", "on").option("--login-flood", 0).option("--flood-retry-after", "ignore").parse(args);
            int collectors = o.integer("--collectors");
            int rounds = o.integer("--rounds");
            int duration = o.integer("--duration");
            int latency = o.integer("--twilio-latency-ms");
            int think = o.integer("--think-ms");
            int warmup = o.integer("--warmup-rounds");
            int pool = o.integer("--pool");
            boolean callbacks = "on".equals(o.oneOf("--callbacks", "on", "off"));
            if (collectors < 1 || collectors > 5000 || rounds < 1 || duration < 0 || latency < 0 || think < 0 || warmup < 0) {
                throw new IllegalArgumentException("--collectors 1..5000, --rounds >= 1, the others >= 0");
            }
            int flood = o.integer("--login-flood");
            if (flood < 0 || flood > 1000) {
                throw new IllegalArgumentException("--login-flood 0..1000 (clients flooding wrong logins)");
            }
            boolean waits = "wait".equals(o.oneOf("--flood-retry-after", "ignore", "wait"));
            return new Options(collectors, rounds, duration, latency, think, warmup, pool, callbacks, flood, waits);
        }
    }

    /**
     * The cases each collector works, in click order: who is awake now or asleep, and under which preset. The
     * cap each preset allows (voice contacts per debt in this run, all within one day) is what the check holds
     * the ledger to: us-reg-f 7 in 7 days, us-ma 2 in 7 days, cn 3 connected + 6 unanswered per day.
     */
    enum Kind {
        US_AWAKE("US", 7), US_MA_AWAKE("US-MA", 2), CN_AWAKE("CN", 9), US_ASLEEP("US", 0);

        final String jurisdiction;
        final int maxAttempts;

        Kind(String jurisdiction, int maxAttempts) {
            this.jurisdiction = jurisdiction;
            this.maxAttempts = maxAttempts;
        }
    }

    record Collector(String username, String token, List<Case> cases, Case warmCase) {
    }

    record Case(String ref, long pointId, Kind kind) {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        DatabaseLocator locator = new DatabaseLocator(System.getenv());
        DatabaseTarget db = locator.locate("postgres", true).withDatabase("loandesk_clickbench");
        BenchDatabases.recreate(db);
        Migrations.migrate(db);
        List<Collector> collectors = seed(db, o.collectors());
        LOG.info("seeded collectors={} cases={}", collectors.size(), collectors.size() * (Kind.values().length + 1));

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        AppConfig base = AppConfig.load(Path.of("conf/application.yaml"), Map.of());
        AppConfig config = new AppConfig(new HttpConfig(base.http().host(), port),
                new DatabaseConfig(o.poolSize(), base.database().maxWaitQueue(), db.database(), com.loandesk.config.DatabaseFallback.NONE),
                base.dispatch(), base.rules(), base.simulator(),
                new ProvidersConfig(com.loandesk.config.ProviderMode.FAKE_TWILIO, Duration.ofMillis(o.twilioLatencyMs()), base.providers().reconcileEvery(),
                        base.providers().reconcileGrace()),
                base.retention(), new DemoConfig(false, 0), base.waves(),
                // no nightly recompute or cadence waves: the clicks are the only work
                new PortfolioConfig(false, base.portfolio().zone(), base.portfolio().recomputeAt(), base.portfolio().graceDays(),
                        base.portfolio().earlyMaxDpd(), base.portfolio().middleMaxDpd(), base.portfolio().batchSize(),
                        base.portfolio().checkEvery()),
                new CadenceConfig(false, base.cadence().file(), List.of()), base.imports(), base.rnd(), base.login(),
                com.loandesk.config.AuditConfig.defaults());
        Map<String, String> env = new HashMap<>();
        env.put("LOANDESK_ADMIN_TOKEN", ADMIN_TOKEN);
        // a desk of 200 needs an account whose call rate and concurrency fit it (Twilio's default is 1 call/s)
        env.put("TWILIO_CALLS_PER_SECOND", "1000");
        env.put("TWILIO_MAX_CONCURRENT", "1000");
        env.put("TWILIO_WORKER_POOL", "200");

        Vertx vertx = Vertx.vertx();
        Service service = Providers.start(vertx, config, env, port)
                .compose(p -> Service.start(vertx, config, db, Clock.systemUTC(), p, com.loandesk.policies.PolicyFiles.load(config.rules().policiesDir(), config.rules().housePolicy()), env))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        FakeTwilio fake = service.providers().fake();
        // the fake posts each call's progress (queued, ringing, in-progress, completed) back to the service, signed
        fake.callbacksEnabled(o.callbacks());

        // the collectors' browsers: a client of their own (own event loops), one connection per collector
        Vertx clientVertx = Vertx.vertx();
        WebClient client = WebClient.wrap(clientVertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                .setDefaultHost("localhost").setDefaultPort(port), new PoolOptions().setHttp1MaxSize(o.collectors())));

        Tally warm = new Tally();
        for (int r = 0; r < o.warmupRounds(); r++) {
            Future.all(collectors.stream().map(c -> click(client, c, c.warmCase(), warm)).toList())
                    .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
            Thread.sleep(o.twilioLatencyMs() + 100L);
        }
        LOG.info("warm-up clicks={} allowed={} refused={} busy={} errors={}", warm.clicks(), warm.allowed.sum(), warm.refused.sum(),
                warm.busy.sum(), warm.errors.sum());

        // the floor: the same collectors at once on the same connections, asking only who they are (GET /api/me:
        // the HTTP stack and the token check, nothing of a call), with the same pauses, before any click is measured
        // (burst mode only)
        Tally floor = new Tally();
        for (int r = 0; o.durationS() == 0 && r < o.rounds(); r++) {
            Thread.sleep(o.thinkMs());
            Future.all(collectors.stream().map(c -> me(client, c, floor)).toList())
                    .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        }
        Thread.sleep(o.thinkMs());

        // with --login-flood: the clicks are measured twice in this run, first alone, then while a flood of wrong logins
        // runs on a client of its own, and both are printed side by side
        Tally quiet = null;
        LoginFlood flood = null;
        if (o.loginFlood() > 0) {
            quiet = new Tally();
            measure(o, clientVertx, client, collectors, quiet);
            Thread.sleep(o.thinkMs());
            flood = new LoginFlood(Vertx.vertx(), port, o.loginFlood(), o.floodWaits());
            flood.start();
            Thread.sleep(2000);
        }
        Tally t = new Tally();
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        long floodBefore = flood == null ? 0 : flood.sent();
        measure(o, clientVertx, client, collectors, t);
        double seconds = (System.nanoTime() - start) / 1e9;
        double javaCpu = (processCpuNanos() - cpuBefore) / 1e9;
        long floodSent = flood == null ? 0 : flood.sent() - floodBefore;
        if (flood != null) {
            flood.close();
        }
        long heapUsedMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);

        // let the last calls be placed before counting what reached the fake
        awaitNothingPlacing(db, Duration.ofSeconds(60));
        long posts = fake.posts("Calls.json").size();
        Checks checks = check(db);
        client.close();
        try {
            clientVertx.close().eventually(service::stop).eventually(vertx::close)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("service did not stop cleanly error={}", e.toString());
        }
        locator.close();

        long[] lat = t.sorted();
        long allowedTotal = warm.allowed.sum() + t.allowed.sum() + (quiet == null ? 0 : quiet.allowed.sum());
        boolean postsMatch = posts == allowedTotal && posts == checks.clickAttempts();
        System.out.println(String.format(Locale.ROOT,
                "# collectors=%d mode=%s twilio_latency_ms=%d think_ms=%d pool=%d callbacks=%s warmup_clicks=%d java_cpu_s=%.1f heap_used_mb=%d heap_max_mb=%d",
                o.collectors(), o.durationS() > 0 ? "duration " + o.durationS() + " s" : o.rounds() + " rounds",
                o.twilioLatencyMs(), o.thinkMs(), o.poolSize(), o.callbacks() ? "on" : "off", warm.clicks(), javaCpu, heapUsedMb,
                Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        long[] floorLat = floor.sorted();
        System.out.println(floorLat.length == 0 ? "# floor: measured in burst mode only" : String.format(Locale.ROOT,
                "# floor (GET /api/me, %d at once, %d rounds): p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f errors=%d",
                o.collectors(), floorLat.length / Math.max(1, o.collectors()), pct(floorLat, 50), pct(floorLat, 90),
                pct(floorLat, 99), floorLat.length == 0 ? 0 : floorLat[floorLat.length - 1] / 1000.0, floor.errors.sum()));
        System.out.println("# refused by rule: " + new java.util.TreeMap<>(t.byRule) + (t.statuses.isEmpty() ? "" : " other statuses: " + t.statuses));
        System.out.println(String.format(Locale.ROOT,
                "# checks: twilio_call_posts=%d allowed_clicks=%d ledger_click_attempts=%d %s; overlapping_calls_per_collector=%d; "
                        + "borrowers_over_cap=%d (max attempts per borrower by kind: %s)",
                posts, allowedTotal, checks.clickAttempts(), postsMatch ? "MATCH" : "MISMATCH", checks.overlaps(),
                checks.overCap(), checks.maxByJurisdiction()));
        if (quiet != null) {
            long[] q = quiet.sorted();
            System.out.println(String.format(Locale.ROOT,
                    "# login flood (%d clients on loopback addresses of their own, new username each time, Retry-After " + (o.floodWaits() ? "waited" : "ignored") + "): %d logins in %.1f s "
                            + "(%.0f/s) answered %s errors=%d",
                    o.loginFlood(), floodSent, seconds, floodSent / seconds, new java.util.TreeMap<>(flood.statuses), flood.errors.sum()));
            System.out.println(String.format(Locale.ROOT,
                    "# clicks without flood: p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f errors=%d | with flood: p50_ms=%.1f "
                            + "p90_ms=%.1f p99_ms=%.1f max_ms=%.1f errors=%d | p99 ratio %.2f",
                    pct(q, 50), pct(q, 90), pct(q, 99), q.length == 0 ? 0 : q[q.length - 1] / 1000.0, quiet.errors.sum(),
                    pct(lat, 50), pct(lat, 90), pct(lat, 99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1000.0, t.errors.sum(),
                    pct(lat, 99) / Math.max(0.001, pct(q, 99))));
        }
        System.out.println(String.format(Locale.ROOT,
                "clicks=%d allowed=%d refused=%d busy=%d errors=%d seconds=%.2f clicks_per_s=%.0f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f "
                        + "p999_ms=%.1f max_ms=%.1f rss_mb=%d",
                t.clicks(), t.allowed.sum(), t.refused.sum(), t.busy.sum(), t.errors.sum(), seconds, t.clicks() / seconds,
                pct(lat, 50), pct(lat, 90), pct(lat, 99), pct(lat, 99.9), lat.length == 0 ? 0 : lat[lat.length - 1] / 1000.0,
                PeakRss.mb()));
        boolean ok = postsMatch && checks.overlaps() == 0 && checks.overCap() == 0 && t.errors.sum() == 0
                && (quiet == null || quiet.errors.sum() == 0);
        System.exit(ok ? 0 : 1);
    }

    /** One measured phase: bursts of clicks (R rounds) or clicks at each collector's pace for the duration. */
    private static void measure(Options o, Vertx clientVertx, WebClient client, List<Collector> collectors, Tally t) throws Exception {
        long start = System.nanoTime();
        if (o.durationS() > 0) {
            long deadline = start + TimeUnit.SECONDS.toNanos(o.durationS());
            Future.all(collectors.stream().map(c -> loop(clientVertx, client, c, t, o.thinkMs(), deadline, 0)).toList())
                    .toCompletionStage().toCompletableFuture().get(o.durationS() + 120L, TimeUnit.SECONDS);
        } else {
            for (int r = 0; r < o.rounds(); r++) {
                int round = r;
                // every collector clicks at the same instant: the burst the target is about
                Future.all(collectors.stream().map(c -> click(client, c, c.cases().get(round % c.cases().size()), t)).toList())
                        .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
                Thread.sleep(o.thinkMs());
            }
        }
    }

    /** What the clicks got back; latencies in microseconds. */
    static final class Tally {
        final LongAdder allowed = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder busy = new LongAdder();
        final LongAdder errors = new LongAdder();
        final Map<String, LongAdder> byRule = new ConcurrentHashMap<>();
        final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        private long[] micros = new long[1 << 16];
        private int size;

        synchronized void latency(long nanos) {
            if (size == micros.length) {
                micros = Arrays.copyOf(micros, size * 2);
            }
            micros[size++] = nanos / 1000;
        }

        synchronized long[] sorted() {
            long[] s = Arrays.copyOf(micros, size);
            Arrays.sort(s);
            return s;
        }

        long clicks() {
            return allowed.sum() + refused.sum() + busy.sum() + errors.sum();
        }
    }

    private static Future<Void> click(WebClient client, Collector c, Case k, Tally t) {
        long sent = System.nanoTime();
        return client.request(HttpMethod.POST, "/api/cases/" + k.ref() + "/calls")
                .bearerTokenAuthentication(c.token())
                .timeout(60_000)
                .sendJsonObject(new JsonObject().put("contactPointId", k.pointId()))
                .map(resp -> {
                    t.latency(System.nanoTime() - sent);
                    JsonObject body = json(resp.body());
                    int status = resp.statusCode();
                    if (status == 201 || status == 202) {
                        t.allowed.increment();
                    } else if (status == 409 && "not_allowed".equals(body.getString("error"))) {
                        t.refused.increment();
                        t.byRule.computeIfAbsent(body.getString("ruleId"), r -> new LongAdder()).increment();
                    } else if (status == 409 && "call_in_progress".equals(body.getString("error"))) {
                        t.busy.increment();
                    } else {
                        t.errors.increment();
                        t.statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                        LOG.warn("click answered status={} body={}", status, body.encode());
                    }
                    return (Void) null;
                })
                .recover(e -> {
                    t.errors.increment();
                    LOG.warn("click failed error={}", e.toString());
                    return Future.succeededFuture();
                });
    }

    /** The floor's request: who am I (authentication only); counted as allowed when answered 200. */
    private static Future<Void> me(WebClient client, Collector c, Tally t) {
        long sent = System.nanoTime();
        return client.request(HttpMethod.GET, "/api/me").bearerTokenAuthentication(c.token()).timeout(60_000).send()
                .map(resp -> {
                    t.latency(System.nanoTime() - sent);
                    if (resp.statusCode() == 200) {
                        t.allowed.increment();
                    } else {
                        t.errors.increment();
                    }
                    return (Void) null;
                })
                .recover(e -> {
                    t.errors.increment();
                    return Future.succeededFuture();
                });
    }

    /** One collector clicking through their cases, thinking 0.5–1.5 × {@code thinkMs} between clicks, until {@code deadline}. */
    private static Future<Void> loop(Vertx vertx, WebClient client, Collector c, Tally t, int thinkMs, long deadline, int i) {
        if (System.nanoTime() >= deadline) {
            return Future.succeededFuture();
        }
        // collectors do not all start together in this mode: the first click is spread over one think time
        long pause = i == 0 ? ThreadLocalRandom.current().nextLong(thinkMs + 1L)
                : thinkMs / 2 + ThreadLocalRandom.current().nextLong(thinkMs + 1L);
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause) >= deadline) {
            return Future.succeededFuture();
        }
        Promise<Void> waited = Promise.promise();
        vertx.setTimer(Math.max(1, pause), id -> waited.complete());
        return waited.future()
                .compose(v -> System.nanoTime() >= deadline ? Future.succeededFuture()
                        : click(client, c, c.cases().get(i % c.cases().size()), t)
                                .compose(x -> loop(vertx, client, c, t, thinkMs, deadline, i + 1)));
    }

    private static JsonObject json(Buffer body) {
        try {
            return body == null ? new JsonObject() : body.toJsonObject();
        } catch (RuntimeException e) {
            return new JsonObject();
        }
    }

    // ---- the database -----------------------------------------------------------------------------------

    /** Collectors c0001.., each with a phone, a token, one case of each {@link Kind} and a warm-up case. */
    private static List<Collector> seed(DatabaseTarget db, int n) throws Exception {
        ZoneId awake = BenchDatabases.middayZone();
        int asleepHours = ((ZoneOffset) awake).getTotalSeconds() / 3600 + 12;   // about midnight there
        ZoneId asleep = ZoneOffset.ofHours(asleepHours > 14 ? asleepHours - 24 : asleepHours);
        List<Collector> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("insert into template (code, version, channel, locale, body, approved_by, approved_at) "
                        + "values ('click-to-call', 1, 'voice', 'en', 'Collector call', 'bench-compliance', now())");
            }
            try (PreparedStatement user = c.prepareStatement(
                    "insert into users (username, role, phone) values (?, 'collector', ?) returning id");
                 PreparedStatement token = c.prepareStatement(
                         "insert into api_token (user_id, token_hash, label, created_at) values (?, ?, 'click-bench', now())");
                 PreparedStatement borrower = c.prepareStatement(
                         "insert into borrower (external_id, full_name, time_zone, jurisdiction) values (?, ?, ?, ?) returning id");
                 PreparedStatement kase = c.prepareStatement(
                         "insert into collection_case (external_id, borrower_id, product, amount_overdue, currency, due_date, "
                                 + "days_past_due, stage, status, assigned_collector) values (?, ?, 'bench', 1500, 'USD', "
                                 + "current_date - 10, 10, 'early', 'overdue', ?)");
                 PreparedStatement point = c.prepareStatement(
                         "insert into contact_point (borrower_id, kind, value, sms_consent, voice_consent, consent_source, consent_at) "
                                 + "values (?, 'mobile', ?, true, true, 'application_form', now()) returning id")) {
                int phone = 0;
                for (int i = 1; i <= n; i++) {
                    String username = String.format(Locale.ROOT, "c%04d", i);
                    user.setString(1, username);
                    user.setString(2, String.format(Locale.ROOT, "+1415%07d", i));
                    long userId = one(user);
                    String secret = Tokens.newToken();
                    token.setLong(1, userId);
                    token.setBytes(2, Tokens.sha256(secret));
                    token.executeUpdate();
                    List<Case> cases = new ArrayList<>();
                    Case warmCase = null;
                    for (int k = 0; k <= Kind.values().length; k++) {
                        Kind kind = k < Kind.values().length ? Kind.values()[k] : Kind.US_AWAKE;
                        String ref = username + "-" + (k < Kind.values().length ? kind.name() : "WARM");
                        ZoneId zone = kind == Kind.US_ASLEEP ? asleep : awake;
                        borrower.setString(1, ref);
                        borrower.setString(2, "Bench " + ref);
                        borrower.setString(3, zone.getId());
                        borrower.setString(4, kind.jurisdiction);
                        long b = one(borrower);
                        kase.setString(1, ref);
                        kase.setLong(2, b);
                        kase.setString(3, username);
                        kase.executeUpdate();
                        phone++;
                        point.setLong(1, b);
                        point.setString(2, kind.jurisdiction.equals("CN") ? String.format(Locale.ROOT, "+86138%08d", phone)
                                : String.format(Locale.ROOT, "+1202%07d", phone));
                        long p = one(point);
                        Case cs = new Case(ref, p, kind);
                        if (k < Kind.values().length) {
                            cases.add(cs);
                        } else {
                            warmCase = cs;
                        }
                    }
                    out.add(new Collector(username, secret, cases, warmCase));
                }
            }
            c.commit();
            c.setAutoCommit(true);
            try (var st = c.createStatement()) {
                st.execute("vacuum analyze");
            }
        }
        return out;
    }

    private static long one(PreparedStatement st) throws Exception {
        try (ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitNothingPlacing(DatabaseTarget db, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); var st = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery("select count(*) from contact_task where template = 'click-to-call' and state = 'sending'")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        LOG.warn("calls still being placed after {}", timeout);
    }

    record Checks(long clickAttempts, long overlaps, long overCap, Map<String, Long> maxByJurisdiction) {
    }

    private static Checks check(DatabaseTarget db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); var st = c.createStatement()) {
            long attempts = scalar(st, "select count(*) from contact_attempt a join contact_task t on t.id = a.task_id "
                    + "where t.template = 'click-to-call'");
            // a call is being placed from its 'sending' decision until its completion; one collector's must not overlap
            long overlaps = scalar(st, """
                    with placed as (
                        select t.created_by, t.id,
                               min(h.at) filter (where h.event = 'sending') as began,
                               min(h.at) filter (where h.event in ('sent', 'failed', 'unknown')) as ended
                          from contact_task t join case_history h on h.task_id = t.id
                         where t.template = 'click-to-call'
                         group by t.created_by, t.id)
                    select count(*) from (
                        select began, ended, lead(began) over (partition by created_by order by began) as next_began
                          from placed where began is not null) x
                     where next_began < coalesce(ended, 'infinity')
                    """);
            Map<String, Long> max = new java.util.TreeMap<>();
            long over = 0;
            try (ResultSet rs = st.executeQuery("""
                    select b.external_id, count(a.id) as n, count(a.id) filter (where a.connected) as connected
                      from borrower b left join contact_attempt a on a.borrower_id = b.id
                     group by b.external_id
                    """)) {
                while (rs.next()) {
                    String ref = rs.getString(1);
                    String kindName = ref.substring(ref.indexOf('-') + 1);
                    Kind kind = "WARM".equals(kindName) ? Kind.US_AWAKE : Kind.valueOf(kindName);
                    long n = rs.getLong(2);
                    long connected = rs.getLong(3);
                    max.merge(kindName, n, Math::max);
                    boolean cnOver = kind == Kind.CN_AWAKE && (connected > 3 || n - connected > 6);
                    if (n > kind.maxAttempts || cnOver) {
                        over++;
                        LOG.warn("cap exceeded borrower={} attempts={} connected={}", ref, n, connected);
                    }
                }
            }
            return new Checks(attempts, overlaps, over, max);
        }
    }

    private static long scalar(java.sql.Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1000.0;
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

}
