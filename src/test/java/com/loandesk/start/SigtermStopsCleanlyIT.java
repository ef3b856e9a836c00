package com.loandesk.start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.bench.ChaosCheck;
import com.loandesk.bench.ChaosRun;
import com.loandesk.bench.CrashSeed;
import com.loandesk.fake.FakeTwilio;
import com.loandesk.store.DatabaseTarget;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM in the middle of a wave: the service (com.loandesk.Main in a child JVM, the real Twilio adapter
 * aimed at a FakeTwilio in this JVM that answers in 300 ms) stops claiming, hands back what it gated but did not
 * send, lets the sends under way finish, writes their outcomes, says so in one line and exits 0 within 10 s.
 */
class SigtermStopsCleanlyIT {

    private static final int TASKS = 3000;
    private static final Pattern STOPPED = Pattern.compile("stopped handedBack=(\\d+) sendsFinished=(\\d+) leftSending=(\\d+) tookMs=(\\d+)");

    @TempDir
    Path dir;
    private DatabaseTarget db;
    private Vertx vertx;
    private FakeTwilio fake;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.target().withDatabase("loandesk_sigterm_" + ProcessHandle.current().pid());
        CrashSeed.seed(db, TASKS);
        vertx = Vertx.vertx();
        fake = Await.result(FakeTwilio.start(vertx, 0, ChaosRun.ACCOUNT_SID, ChaosRun.AUTH_TOKEN))
                .callbacksEnabled(false).latency(Duration.ofMillis(300));
    }

    @AfterEach
    void tearDown() {
        Await.result(fake.close());
        Await.result(vertx.close());
        try (Connection c = DriverManager.getConnection(db.withDatabase("postgres").jdbcUrl(), db.user(), db.password());
             var st = c.createStatement()) {
            st.execute("drop database if exists \"" + db.database() + "\" with (force)");
        } catch (Exception ignored) {
            // best effort
        }
    }

    @Test
    void sigterm_mid_wave_exits_0_within_10_s_having_finished_or_handed_back_every_send() throws Exception {
        Map<String, String> env = new HashMap<>(ChaosRun.twilioEnv(fake, 200));
        env.put("DATABASE_URL", ChildService.databaseUrl(db));
        env.put("PORT", String.valueOf(ChildService.freePort()));
        // production settings but for where the database and Twilio are: leases of a minute, no nightly jobs
        Path conf = dir.resolve("sigterm.yaml");
        Files.writeString(conf, """
                database: {fallback: none}
                dispatch: {batchSize: 100, maxInFlight: 200, pollIntervalMs: 50, leaseSeconds: 60}
                providers: {mode: twilio}
                portfolio: {enabled: false}
                cadence: {enabled: false}
                """);
        try (ChildService child = ChildService.start("sigterm-service", conf.toString(), env)) {
            child.awaitLog("dispatcher started", Duration.ofSeconds(60));
            com.loandesk.testsupport.Await.until("50 sent", Duration.ofSeconds(30), Duration.ofMillis(50),
                    () -> ChaosCheck.count(ChaosCheck.states(db), "sent", "delivered") >= 50, () -> "states " + ChaosCheck.states(db));
            Map<String, Long> atSignal = ChaosCheck.states(db);
            long signalled = System.nanoTime();
            child.terminate();

            int exit = child.exitWithin(Duration.ofSeconds(10));
            long tookMs = (System.nanoTime() - signalled) / 1_000_000;
            String log = child.log();
            assertEquals(0, exit, "exit status after SIGTERM (took " + tookMs + " ms); log tail:\n" + tail(log));
            assertFalse(log.contains("Exception in thread"), "the stop's callbacks ran: " + tail(log));
            Matcher m = STOPPED.matcher(log);
            assertTrue(m.find(), "one line saying what was handed back; log tail:\n" + tail(log));
            int handedBack = Integer.parseInt(m.group(1));
            assertEquals(0, Integer.parseInt(m.group(3)), "every send under way finished within the grace: " + m.group());

            Map<String, Long> after = ChaosCheck.states(db);
            String why = "at signal " + atSignal + ", after " + after + ", " + m.group();
            assertTrue(ChaosCheck.count(atSignal, "pending") > 0, "the signal came mid-wave: " + why);
            // (a send whose answer timed out is 'unknown', as at any time: the fake answers slowly on a loaded machine)
            assertEquals(0, ChaosCheck.count(after, "sending"), "no lease left held: " + why);
            assertEquals(handedBack, count("select count(*) from contact_task where state = 'deferred' "
                    + "and (last_error like 'STOPPED:%' or last_error like 'RETRY_BUDGET: stopped%')"), why);
            assertEquals(0, count("select count(*) from contact_task t where t.last_error like 'STOPPED:%' "
                    + "and exists (select 1 from contact_attempt a where a.task_id = t.id)"), "handed-back tasks are off the cap ledger: " + why);
            long created = fake.createdMessages().size();
            assertTrue(ChaosCheck.count(after, "sent", "delivered") <= created
                    && created <= ChaosCheck.count(after, "sent", "delivered", "unknown"),
                    "every task recorded sent reached the provider, and every message it took is sent or awaits reconciliation: "
                            + created + " created; " + why);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String tail(String log) {
        return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
    }
}
