package com.loandesk.testsupport;

import com.loandesk.channel.Channels;
import com.loandesk.channel.ContactChannel;
import com.loandesk.channel.sim.SimulatorChannel;
import com.loandesk.config.DispatchConfig;
import com.loandesk.dispatch.ContextBuilder;
import com.loandesk.dispatch.Dispatcher;
import com.loandesk.dispatch.DispatcherVerticle;
import com.loandesk.rules.Channel;
import com.loandesk.rules.ContactGate;
import com.loandesk.rules.ZoneResolver;
import com.loandesk.store.TaskStore;
import com.loandesk.templates.ApprovedTemplates;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/** A dispatcher deployed on its own verticle against the test database, with simulated providers by default. */
public final class DispatchHarness implements AutoCloseable {

    public final Vertx vertx;
    public final Pool pool;
    public final TaskStore store;
    public final Dispatcher dispatcher;
    private final String deployment;

    private DispatchHarness(Vertx vertx, Pool pool, Dispatcher dispatcher, String deployment) {
        this.vertx = vertx;
        this.pool = pool;
        this.store = new TaskStore(pool);
        this.dispatcher = dispatcher;
        this.deployment = deployment;
    }

    public static DispatchConfig fastConfig() {
        return DispatchConfig.from(new JsonObject().put("dispatch", new JsonObject()
                .put("batchSize", 50).put("maxInFlight", 50)
                .put("pollIntervalMs", 20).put("completionFlushMs", 2).put("leaseSeconds", 60)));
    }

    public static List<ContactChannel> simulators(Vertx vertx) {
        return List.of(new SimulatorChannel(vertx, Channel.SMS, Duration.ZERO),
                new SimulatorChannel(vertx, Channel.VOICE, Duration.ZERO),
                new SimulatorChannel(vertx, Channel.EMAIL, Duration.ZERO));
    }

    public static DispatchHarness start(Vertx vertx, ContactGate gate, Clock clock, DispatchConfig config,
                                        List<ContactChannel> channels, String owner) {
        Pool pool = TestDatabase.pool(vertx);
        TaskStore store = new TaskStore(pool);
        var templates = Await.result(ApprovedTemplates.load(pool));
        var contexts = new ContextBuilder(ZoneResolver.withDefaults(List.of(ZoneId.of("America/New_York"))), templates);
        Dispatcher dispatcher = new Dispatcher(vertx, store, gate, contexts, new Channels(channels), config, clock, owner);
        String id = Await.result(vertx.deployVerticle(new DispatcherVerticle(() -> dispatcher)));
        return new DispatchHarness(vertx, pool, dispatcher, id);
    }

    /** Waits until the dispatcher has settled {@code n} tasks (sent, failed, deferred, blocked or unknown). */
    public void awaitSettled(long n) {
        Await.until(n + " settled tasks (have " + dispatcher.stats().settled() + ")", Duration.ofSeconds(30),
                () -> dispatcher.stats().settled() >= n);
    }

    @Override
    public void close() {
        Await.result(vertx.undeploy(deployment));
        Await.result(pool.close());
    }
}
