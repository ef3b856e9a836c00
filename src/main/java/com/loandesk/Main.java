package com.loandesk;

import com.loandesk.auth.AccessStore;
import com.loandesk.config.AppConfig;
import com.loandesk.config.ConfigException;
import com.loandesk.demo.DemoGuard;
import com.loandesk.demo.DemoPeople;
import com.loandesk.demo.DemoPortfolio;
import com.loandesk.dispatch.Dispatcher;
import com.loandesk.rules.PolicyBook;
import com.loandesk.store.DatabaseLocator;
import com.loandesk.store.DatabaseTarget;
import com.loandesk.store.Migrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the service in the foreground: configuration, database, migrations, dispatcher, HTTP. A start that
 * fails for any reason logs why and exits (2: configuration, 1: anything else), never leaving a JVM behind.
 * SIGTERM (or Ctrl-C) stops it within {@link #STOP_GRACE} plus a little, exiting 0.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** How long stopping lets the sends under way finish: Kubernetes and systemd wait 10 s before SIGKILL. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration START_DEADLINE = Duration.ofSeconds(120);

    private Main() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Path file = Path.of(env.getOrDefault("LOANDESK_CONF", "conf/application.yaml"));
        AppConfig config;
        PolicyBook policies;
        try {
            config = AppConfig.load(file, env);
            // the API's settings from the environment, checked with the file's: a bad one stops here, before any database
            com.loandesk.config.ApiSettings.from(config, env);
            if (config.demo().enabled()) {
                DemoGuard.checkEnvironment(env);
            }
            policies = com.loandesk.policies.PolicyFiles.load(config.rules().policiesDir(), config.rules().housePolicy());
        } catch (RuntimeException e) {
            LOG.error("configuration invalid file={} error={}", file, e.getMessage());
            System.exit(2);
            return;
        }
        Thread watchdog = watchdog();
        DatabaseLocator locator = new DatabaseLocator(env);
        Vertx vertx = null;
        try {
            DatabaseTarget target = locator.locate(config.database().localDatabase(), config.database().fallback());
            if (config.demo().enabled()) {
                DemoGuard.checkDatabase(target);
            }
            int applied = migrate(target);
            LOG.info("database={} migrationsApplied={}", target.description(), applied);
            vertx = Vertx.vertx();
            Service service = start(vertx, config, target, policies, env)
                    .toCompletionStage().toCompletableFuture().get(START_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            String where = "http://" + ("0.0.0.0".equals(config.http().host()) ? "localhost" : config.http().host())
                    + ":" + service.httpPort() + "/";
            LOG.info("listening address={} port={} status={}", config.http().host(), service.httpPort(), where);
            if (config.demo().enabled()) {
                LOG.info("demo ready pages={}app/ login={}", where, DemoPeople.loginHint(env));
            }
            Vertx running = vertx;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(service, running, locator), "shutdown"));
            watchdog.interrupt();
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.error("start failed error={}", cause instanceof java.util.concurrent.TimeoutException
                    ? "not started within " + START_DEADLINE.toSeconds() + " s" : String.valueOf(cause.getMessage()));
            closeQuietly(vertx, locator);
            System.exit(1);
        }
    }

    /** Ends a start that hangs anywhere (a database that accepts and never answers, say) after START_DEADLINE. */
    private static Thread watchdog() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(START_DEADLINE.toMillis());
            } catch (InterruptedException started) {
                return;
            }
            LOG.error("start failed error=not started within {} s", START_DEADLINE.toSeconds());
            Runtime.getRuntime().halt(1);
        }, "start-watchdog");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static int migrate(DatabaseTarget target) {
        try {
            return Migrations.migrate(target);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalStateException("cannot migrate the database at " + target.description() + ": " + root.getMessage(), e);
        }
    }

    private static Future<Service> start(Vertx vertx, AppConfig config, DatabaseTarget target, PolicyBook policies,
                                         Map<String, String> env) {
        Clock clock = Clock.systemUTC();
        return Providers.start(vertx, config, env, config.http().port())
                .compose(providers -> Service.start(vertx, config, target, clock, providers, policies, env)
                        .onFailure(e -> providers.close()))
                .compose(s -> (config.demo().enabled()
                        ? new DemoPortfolio(s.pool(), s.store(), clock).loadIfEmpty(config.demo().borrowers())
                                .compose(n -> new DemoPeople(AccessStore.create(vertx, s.pool(), clock), s.pool()).ensure(env))
                        : Future.succeededFuture(0)).map(s))
                .compose(Service::startDispatching);
    }

    /**
     * The shutdown hook: stops claiming, hands back what was gated but not sent, lets the sends under way finish
     * (at most {@link #STOP_GRACE}), writes their outcomes, closes everything, says so in one line, and exits 0.
     */
    private static void stop(Service service, Vertx vertx, DatabaseLocator locator) {
        long started = System.nanoTime();
        int status = 0;
        try {
            Dispatcher.Stopped stopped = service.stop(STOP_GRACE).toCompletionStage().toCompletableFuture()
                    .get(STOP_GRACE.toMillis() + 1500, TimeUnit.MILLISECONDS);
            LOG.info("stopped handedBack={} sendsFinished={} leftSending={} tookMs={}{}", stopped.handedBack(), stopped.finished(),
                    stopped.leftSending(), (System.nanoTime() - started) / 1_000_000,
                    stopped.leftSending() > 0 ? " (their leases expire into 'unknown' and reconciliation)" : "");
        } catch (Exception e) {
            LOG.warn("stop incomplete tookMs={} error={}", (System.nanoTime() - started) / 1_000_000, e.toString());
            status = 1;
        }
        closeQuietly(vertx, locator);
        // a signal's exit status would be 143: a clean stop is 0 (halt: the other hooks were given their time above)
        Runtime.getRuntime().halt(status);
    }

    /** Closes Vert.x (its non-daemon threads would keep the JVM alive) and an embedded database, each with a deadline. */
    private static void closeQuietly(Vertx vertx, DatabaseLocator locator) {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("vert.x close unconfirmed error={}", e.toString());
            }
        }
        try {
            locator.close();
        } catch (Exception e) {
            LOG.warn("embedded database close failed error={}", e.toString());
        }
    }
}
