package com.loandesk;

import com.loandesk.audit.ChainVerifier;
import com.loandesk.audit.CheckpointFile;
import com.loandesk.audit.Checkpoints;
import com.loandesk.audit.Sealer;
import com.loandesk.auth.AccessStore;
import com.loandesk.auth.Authn;
import com.loandesk.config.ConfigException;
import com.loandesk.web.api.ChainApi;
import com.loandesk.auth.Role;
import com.loandesk.calls.ClickToCall;
import com.loandesk.config.ApiSettings;
import com.loandesk.config.AppConfig;
import com.loandesk.dispatch.ImmediateGate;
import com.loandesk.web.api.ApiRoutes;
import com.loandesk.cadence.CadenceResult;
import com.loandesk.cadence.CadenceScheduler;
import com.loandesk.portfolio.NightlyJob;
import com.loandesk.portfolio.PortfolioRecompute;
import com.loandesk.store.WaveStore;
import java.util.Map;
import com.loandesk.dispatch.ContextBuilder;
import com.loandesk.dispatch.Dispatcher;
import com.loandesk.dispatch.DispatcherVerticle;
import com.loandesk.dispatch.UnknownReconciler;
import com.loandesk.dispatch.WaveFeeder;
import com.loandesk.dispatch.WaveSampler;
import com.loandesk.store.WaveStore;
import com.loandesk.rules.ContactGate;
import com.loandesk.rules.ZoneResolver;
import com.loandesk.metrics.DispatchMetrics;
import com.loandesk.metrics.TaskGauges;
import com.loandesk.retention.RetentionJob;
import com.loandesk.store.DatabaseTarget;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import com.loandesk.store.PgProviderEvents;
import com.loandesk.store.Pools;
import com.loandesk.store.ProviderEvents;
import com.loandesk.store.TaskStore;
import com.loandesk.templates.ApprovedTemplates;
import com.loandesk.web.api.DryRunApi;
import com.loandesk.web.Pages;
import com.loandesk.web.StatusApi;
import com.loandesk.dispatch.DryRun;
import com.loandesk.web.TwilioWebhooks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: pool, dispatcher, provider webhooks, reconciliation, HTTP. Assembled here so
 * that Main, the tests and the benchmarks run the same thing.
 */
public final class Service {

    private static final Logger LOG = LoggerFactory.getLogger(Service.class);
    private static final AtomicInteger DISPATCHERS = new AtomicInteger();

    private final Vertx vertx;
    private final Pool pool;
    private final TaskStore store;
    private final DispatcherVerticle dispatcher;
    private final Providers providers;
    private final AppConfig config;
    private final ApprovedTemplates templates;
    private final List<Long> timers = new ArrayList<>();
    private String dispatcherDeployment;
    private ClickToCall clickToCall;
    private WaveFeeder feeder;
    private WaveSampler sampler;
    private HttpServer http;
    private NightlyJob nightly;
    private Future<com.loandesk.rnd.RndRefreshJob> rnd;
    private com.loandesk.fake.FakeRnd fakeRnd;
    private Pool exports;

    private Service(Vertx vertx, Pool pool, DispatcherVerticle dispatcher, Providers providers, AppConfig config,
                    ApprovedTemplates templates) {
        this.config = config;
        this.templates = templates;
        this.vertx = vertx;
        this.pool = pool;
        this.store = new TaskStore(pool);
        this.dispatcher = dispatcher;
        this.providers = providers;
    }

    /** A dispatcher owner id unique across processes and within this one. */
    public static String newOwnerId() {
        return ManagementFactory.getRuntimeMXBean().getName() + "-d" + DISPATCHERS.incrementAndGet();
    }

