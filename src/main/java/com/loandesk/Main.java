package com.loandesk;

import com.loandesk.config.AppConfig;
import com.loandesk.config.ConfigException;
import com.loandesk.auth.AccessStore;
import com.loandesk.demo.DemoPeople;
import com.loandesk.demo.DemoPortfolio;
import com.loandesk.rules.PolicyBook;
import com.loandesk.store.DatabaseLocator;
import com.loandesk.store.DatabaseTarget;
import com.loandesk.store.Migrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the service in the foreground: configuration, database, migrations, dispatcher, HTTP. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(System.getenv().getOrDefault("LOANDESK_CONF", "conf/application.yaml"));
        AppConfig config;
        try {
            config = AppConfig.load(file, System.getenv());
        } catch (ConfigException e) {
            LOG.error("configuration invalid error={}", e.getMessage());
            System.exit(2);
            return;
        }
        PolicyBook policies;
        try {
            policies = PolicyBook.load(config.rules().policiesDir(), config.rules().housePolicy());
        } catch (RuntimeException e) {
            LOG.error("policies invalid error={}", e.getMessage());
            System.exit(2);
            return;
        }
        DatabaseLocator locator = new DatabaseLocator(System.getenv());
        DatabaseTarget target = locator.locate(config.database().localDatabase(), config.database().embeddedFallback());
        int applied = Migrations.migrate(target);
        LOG.info("database={} migrationsApplied={}", target.description(), applied);

        Vertx vertx = Vertx.vertx();
        Clock clock = Clock.systemUTC();
        AppConfig settings = config;
        Service service = Providers.start(vertx, config, System.getenv(), config.http().port())
                .compose(providers -> Service.start(vertx, settings, target, clock, providers, policies, System.getenv()))
                .compose(s -> (config.demo().enabled()
                        ? new DemoPortfolio(s.pool(), s.store(), clock).loadIfEmpty(config.demo().borrowers())
                                .compose(n -> new DemoPeople(AccessStore.create(vertx, s.pool(), clock), s.pool()).ensure(System.getenv()))
                        : Future.succeededFuture(0)).map(s))
                .compose(Service::startDispatching)
                .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        LOG.info("listening port={} status=http://localhost:{}/", service.httpPort(), service.httpPort());

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            CountDownLatch done = new CountDownLatch(1);
            service.stop().eventually(vertx::close).onComplete(ar -> done.countDown());
            try {
                done.await(40, TimeUnit.SECONDS);
                locator.close();
            } catch (Exception e) {
                LOG.warn("shutdown incomplete error={}", e.toString());
            }
        }, "shutdown"));
    }
}
