package com.loandesk.bench;

import com.loandesk.Providers;
import com.loandesk.Service;
import com.loandesk.config.AppConfig;
import com.loandesk.fake.FakeRequest;
import com.loandesk.fake.FakeTwilio;
import com.loandesk.rules.Channel;
import com.loandesk.rules.PolicyBook;
import com.loandesk.store.DatabaseTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One in-process chaos run: the real service (the production Twilio adapter, the shipped policies)
 * against an in-process FakeTwilio, over a database seeded by {@link CrashSeed}. Once a given share of
 * the tasks is sent, a fault is injected (the fake scripted into an outage, the database restarted…);
 * the run then waits, without anyone acting, until no task is open, stops the service and compares the
 * fake's evidence with the database ({@link ChaosCheck}). Blocking: call it from a plain thread.
 */
public final class ChaosRun {

    private static final Logger LOG = LoggerFactory.getLogger(ChaosRun.class);
    public static final String ACCOUNT_SID = "AC" + "c4a0".repeat(8);
    public static final String AUTH_TOKEN = "chaos-token-not-a-secret";

    /** What the fault sees: the fake and the running service. */
    public record Scene(FakeTwilio fake, Service service) {
    }

    /**
     * @param check        the evidence compared
     * @param posts        POSTs to Messages.json the fake received
     * @param postsByStatus those POSTs by the status answered (a processed 5xx counts as its 5xx)
     * @param created      messages the fake created
     * @param lists        list requests (reconciliation)
     * @param firstAttempts first attempts the dispatcher sent
     * @param retries       retries the dispatcher sent (from the budget)
     * @param retriesHeld   retries that had to wait for the budget
     * @param retryBound    what the budget allows: percent × first attempts + floor × seconds
     * @param attemptsWithoutRequest attempts tasks were charged with no request to their number (local refusals
     *                      must cost none; a send lost with its process may, as it may have gone)
     * @param breakerOpened whether the SMS channel was seen refusing work (an open breaker)
     * @param faultAtSent   tasks sent when the fault was injected
     * @param seconds       from the service's start to every task settled
     */
    public record Report(ChaosCheck check, long posts, Map<Integer, Long> postsByStatus, long created, long lists,
                         long firstAttempts, long retries, long retriesHeld, long retryBound, long attemptsWithoutRequest,
                         boolean breakerOpened, long faultAtSent, double seconds) {

        public String line() {
            return check.line() + String.format(Locale.ROOT, " posts=%d by_status=%s created=%d lists=%d first_attempts=%d "
                            + "retries=%d retries_held=%d retry_bound=%d attempts_without_request=%d breaker_opened=%s "
                            + "fault_at_sent=%d seconds=%.1f",
                    posts, postsByStatus, created, lists, firstAttempts, retries, retriesHeld, retryBound, attemptsWithoutRequest,
                    breakerOpened, faultAtSent, seconds);
        }
    }

    private ChaosRun() {
    }

    /** The service's configuration for a chaos run: short leases, fast reconciliation, no demo. */
    public static JsonObject config(DatabaseTarget db) {
        return new JsonObject()
                .put("http", new JsonObject().put("port", 0))
                .put("database", new JsonObject().put("poolSize", 8).put("localDatabase", db.database()).put("fallback", "none"))
                .put("dispatch", new JsonObject().put("batchSize", 100).put("maxInFlight", 200).put("leaseSeconds", 5)
                        .put("pollIntervalMs", 50).put("recoveryIntervalSeconds", 1).put("maxAttempts", 10).put("retryBaseMs", 500)
                        .put("retryBudgetPercent", 20).put("retryBudgetFloorPerSecond", 20))
                .put("providers", new JsonObject().put("mode", "twilio").put("reconcileIntervalSeconds", 1).put("reconcileGraceSeconds", 1))
                .put("demo", new JsonObject().put("enabled", false));
    }