    /**
     * Starts the service with {@code gate} (in production the {@link com.loandesk.rules.PolicyBook} of
     * {@code conf/policies}) deciding every contact.
     */
    public static Future<Service> start(Vertx vertx, AppConfig config, DatabaseTarget target, Clock clock,
                                        Providers providers, ContactGate gate, Map<String, String> env) {
        ApiSettings apiSettings;
        try {
            apiSettings = ApiSettings.from(config, env);
            byte[] key = CheckpointFile.key(env);
            if (config.audit().checkpointDir() != null && key == null) {
                throw new ConfigException("audit.checkpointDir is set (" + config.audit().checkpointDir() + ") but "
                        + CheckpointFile.KEY_ENV + " is not: checkpoint files are signed with it");
            }
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e instanceof ConfigException ? e : new ConfigException(e.getMessage()));
        }
        Pool pool = Pools.create(vertx, target, config.database());
        Pool exports = Pools.exports(vertx, target, config.database());
        return ApprovedTemplates.load(pool)
                .recover(e -> {
                    pool.close();
                    exports.close();
                    return Future.failedFuture(e);
                })
                .compose(templates -> start(vertx, config, target, clock, providers, gate, pool, exports, templates, env, apiSettings));
    }

    private static Future<Service> start(Vertx vertx, AppConfig config, DatabaseTarget target, Clock clock, Providers providers,
                                         ContactGate gate, Pool pool, Pool exports, ApprovedTemplates templates,
                                         Map<String, String> env, ApiSettings apiSettings) {
        byte[] checkpointKey = CheckpointFile.key(env);
        TaskStore store = new TaskStore(pool).checkingTemplates(templates::ensureCurrent);
        ContextBuilder contexts = new ContextBuilder(ZoneResolver.withDefaults(config.rules().fallbackZones()), templates);
        String owner = newOwnerId();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DispatchMetrics metrics = new DispatchMetrics(registry);
        var verticle = new DispatcherVerticle(() -> new Dispatcher(vertx, store, gate, contexts, providers.channels(),
                config.dispatch(), clock, owner).metrics(metrics));
        Service service = new Service(vertx, pool, verticle, providers, config, templates);
        service.exports = exports;
        WaveStore waves = WaveStore.create(pool, clock, config.waves().firstChunk());
        service.feeder = new WaveFeeder(vertx, waves, config.waves());
        service.sampler = new WaveSampler(vertx, waves, config.waves().sampleInterval());
        service.timers.add(service.sampler.schedule());
        service.timers.add(vertx.setPeriodic(15_000, id -> templates.refresh()
                .onFailure(e -> LOG.warn("template refresh failed error={}", e.toString()))));
        // at start (a service restarted daily must still purge), then every interval; one process at a time
        // the history and the access audit, chained in the background and checkpointed outside the database
        Checkpoints checkpoints = new Checkpoints(vertx, pool, clock, config.audit().checkpointDir(),
                config.audit().checkpointDir() == null ? null : checkpointKey, config.audit().checkpointLog());
        if (config.audit().chain()) {
            Sealer sealer = new Sealer(pool, clock, config.audit().blockRows());
            service.timers.add(sealer.schedule(vertx, config.audit().sealEvery(), results -> checkpoints.afterPass()));
        }
        RetentionJob retention = new RetentionJob(pool, clock, config.retention().keep(), "retention:" + owner)
                .checkpointingWith(() -> checkpoints.take("purge"));
        service.timers.add(retention.schedule(vertx, config.retention().every()));
        // the nightly recompute of DPD, status and stage, then the stage cadences as waves; scheduled by startDispatching
        if (config.portfolio().enabled()) {
            CadenceScheduler cadences = !config.cadence().enabled() ? null : new CadenceScheduler(pool, waves,
                    clock, config.cadence().steps(), config.portfolio(), "cadence:" + owner);
            service.nightly = new NightlyJob(pool, clock, config.portfolio(),
                    new PortfolioRecompute(pool, clock, config.portfolio(), "recompute:" + owner),
                    cadences == null ? null : date -> cadences.run(date).map(CadenceResult::complete));
        }
        // the nightly refresh of reassigned-numbers checks: the real adapter, or in the demo the built-in fake
        if (config.rnd().enabled()) {
            config.rnd().checkStartable(config.demo().enabled(), env);
            service.rnd = service.rndAdapter(vertx, config, env).map(rnd -> new com.loandesk.rnd.RndRefreshJob(pool, clock, config.rnd(),
                    config.portfolio().zone(), rnd));
        }
        TaskGauges gauges = new TaskGauges(store, clock, registry);
        service.timers.add(vertx.setPeriodic(10_000, id -> gauges.refresh()
                .onFailure(e -> LOG.warn("task gauges refresh failed error={}", e.toString()))));
        gauges.refresh();
        for (var channel : providers.channels().all()) {
            Gauge.builder("loandesk_channel_accepting", channel, c -> c.accepting() ? 1 : 0)
                    .tag("channel", channel.channel().code())
                    .description("1 while the channel's provider takes work, 0 while its circuit breaker is open")
                    .register(registry);
        }

        Router router = Router.router(vertx);
        if (providers.twilio() != null) {
            ProviderEvents events = new PgProviderEvents(pool, clock);
            // reminders wait for the borrower's keypress in PostgreSQL, so any instance can answer it
            var voiceScripts = new com.loandesk.store.PgVoiceScripts(pool);
            if (providers.voice() != null) {
                providers.voice().keepScriptsIn(voiceScripts);
            }
            new TwilioWebhooks(providers.twilio(), events, providers.voice(), voiceScripts, clock).mount(router);
            // a status callback can beat the batched write of the provider reference: settle those later
            service.timers.add(vertx.setPeriodic(5_000, id -> events.settleUnmatched(clock.instant().minus(Duration.ofHours(24)), 500)
                    .onFailure(e -> LOG.warn("settling unmatched provider events failed error={}", e.toString()))));
            var reconciler = new UnknownReconciler(vertx, store, providers.reconciler(), clock,
                    config.providers().reconcileGrace(), owner);
            service.timers.add(reconciler.schedule(config.providers().reconcileEvery()));
        }
        // the people's and machines' API first: its 1 MiB body handler and authentication cover /api/*
        ClickToCall clickToCall = providers.twilio() == null ? null
                : new ClickToCall(pool, new ImmediateGate(store, gate, contexts, clock, config.dispatch()),
                        providers.bridgeCall(), clock, metrics);
        service.clickToCall = clickToCall;
        Future<Void> api = ApiRoutes.mount(vertx, router, pool, exports, clock, AccessStore.create(vertx, pool, clock,
                apiSettings.login()), apiSettings, clickToCall);
        new ChainApi(vertx.createSharedWorkerExecutor("chain-verify", 1, config.audit().verifyTimeout().toSeconds(), TimeUnit.SECONDS),
                new ChainVerifier(target, clock, config.retention().keep(), config.audit().lateAfter(), config.audit().verifyTimeout()),
                config.audit().checkpointDir(), checkpointKey).mount(router, Authn.requireRole(Role.ADMIN));
        new StatusApi(store, providers.channels(), registry).mount(router);
        new DryRunApi(new DryRun(vertx, store, gate, contexts, clock, config.dispatch().historyLookback(),
                config.dispatch().lenderName()))
                .mount(router, Authn.requireRole(Role.SCHEDULER, Role.COMPLIANCE, Role.ADMIN));
        Pages.mount(router);
        StatusApi.finish(router);

        return api.compose(v -> vertx.createHttpServer().requestHandler(router).listen(config.http().port(), config.http().host()))
                .map(server -> {
                    service.http = server;
                    LOG.info("service started address={} port={} providers={}", config.http().host(), server.actualPort(),
                            providers.description());
                    return service;
                });
    }

    /**
     * Starts the nightly recompute and cadence timer (unless {@code portfolio.enabled} is false) and the dispatcher
     * (unless {@code dispatch.enabled} is false), with the templates re-read first.
     */
    public Future<Service> startDispatching() {
        if (nightly != null) {
            timers.add(nightly.schedule(vertx));
        }
        if (rnd != null) {
            rnd.onSuccess(job -> timers.add(job.schedule(vertx)))
                    .onFailure(e -> LOG.error("rnd refresh not scheduled error={}", e.toString()));
        }
        if (!config.dispatch().enabled()) {
            LOG.info("dispatcher off (dispatch.enabled=false)");
            return Future.succeededFuture(this);
        }
        return templates.refresh()
                .compose(n -> vertx.deployVerticle(dispatcher))
                .map(id -> {
                    dispatcherDeployment = id;
                    timers.add(feeder.schedule());
                    LOG.info("dispatcher started owner={}", dispatcher.dispatcher().owner());
                    return this;
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

    /** Samples the waves with work left once (a timer does it every waves.sampleIntervalMs). */
    public Future<Integer> sampleWaves() {
        return sampler.sample();
    }

    /** Feeds the running waves once (the dispatcher's timer does it every waves.feedIntervalMs). */
    public Future<Integer> feedWaves() {
        return feeder.feed();
    }

    public Providers providers() {
        return providers;
    }

    public int httpPort() {
        return http.actualPort();
    }

    /**
     * The reassigned-numbers adapter rnd.provider names: the real one with RND_API_KEY, or (the demo only) the real
     * one aimed at the built-in fake on a local port, with a key made up for this run.
     */
    private Future<com.loandesk.rnd.ReassignedNumbers> rndAdapter(Vertx vertx, AppConfig config, Map<String, String> env) {
        var rc = config.rnd();
        if (rc.provider() == com.loandesk.config.RndConfig.Provider.DNCSCRUB) {
            return Future.succeededFuture(com.loandesk.rnd.DncScrubRnd.create(vertx, rc.baseUrl(),
                    env.get(com.loandesk.config.RndConfig.API_KEY_ENV), rc.requestTimeout()));
        }
        String key = java.util.UUID.randomUUID().toString();
        return com.loandesk.fake.FakeRnd.start(vertx, 0, key).map(fake -> {
            fakeRnd = fake;
            LOG.info("rnd provider=fake url={}", fake.baseUrl());
            return com.loandesk.rnd.DncScrubRnd.create(vertx, fake.baseUrl(), key, rc.requestTimeout());
        });
    }

    /** As {@link #stop(Duration)}, with a minute for the sends under way. */
    public Future<Void> stop() {
        return stop(Duration.ofMinutes(1)).mapEmpty();
    }

    /**
     * Stops taking requests and claiming work at once; hands back the tasks gated but not sent; lets the sends under
     * way finish for at most {@code grace} and writes their outcomes; then closes providers and the pool. Answers
     * what the dispatcher handed back (all zero when it was not dispatching).
     */
    public Future<Dispatcher.Stopped> stop(Duration grace) {
        timers.forEach(vertx::cancelTimer);
        long httpGraceMs = Math.min(1000, grace.toMillis());
        Future<Void> server = http == null ? Future.succeededFuture() : http.shutdown(httpGraceMs, TimeUnit.MILLISECONDS);
        Future<Dispatcher.Stopped> dispatching = dispatcherDeployment == null
                ? Future.succeededFuture(new Dispatcher.Stopped(0, 0, 0))
                : dispatcher.dispatcher().stop(grace);
        return Future.join(server, dispatching)
                .transform(ar -> dispatching.recover(e -> Future.succeededFuture(new Dispatcher.Stopped(0, 0, -1))))
                .compose(stopped -> (dispatcherDeployment == null ? Future.<Void>succeededFuture() : vertx.undeploy(dispatcherDeployment))
                        .eventually(() -> clickToCall == null ? Future.succeededFuture() : clickToCall.close())
                        .eventually(providers::close)
                        .eventually(() -> fakeRnd == null ? Future.succeededFuture() : fakeRnd.close())
                        .eventually(() -> exports == null ? Future.succeededFuture() : exports.close())
                        .eventually(pool::close)
                        .transform(ar -> Future.succeededFuture(stopped)));
    }
}
