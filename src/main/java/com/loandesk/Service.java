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
import com.loandesk.channel.twilio.RecordingAudio;
import com.loandesk.config.ApiSettings;
import com.loandesk.config.AppConfig;
import com.loandesk.dispatch.ImmediateGate;
import com.loandesk.web.api.ApiRoutes;
import com.loandesk.cadence.CadenceResult;
import com.loandesk.cadence.CadenceScheduler;
import com.loandesk.portfolio.NightlyJob;
import com.loandesk.portfolio.PortfolioRecompute;
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
 * that Main, the tests and the benchmarks run the same thing: {@link #start} is the composition root, and reads top to
 * bottom: the configuration checked, the pools and templates, the dispatcher, the background jobs, the routes, the
 * HTTP server, and only then the service, built whole.
 */
public final class Service {

    private static final Logger LOG = LoggerFactory.getLogger(Service.class);
    private static final AtomicInteger DISPATCHERS = new AtomicInteger();

    private final Vertx vertx;
    private final AppConfig config;
    private final Parts parts;
    private final HttpServer http;
    private String dispatcherDeployment;

    /**
     * What the service is made of, assembled by {@link #start}.
     *
     * @param nightly     the nightly recompute and cadences, or null ({@code portfolio.enabled} false)
     * @param rnd         the reassigned-numbers refresh once its adapter is up, or null ({@code rnd.enabled} false)
     * @param clickToCall collectors' calls, or null (no Twilio)
     * @param recordingAudio call recordings streamed from Twilio, or null (no Twilio)
     * @param timers      the periodic jobs running, cancelled at stop (startDispatching adds its own)
     */
    private record Parts(Pool pool, Pool exports, TaskStore store, ApprovedTemplates templates, Providers providers,
                         DispatcherVerticle dispatcher, WaveFeeder feeder, WaveSampler sampler, NightlyJob nightly,
                         Future<RndRefresh> rnd, ClickToCall clickToCall, RecordingAudio recordingAudio, List<Long> timers,
                         Router router) {
    }

    /** The nightly reassigned-numbers refresh, and the built-in fake it calls in the demo (null otherwise). */
    private record RndRefresh(com.loandesk.rnd.RndRefreshJob job, com.loandesk.fake.FakeRnd fake) {
    }

    private Service(Vertx vertx, AppConfig config, Parts parts, HttpServer http) {
        this.vertx = vertx;
        this.config = config;
        this.parts = parts;
        this.http = http;
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
        byte[] checkpointKey;
        try {
            apiSettings = ApiSettings.from(config, env);
            checkpointKey = CheckpointFile.key(env);
            if (config.audit().checkpointDir() != null && checkpointKey == null) {
                throw new ConfigException("audit.checkpointDir is set (" + config.audit().checkpointDir() + ") but "
                        + CheckpointFile.KEY_ENV + " is not: checkpoint files are signed with it");
            }
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e instanceof ConfigException ? e : new ConfigException(e.getMessage()));
        }
        Pool pool = Pools.create(vertx, target, config.database());
        Pool exports = Pools.exports(vertx, target, config.database());
        return Pools.open(pool, config.database().poolSize())
                .compose(v -> ApprovedTemplates.load(pool))
                .recover(e -> {
                    pool.close();
                    exports.close();
                    return Future.failedFuture(e);
                })
                .compose(templates -> assemble(vertx, config, target, clock, providers, gate, env, apiSettings, checkpointKey,
                        pool, exports, templates));
    }

    private static Future<Service> assemble(Vertx vertx, AppConfig config, DatabaseTarget target, Clock clock, Providers providers,
                                            ContactGate gate, Map<String, String> env, ApiSettings apiSettings,
                                            byte[] checkpointKey, Pool pool, Pool exports, ApprovedTemplates templates) {
        // the dispatcher: claims through a store that checks the templates are current, judges by the gate
        TaskStore store = new TaskStore(pool).checkingTemplates(templates::ensureCurrent);
        ContextBuilder contexts = new ContextBuilder(ZoneResolver.withDefaults(config.rules().fallbackZones()), templates);
        String owner = newOwnerId();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DispatchMetrics metrics = new DispatchMetrics(registry);
        DispatcherVerticle dispatcher = new DispatcherVerticle(() -> new Dispatcher(vertx, store, gate, contexts,
                providers.channels(), config.dispatch(), clock, owner).metrics(metrics));

        // the background jobs, each on its own timer
        List<Long> timers = new ArrayList<>();
        WaveStore waves = WaveStore.create(pool, clock, config.waves().firstChunk());
        WaveFeeder feeder = new WaveFeeder(vertx, waves, config.waves());
        WaveSampler sampler = new WaveSampler(vertx, waves, config.waves().sampleInterval());
        timers.add(sampler.schedule());
        timers.add(vertx.setPeriodic(15_000, id -> templates.refresh()
                .onFailure(e -> LOG.warn("template refresh failed error={}", e.toString()))));
        scheduleRecordKeeping(vertx, config, pool, clock, checkpointKey, owner, timers);
        scheduleGauges(vertx, store, clock, registry, providers, timers);
        NightlyJob nightly = nightly(config, pool, clock, waves, owner);
        Future<RndRefresh> rnd = rnd(vertx, config, env, pool, clock);

        // the routes: Twilio's webhooks, then the API (its body limit and authentication cover /api/*), then the pages
        Router router = Router.router(vertx);
        if (providers.twilio() != null) {
            mountWebhooks(router, vertx, config, providers, pool, store, clock, owner, timers);
        }
        ClickToCall clickToCall = providers.twilio() == null ? null
                : new ClickToCall(pool, new ImmediateGate(store, gate, contexts, clock, config.dispatch()),
                        providers.bridgeCall(), clock, metrics);
        RecordingAudio recordingAudio = providers.twilio() == null ? null : RecordingAudio.create(vertx, providers.twilio());
        Future<Void> api = ApiRoutes.mount(vertx, router, pool, exports, clock, AccessStore.create(vertx, pool, clock,
                apiSettings.login()), apiSettings, clickToCall, recordingAudio);
        new ChainApi(vertx.createSharedWorkerExecutor("chain-verify", 1, config.audit().verifyTimeout().toSeconds(), TimeUnit.SECONDS),
                new ChainVerifier(target, clock, config.retention().keep(), config.audit().lateAfter(), config.audit().verifyTimeout()),
                config.audit().checkpointDir(), checkpointKey).mount(router, Authn.requireRole(Role.ADMIN));
        new StatusApi(store, providers.channels(), registry).mount(router);
        new DryRunApi(new DryRun(vertx, store, gate, contexts, clock, config.dispatch().historyLookback(),
                config.dispatch().lenderName()), clock, com.loandesk.store.CaseStore.create(pool, clock))
                .mount(router, Authn.requireRole(Role.SCHEDULER, Role.COMPLIANCE, Role.ADMIN),
                        Authn.requireRole(Role.COLLECTOR, Role.COMPLIANCE, Role.ADMIN));
        Pages.mount(router);
        StatusApi.finish(router);
        List<String> unrouted = com.loandesk.web.ApiContract.get().unrouted(router);
        if (!unrouted.isEmpty()) {
            return Future.failedFuture(new IllegalStateException("operations of openapi.yaml without a route: " + unrouted));
        }

        Parts parts = new Parts(pool, exports, store, templates, providers, dispatcher, feeder, sampler, nightly, rnd,
                clickToCall, recordingAudio, timers, router);
        return api.compose(v -> vertx.createHttpServer().requestHandler(router).listen(config.http().port(), config.http().host()))
                .map(server -> {
                    LOG.info("service started address={} port={} providers={}", config.http().host(), server.actualPort(),
                            providers.description());
                    return new Service(vertx, config, parts, server);
                });
    }

    /**
     * The record's upkeep: the history and the access audit chained in the background and checkpointed outside the
     * database; retention at start (a service restarted daily must still purge), then every interval, one process at
     * a time.
     */
    private static void scheduleRecordKeeping(Vertx vertx, AppConfig config, Pool pool, Clock clock, byte[] checkpointKey,
                                              String owner, List<Long> timers) {
        Checkpoints checkpoints = new Checkpoints(vertx, pool, clock, config.audit().checkpointDir(),
                config.audit().checkpointDir() == null ? null : checkpointKey, config.audit().checkpointLog());
        if (config.audit().chain()) {
            Sealer sealer = new Sealer(pool, clock, config.audit().blockRows());
            timers.add(sealer.schedule(vertx, config.audit().sealEvery(), results -> checkpoints.afterPass()));
        }
        RetentionJob retention = new RetentionJob(pool, clock, config.retention().keep(), "retention:" + owner)
                .checkpointingWith(() -> checkpoints.take("purge"));
        timers.add(retention.schedule(vertx, config.retention().every()));
    }

    /** The tasks by state every 10 s, and whether each channel's provider takes work, for the metrics. */
    private static void scheduleGauges(Vertx vertx, TaskStore store, Clock clock, PrometheusMeterRegistry registry,
                                       Providers providers, List<Long> timers) {
        TaskGauges gauges = new TaskGauges(store, clock, registry);
        timers.add(vertx.setPeriodic(10_000, id -> gauges.refresh()
                .onFailure(e -> LOG.warn("task gauges refresh failed error={}", e.toString()))));
        gauges.refresh();
        for (var channel : providers.channels().all()) {
            Gauge.builder("loandesk_channel_accepting", channel, c -> c.accepting() ? 1 : 0)
                    .tag("channel", channel.channel().code())
                    .description("1 while the channel's provider takes work, 0 while its circuit breaker is open")
                    .register(registry);
        }
    }

    /** The nightly recompute of DPD, status and stage, then the stage cadences as waves (scheduled by startDispatching). */
    private static NightlyJob nightly(AppConfig config, Pool pool, Clock clock, WaveStore waves, String owner) {
        if (!config.portfolio().enabled()) {
            return null;
        }
        CadenceScheduler cadences = !config.cadence().enabled() ? null : new CadenceScheduler(pool, waves,
                clock, config.cadence().steps(), config.portfolio(), "cadence:" + owner);
        return new NightlyJob(pool, clock, config.portfolio(),
                new PortfolioRecompute(pool, clock, config.portfolio(), "recompute:" + owner),
                cadences == null ? null : date -> cadences.run(date).map(CadenceResult::complete));
    }

    /**
     * The nightly refresh of reassigned-numbers checks, through the adapter rnd.provider names: the real one with
     * RND_API_KEY, or (the demo only) the real one aimed at the built-in fake on a local port, with a key made up for
     * this run. Null when rnd is off.
     */
    private static Future<RndRefresh> rnd(Vertx vertx, AppConfig config, Map<String, String> env, Pool pool, Clock clock) {
        var rc = config.rnd();
        if (!rc.enabled()) {
            return null;
        }
        rc.checkStartable(config.demo().enabled(), env);
        if (rc.provider() == com.loandesk.config.RndConfig.Provider.DNCSCRUB) {
            var adapter = com.loandesk.rnd.DncScrubRnd.create(vertx, rc.baseUrl(), env.get(com.loandesk.config.RndConfig.API_KEY_ENV),
                    rc.requestTimeout());
            return Future.succeededFuture(new RndRefresh(
                    new com.loandesk.rnd.RndRefreshJob(pool, clock, rc, config.portfolio().zone(), adapter), null));
        }
        String key = java.util.UUID.randomUUID().toString();
        return com.loandesk.fake.FakeRnd.start(vertx, 0, key).map(fake -> {
            LOG.info("rnd provider=fake url={}", fake.baseUrl());
            var adapter = com.loandesk.rnd.DncScrubRnd.create(vertx, fake.baseUrl(), key, rc.requestTimeout());
            return new RndRefresh(new com.loandesk.rnd.RndRefreshJob(pool, clock, rc, config.portfolio().zone(), adapter), fake);
        });
    }

    /**
     * Twilio's webhooks (status callbacks, the reminder call's script, inbound texts), the settling of callbacks that
     * beat their provider reference, and the reconciliation of unknown sends.
     */
    private static void mountWebhooks(Router router, Vertx vertx, AppConfig config, Providers providers, Pool pool,
                                      TaskStore store, Clock clock, String owner, List<Long> timers) {
        ProviderEvents events = new PgProviderEvents(pool, clock);
        // reminders wait for the borrower's keypress in PostgreSQL, so any instance can answer it
        var voiceScripts = new com.loandesk.store.PgVoiceScripts(pool);
        if (providers.voice() != null) {
            providers.voice().keepScriptsIn(voiceScripts);
        }
        new TwilioWebhooks(providers.twilio(), events, providers.voice(), voiceScripts, clock).mount(router);
        // a status callback can beat the batched write of the provider reference: settle those later
        timers.add(vertx.setPeriodic(5_000, id -> events.settleUnmatched(clock.instant().minus(Duration.ofHours(24)), 500)
                .onFailure(e -> LOG.warn("settling unmatched provider events failed error={}", e.toString()))));
        var reconciler = new UnknownReconciler(vertx, store, providers.reconciler(), clock,
                config.providers().reconcileGrace(), owner);
        timers.add(reconciler.schedule(config.providers().reconcileEvery()));
    }

    /**
     * Starts the nightly recompute and cadence timer (unless {@code portfolio.enabled} is false) and the dispatcher
     * (unless {@code dispatch.enabled} is false), with the templates re-read first.
     */
    public Future<Service> startDispatching() {
        List<Long> timers = parts.timers();
        if (parts.nightly() != null) {
            timers.add(parts.nightly().schedule(vertx));
        }
        if (parts.rnd() != null) {
            parts.rnd().onSuccess(r -> timers.add(r.job().schedule(vertx)))
                    .onFailure(e -> LOG.error("rnd refresh not scheduled error={}", e.toString()));
        }
        if (!config.dispatch().enabled()) {
            LOG.info("dispatcher off (dispatch.enabled=false)");
            return Future.succeededFuture(this);
        }
        return parts.templates().refresh()
                .compose(n -> vertx.deployVerticle(parts.dispatcher()))
                .map(id -> {
                    dispatcherDeployment = id;
                    timers.add(parts.feeder().schedule());
                    LOG.info("dispatcher started owner={}", parts.dispatcher().dispatcher().owner());
                    return this;
                });
    }

    /** The dispatcher's task store (it checks the templates are current before it claims). */
    public TaskStore store() {
        return parts.store();
    }

    public Pool pool() {
        return parts.pool();
    }

    public Dispatcher dispatcher() {
        return parts.dispatcher().dispatcher();
    }

    /** Samples the waves with work left once (a timer does it every waves.sampleIntervalMs). */
    public Future<Integer> sampleWaves() {
        return parts.sampler().sample();
    }

    /** Feeds the running waves once (the dispatcher's timer does it every waves.feedIntervalMs). */
    public Future<Integer> feedWaves() {
        return parts.feeder().feed();
    }

    /** The methods and paths the service answers (its API, status, webhooks and pages), as a contract names them. */
    public List<com.loandesk.web.HttpRoute> routes() {
        return com.loandesk.web.HttpRoute.of(parts.router());
    }

    public Providers providers() {
        return parts.providers();
    }

    public int httpPort() {
        return http.actualPort();
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
        parts.timers().forEach(vertx::cancelTimer);
        long httpGraceMs = Math.min(1000, grace.toMillis());
        Future<Void> server = http.shutdown(httpGraceMs, TimeUnit.MILLISECONDS);
        Future<Dispatcher.Stopped> dispatching = dispatcherDeployment == null
                ? Future.succeededFuture(new Dispatcher.Stopped(0, 0, 0))
                : parts.dispatcher().dispatcher().stop(grace);
        return Future.join(server, dispatching)
                .transform(ar -> dispatching.recover(e -> Future.succeededFuture(new Dispatcher.Stopped(0, 0, -1))))
                .compose(stopped -> (dispatcherDeployment == null ? Future.<Void>succeededFuture() : vertx.undeploy(dispatcherDeployment))
                        .eventually(() -> parts.clickToCall() == null ? Future.succeededFuture() : parts.clickToCall().close())
                        .eventually(() -> parts.recordingAudio() == null ? Future.succeededFuture() : parts.recordingAudio().close())
                        .eventually(parts.providers()::close)
                        .eventually(() -> parts.rnd() == null ? Future.succeededFuture()
                                : parts.rnd().compose(r -> r.fake() == null ? Future.<Void>succeededFuture() : r.fake().close())
                                        .recover(e -> Future.succeededFuture()))
                        .eventually(parts.exports()::close)
                        .eventually(parts.pool()::close)
                        .transform(ar -> Future.succeededFuture(stopped)));
    }
}
