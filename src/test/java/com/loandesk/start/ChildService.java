package com.loandesk.start;

import com.loandesk.store.DatabaseTarget;
import com.loandesk.testsupport.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * com.loandesk.Main in a child JVM, with an environment of the test's making (no DATABASE_URL, PG* or Twilio
 * variables unless given) and its output in target/{name}.log.
 */
final class ChildService implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildService(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ChildService start(String name, String conf, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "com.loandesk.Main");
        pb.environment().keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("TWILIO_") || k.startsWith("LOANDESK_")
                || k.equals("DATABASE_URL") || k.equals("PORT") || k.equals("BIND_ADDRESS") || k.startsWith("SMTP_"));
        pb.environment().put("LOANDESK_CONF", conf);
        pb.environment().putAll(env);
        Path log = Path.of("target", name + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new ChildService(pb.start(), log);
    }

    static String databaseUrl(DatabaseTarget db) {
        return "postgres://" + db.user() + (db.password() == null ? "" : ":" + db.password())
                + "@" + db.host() + ":" + db.port() + "/" + db.database();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The exit code, or an AssertionError (with the log) when the child is still running after {@code timeout}. */
    int exitWithin(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + "; log:\n" + log());
        }
        return process.exitValue();
    }

    /** Waits until the log holds {@code text}; fails with the log when the child exits first or the time is up. */
    void awaitLog(String text, Duration timeout) throws InterruptedException {
        Await.until("'" + text + "' in the log", timeout, Duration.ofMillis(50), () -> {
            if (!process.isAlive() && !log().contains(text)) {
                throw new AssertionError("exited (" + process.exitValue() + ") before logging '" + text + "'; log:\n" + log());
            }
            return log().contains(text);
        }, () -> "log:\n" + log());
    }

    /** SIGTERM (java.lang.ProcessImpl on Linux: kill(pid, SIGTERM)). */
    void terminate() {
        process.destroy();
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

}