    /** The Twilio environment aimed at {@code fake}: a breaker that opens after 10 calls and waits 1 s. */
    public static Map<String, String> twilioEnv(FakeTwilio fake, int smsPerSecond) {
        Map<String, String> env = new HashMap<>();
        env.put("TWILIO_ACCOUNT_SID", ACCOUNT_SID);
        env.put("TWILIO_AUTH_TOKEN", AUTH_TOKEN);
        env.put("TWILIO_API_BASE_URL", fake.baseUrl());
        env.put("PUBLIC_BASE_URL", "http://localhost:1");
        env.put("TWILIO_FROM_NUMBER", "+15005550006");
        env.put("TWILIO_VOICE_FROM_NUMBER", "+15005550006");
        env.put("TWILIO_SMS_PER_SECOND", String.valueOf(smsPerSecond));
        env.put("TWILIO_MAX_CONCURRENT", "20");
        env.put("TWILIO_WORKER_POOL", "20");
        env.put("TWILIO_REQUEST_TIMEOUT_MS", "2000");
        env.put("TWILIO_BREAKER_WINDOW", "20");
        env.put("TWILIO_BREAKER_MIN_CALLS", "10");
        env.put("TWILIO_BREAKER_OPEN_MS", "1000");
        return env;
    }

    /**
     * Runs the service over the seeded {@code db} until no task is open (or {@code timeout}), injecting
     * {@code fault} once {@code faultAtFraction} of the tasks are sent.
     */
    public static Report run(DatabaseTarget db, JsonObject config, int smsPerSecond, long latencyMs,
                             double faultAtFraction, Consumer<Scene> fault, Duration timeout) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            FakeTwilio fake = await(FakeTwilio.start(vertx, 0, ACCOUNT_SID, AUTH_TOKEN));
            fake.callbacksEnabled(false).latency(Duration.ofMillis(latencyMs));
            AppConfig app = AppConfig.from(config);
            Map<String, String> env = twilioEnv(fake, smsPerSecond);
            PolicyBook policies = com.loandesk.policies.PolicyFiles.load(app.rules().policiesDir(), app.rules().housePolicy());
            long tasks = ChaosCheck.count(ChaosCheck.states(db), "pending");
            long started = System.nanoTime();
            Service service = await(Providers.start(vertx, app, env, 0)
                    .compose(p -> Service.start(vertx, app, db, Clock.systemUTC(), p, policies, env))
                    .compose(Service::startDispatching));
            boolean faulted = false;
            boolean breakerOpened = false;
            long faultAtSent = -1;
            long deadline = System.nanoTime() + timeout.toNanos();
            long nextReport = 0;
            while (true) {
                breakerOpened |= !service.providers().channels().of(Channel.SMS).accepting();
                Map<String, Long> states = ChaosCheck.states(db);
                long sent = ChaosCheck.count(states, "sent", "delivered");
                if (!faulted && sent >= tasks * faultAtFraction) {
                    faulted = true;
                    faultAtSent = sent;
                    LOG.info("chaos fault injected sent={} states={}", sent, states);
                    fault.accept(new Scene(fake, service));
                    continue;
                }
                if (faulted && !states.isEmpty() && fake.outageOver()
                        && ChaosCheck.count(states, "pending", "deferred", "sending", "unknown") == 0) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    LOG.warn("chaos run timed out states={}", states);
                    break;
                }
                if (System.nanoTime() > nextReport) {
                    LOG.info("chaos progress states={}", states);
                    nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                }
                Thread.sleep(50);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long[] budget = service.dispatcher().retryBudgetCounts();
            await(service.stop());
            ChaosCheck check = ChaosCheck.of(db, fake.createdMessages().stream()
                    .map(m -> new ChaosCheck.Created(m.getString("to"), m.getString("sid"))).toList());
            List<FakeRequest> posts = fake.posts("Messages.json");
            Map<Integer, Long> byStatus = new TreeMap<>();
            Map<String, Long> postsTo = new HashMap<>();
            posts.forEach(r -> {
                byStatus.merge(r.status(), 1L, Long::sum);
                postsTo.merge(r.param("To"), 1L, Long::sum);
            });
            long attemptsWithoutRequest = ChaosCheck.attemptsWithoutRequest(db, postsTo);
            long lists = fake.requests().stream().filter(r -> "GET".equals(r.method())).count();
            var d = app.dispatch();
            long bound = (long) Math.floor(d.retryBudgetPercent() / 100.0 * budget[0] + d.retryBudgetFloorPerSecond() * seconds);
            await(fake.close());
            Report report = new Report(check, posts.size(), byStatus, fake.createdMessages().size(), lists, budget[0], budget[1], budget[2],
                    bound, attemptsWithoutRequest, breakerOpened, faultAtSent, seconds);
            LOG.info("chaos run done {}", report.line());
            return report;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
