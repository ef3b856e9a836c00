package com.loandesk.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.bench.ChaosCheck;
import com.loandesk.bench.ChaosRun;
import com.loandesk.bench.CrashSeed;
import com.loandesk.fake.FakeTwilio;
import com.loandesk.store.DatabaseTarget;
import com.loandesk.testsupport.Await;
import io.vertx.core.Vertx;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * scripts/crash-test in small, in the suite: the real service (com.loandesk.Main) runs as a child JVM
 * against a FakeTwilio in this JVM, whose record of created messages is the evidence. The child is
 * killed with SIGKILL in the middle of the wave, started again, and left alone until nothing is open.
 */
class KilledServiceLosesNothingIT {

    private static final int TASKS = 2000;
    private static final int SIGKILL_EXIT = 128 + 9;

    private DatabaseTarget db;
    private Vertx vertx;
    private FakeTwilio fake;
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        db = ChaosDatabase.named("crash");
        CrashSeed.seed(db, TASKS);
        vertx = Vertx.vertx();
        fake = Await.result(FakeTwilio.start(vertx, 0, ChaosRun.ACCOUNT_SID, ChaosRun.AUTH_TOKEN))
                .callbacksEnabled(false).latency(Duration.ofMillis(20));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : children) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Await.result(fake.close());
        Await.result(vertx.close());
        ChaosDatabase.drop(db);
    }

    private Process service(String run) throws IOException {
        Map<String, String> twilio = ChaosRun.twilioEnv(fake, 300);
        twilio.put("TWILIO_MAX_CONCURRENT", "50");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "com.loandesk.Main");
        pb.environment().putAll(twilio);
        pb.environment().put("DATABASE_URL", "postgres://" + db.user() + (db.password() == null ? "" : ":" + db.password())
                + "@" + db.host() + ":" + db.port() + "/" + db.database());
        pb.environment().put("LOANDESK_CONF", "conf/chaos.yaml");
        pb.environment().put("PORT", String.valueOf(freePort()));
        pb.environment().remove("LOANDESK_ADMIN_TOKEN");
        File log = new File("target/chaos-killed-service-" + run + ".log");
        pb.redirectErrorStream(true).redirectOutput(log);
        Process p = pb.start();
        children.add(p);
        return p;
    }

    @Test
    void service_killed_with_SIGKILL_mid_wave_and_restarted_sends_every_task_exactly_once() throws Exception {
        Process first = service("first");
        long killAt = TASKS * 2 / 5;
        awaitStates("sent >= " + killAt + " before the kill", first, Duration.ofSeconds(40),
                s -> ChaosCheck.count(s, "sent", "delivered") >= killAt);
        first.destroyForcibly();   // java.lang.ProcessImpl on Linux: kill(pid, SIGKILL)
        assertTrue(first.waitFor(10, TimeUnit.SECONDS), "the killed service is gone");
        assertEquals(SIGKILL_EXIT, first.exitValue(), "the service died of SIGKILL, not of its own accord");
        Map<String, Long> atKill = ChaosCheck.states(db);
        assertTrue(ChaosCheck.count(atKill, "sending") > 0, "sends were under way when the service died: " + atKill);
        assertTrue(ChaosCheck.count(atKill, "pending") > 0, "the kill came mid-wave: " + atKill);

        Process second = service("second");
        awaitStates("every task settled after the restart", second, Duration.ofSeconds(45),
                s -> !s.isEmpty() && ChaosCheck.count(s, "pending", "deferred", "sending", "unknown") == 0);
        second.destroy();
        second.waitFor(30, TimeUnit.SECONDS);

        ChaosCheck check = ChaosCheck.of(db, fake.createdMessages().stream()
                .map(m -> new ChaosCheck.Created(m.getString("to"), m.getString("sid"))).toList());
        String why = check.line() + " at_kill=" + atKill + " " + check.examples();
        assertTrue(check.clean(), "each task sent exactly once, none lost: " + why);
        assertEquals(TASKS, check.sent(), why);
        assertTrue(check.unknownReconciled() > 0, "the sends cut off by the kill went through reconciliation: " + why);
        assertEquals(TASKS, fake.createdMessages().size(), "one message per task at the provider: " + why);
    }

    private void awaitStates(String what, Process child, Duration timeout,
                             java.util.function.Predicate<Map<String, Long>> done) throws Exception {
        java.util.concurrent.atomic.AtomicReference<Map<String, Long>> last = new java.util.concurrent.atomic.AtomicReference<>();
        com.loandesk.testsupport.Await.until(what, timeout, Duration.ofMillis(100), () -> {
            Map<String, Long> states = states();
            last.set(states);
            if (done.test(states)) {
                return true;
            }
            if (!child.isAlive()) {
                throw new AssertionError("the service exited (" + child.exitValue() + ") before " + what + "; states=" + states);
            }
            return false;
        }, () -> "states=" + last.get());
    }

    private Map<String, Long> states() {
        try {
            return ChaosCheck.states(db);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the task states: " + e, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
