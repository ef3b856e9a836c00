package com.loandesk.bench;

import com.loandesk.store.DatabaseTarget;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * scripts/db-restart-test: a wave of SMS through the real service while its PostgreSQL is stopped and
 * started again. The database is an embedded one of this run's own (zonky) on a fixed data directory
 * and port, never the machine's shared server. Once {@code --at-pct} of the tasks are sent, the server
 * is shut down (fast: connections cut, transactions rolled back), kept down {@code --down-s} seconds,
 * and started again on the same data; nobody touches the service. Checks that every task was sent
 * exactly once and nothing was lost. Exit status 0 only then.
 */
public final class DatabaseRestart {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseRestart.class);

    private DatabaseRestart() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions o = new BenchOptions().option("--tasks", 3000).option("--rate", 300).option("--down-s", 5)
                .option("--at-pct", 30).parse(args);
        int tasks = o.integer("--tasks");
        int rate = o.integer("--rate");
        int downS = o.integer("--down-s");
        int atPct = o.integer("--at-pct");
        ChaosRun.Report r = run(Path.of("target", "db-restart-test"), tasks, rate, Duration.ofSeconds(downS), atPct / 100.0,
                Duration.ofSeconds(600));
        r.check().examples().forEach(System.out::println);
        System.out.println("# states=" + r.check().states());
        System.out.println(r.line());
        System.exit(r.check().clean() ? 0 : 1);
    }

    /** Seeds {@code tasks} on a fresh embedded server under {@code work}, runs the wave with the restart, stops the server. */
    public static ChaosRun.Report run(Path work, int tasks, int rate, Duration down, double atFraction, Duration timeout)
            throws Exception {
        File data = work.resolve("pgdata").toFile();
        deleteTree(work);
        Files.createDirectories(work);
        int port = freePort();
        EmbeddedPostgres[] pg = {start(data, port)};
        try {
            DatabaseTarget db = new DatabaseTarget("127.0.0.1", port, "loandesk_db_restart", "postgres", null,
                    "embedded PostgreSQL 127.0.0.1:" + port + "/loandesk_db_restart");
            System.out.println(CrashSeed.seed(db, tasks));
            return ChaosRun.run(db, ChaosRun.config(db), rate, 20, atFraction, scene -> {
                try {
                    long t0 = System.nanoTime();
                    pg[0].close();
                    LOG.info("database stopped port={} downForMs={}", port, down.toMillis());
                    Thread.sleep(down.toMillis());
                    pg[0] = start(data, port);
                    LOG.info("database started again port={} outageMs={}", port, (System.nanoTime() - t0) / 1_000_000);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot restart the embedded database: " + e, e);
                }
            }, timeout);
        } finally {
            pg[0].close();
            deleteTree(work);
        }
    }

    private static EmbeddedPostgres start(File data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
