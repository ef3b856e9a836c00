package com.loandesk;

import com.loandesk.channel.Channels;
import com.loandesk.config.AppConfig;
import com.loandesk.dispatch.ContextBuilder;
import com.loandesk.dispatch.Dispatcher;
import com.loandesk.dispatch.DispatcherVerticle;
import com.loandesk.rules.ContactGate;
import com.loandesk.rules.Gates;
import com.loandesk.rules.ZoneResolver;
import com.loandesk.store.DatabaseTarget;
import com.loandesk.store.Pools;
import com.loandesk.store.TaskStore;
import com.loandesk.web.StatusApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.sqlclient.Pool;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The running service: pool, dispatcher, HTTP. Assembled here so tests, the demo and the benchmark share it. */
public final class Service {

    private static final AtomicInteger DISPATCHERS = new AtomicInteger();

    private final Vertx vertx;
    private final Pool pool;
    private final TaskStore store;
    private final DispatcherVerticle dispatcher;
    private String dispatcherDeployment;
    private HttpServer http;

    private Service(Vertx vertx, Pool pool, DispatcherVerticle dispatcher) {
        this.vertx = vertx;
        this.pool = pool;
        this.store = new TaskStore(pool);
        this.dispatcher = dispatcher;
    }

    /** A dispatcher owner id unique across processes and within this one. */
    public static String newOwnerId() {
        return ManagementFactory.getRuntimeMXBean().getName() + "-d" + DISPATCHERS.incrementAndGet();
    }

    public static ContactGate gateFrom(AppConfig config) {
        return Gates.localHoursAndDailyCap(config.rules().policy(), config.rules().window(), config.rules().dailyCap());
    }

    public static Future<Service> start(Vertx vertx, AppConfig config, DatabaseTarget target, Clock clock, Channels channels) {
        Pool pool = Pools.create(vertx, target, config.database());
        TaskStore store = new TaskStore(pool);
        ContactGate gate = gateFrom(config);
        ContextBuilder contexts = new ContextBuilder(ZoneResolver.withDefaults(config.rules().fallbackZones()));
        var verticle = new DispatcherVerticle(() -> new Dispatcher(vertx, store, gate, contexts, channels,
                config.dispatch(), clock, newOwnerId()));
        Service service = new Service(vertx, pool, verticle);
        Future<?> dispatching = config.dispatch().enabled()
                ? vertx.deployVerticle(verticle).onSuccess(id -> service.dispatcherDeployment = id)
                : Future.succeededFuture();
        return dispatching
                .compose(v -> vertx.createHttpServer()
                        .requestHandler(new StatusApi(store).router(vertx, config.http().bodyLimitBytes()))
                        .listen(config.http().port()))
                .map(server -> {
                    service.http = server;
                    return service;
                });
    }

    public TaskStore store() {
        return store;
    }

    public Pool pool() {
        return pool;
    }

    public Dispatcher dispatcher() {
        return dispatcher.dispatcher();
    }

    public int httpPort() {
        return http.actualPort();
    }

    /** Stops taking requests, drains the dispatcher, closes the pool. */
    public Future<Void> stop() {
        Future<Void> server = http == null ? Future.succeededFuture() : http.shutdown(30, TimeUnit.SECONDS);
        return server
                .compose(v -> dispatcherDeployment == null ? Future.succeededFuture() : vertx.undeploy(dispatcherDeployment))
                .compose(v -> pool.close());
    }
}
