package com.loandesk.web.api;

import static com.loandesk.auth.Role.ADMIN;
import static com.loandesk.auth.Role.COLLECTOR;
import static com.loandesk.auth.Role.COMPLIANCE;
import static com.loandesk.auth.Role.SCHEDULER;

import com.loandesk.auth.AccessStore;
import com.loandesk.auth.Authn;
import com.loandesk.calls.ClickToCall;
import com.loandesk.config.ApiSettings;
import com.loandesk.web.SameOriginGuard;
import com.loandesk.imports.ImportJobs;
import com.loandesk.store.ImportJobStore;
import com.loandesk.store.CaseStore;
import com.loandesk.store.ComplianceLog;
import com.loandesk.store.HoldStore;
import com.loandesk.store.Recordings;
import com.loandesk.store.TemplateStore;
import com.loandesk.store.WaveStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API under {@code /api}: access, holds, cases, templates, reminder waves and the compliance log, plus
 * {@code GET /openapi.yaml}. Every /api request but the login needs a bearer token or session; every
 * error is JSON.
 * <p>
 * Mount before any other handler of {@code /api/*} (the first body handler on a route wins, and this
 * one allows 1 MiB).
 */
public final class ApiRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    public static final int BODY_LIMIT = 1024 * 1024;

    /** The OpenAPI 3 document of these routes, on the classpath. */
    public static final String OPENAPI = "openapi.yaml";

    private ApiRoutes() {
    }

    /**
     * Adds every API route to {@code router} synchronously, then installs the bootstrap admin token
     * ({@link ApiSettings#adminToken}, see {@link AccessStore#bootstrap}); the future fails when that does.
     * Requests authenticate through {@code access}; CSV exports are streamed through {@code exports}, a pool of their
     * own (see {@link com.loandesk.store.Pools#exports}); {@code clickToCall} null means the call routes answer 503
     * "calls are not configured", and {@code recordingAudio} null that recordings cannot be played (503). Changes made with
     * the session cookie, and logins, must come from the public origin
     * ({@link ApiSettings#publicBaseUrl}, see {@link SameOriginGuard}); every /api answer carries
     * {@code Cache-Control: no-store}.
     */
    public static Future<Void> mount(Vertx vertx, Router router, Pool pool, Pool exports, Clock clock, AccessStore access,
                                     ApiSettings settings, ClickToCall clickToCall,
                                     com.loandesk.channel.twilio.RecordingAudio recordingAudio) {
        SameOriginGuard sameOrigin = SameOriginGuard.of(settings.publicBaseUrl());
        // no answer of the API is kept by a browser or a proxy: several carry unmasked personal data (?unmask=true,
        // recordings, CSV exports), and one rule for all cannot be forgotten by a new route
        router.route("/api/*").handler(ApiRoutes::noStore);
        AccessApi accessApi = new AccessApi(access, settings.session(), settings.secureCookie());

        // import uploads are streamed to a file, so their route comes before the body handler (which would buffer them)
        ImportJobStore importStore = ImportJobStore.create(pool, clock);
        ImportApi imports = new ImportApi(vertx, ImportJobs.create(vertx, importStore, settings.imports()), importStore);
        router.post("/api/imports").handler(ImportApi::hold).handler(Authn.create(access)).handler(sameOrigin.cookieChanges())
                .handler(Authn.requireRole(SCHEDULER, ADMIN))
                .handler(imports::upload).failureHandler(Api::failure);

        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(BODY_LIMIT).setHandleFileUploads(false))
                .failureHandler(Api::failure);
        router.route("/api/*").handler(ApiRoutes::rejectUnreadable);
        // a path that is not valid percent-encoding (e.g. /api/waves/%zz) fails in the router itself, before any
        // route or failure handler runs; without this its answer is a plain-text 400
        router.errorHandler(400, ctx -> Errors.send(ctx, 400, "bad_request",
                "the request path is not valid percent-encoding"));
        router.post("/api/login").handler(sameOrigin.login()).handler(ctx -> Api.json(ctx, 200, accessApi::login));
        router.route("/api/*").handler(Authn.create(access));
        router.route("/api/*").handler(sameOrigin.cookieChanges());

        router.post("/api/logout").handler(ctx -> Api.json(ctx, 200, accessApi::logout));
        router.post("/api/users").handler(Authn.requireRole(ADMIN)).handler(json(201, accessApi::createUser));
        router.post("/api/users/:username/tokens").handler(Authn.requireRole(ADMIN)).handler(json(201, accessApi::createToken));
        // people and tokens with a lifecycle (issue 13): admin, except one's own password
        UserAdminApi people = new UserAdminApi(com.loandesk.auth.People.create(pool, clock, access.hashing(), access.throttle()));
        router.get("/api/users").handler(Authn.requireRole(ADMIN)).handler(json(200, people::list));
        router.post("/api/users/:username/disable").handler(Authn.requireRole(ADMIN)).handler(json(200, people::disable));
        router.post("/api/users/:username/enable").handler(Authn.requireRole(ADMIN)).handler(json(200, people::enable));
        router.post("/api/users/:username/role").handler(Authn.requireRole(ADMIN)).handler(json(200, people::role));
        router.post("/api/users/:username/password").handler(Authn.requireRole(ADMIN)).handler(json(200, people::resetPassword));
        router.post("/api/users/:username/end-sessions").handler(Authn.requireRole(ADMIN)).handler(json(200, people::endSessions));
        router.post("/api/me/password").handler(json(200, people::changeOwn));
        router.get("/api/me").handler(json(200, people::me));
        router.put("/api/me/language").handler(json(200, people::setLanguage));
        TokenAdminApi tokens = new TokenAdminApi(com.loandesk.auth.ApiTokens.create(pool, clock));
        router.get("/api/tokens").handler(Authn.requireRole(ADMIN)).handler(json(200, tokens::list));
        router.post("/api/tokens/:id/revoke").handler(Authn.requireRole(ADMIN)).handler(json(200, tokens::revoke));

        HoldApi holds = new HoldApi(HoldStore.create(pool, clock));
        router.post("/api/cases/:caseRef/holds").handler(Authn.requireRole(COMPLIANCE, ADMIN, COLLECTOR)).handler(json(201, holds::set));
        router.post("/api/cases/:caseRef/holds/:id/clear").handler(Authn.requireRole(COMPLIANCE, ADMIN, COLLECTOR))
                .handler(json(200, holds::clear));
        router.get("/api/holds").handler(Authn.requireRole(COMPLIANCE, ADMIN)).handler(json(200, holds::open));

        NumberFactsApi numberFacts = new NumberFactsApi(com.loandesk.store.NumberFacts.create(pool), clock);
        router.post("/api/cases/:caseRef/contact-points/:pointId/consent-evidence").handler(Authn.requireRole(COMPLIANCE, ADMIN, COLLECTOR))
                .handler(json(201, numberFacts::addConsentEvidence));
        router.post("/api/cases/:caseRef/contact-points/:pointId/rnd-checks").handler(Authn.requireRole(COMPLIANCE, ADMIN))
                .handler(json(201, numberFacts::recordCheck));

        CaseApi cases = new CaseApi(vertx, CaseStore.create(pool, clock), access, pool);
        router.post("/api/cases/import").handler(Authn.requireRole(SCHEDULER, ADMIN)).handler(json(200, cases::importCases));
        router.get("/api/cases/:caseRef").handler(json(200, cases::read));
        router.get("/api/imports").handler(Authn.requireRole(SCHEDULER, ADMIN)).handler(json(200, imports::recent));
        router.get("/api/imports/:id").handler(Authn.requireRole(SCHEDULER, ADMIN)).handler(json(200, imports::progress));
        router.get("/api/imports/:id/rejects.csv").handler(Authn.requireRole(SCHEDULER, ADMIN)).handler(imports::rejects);

        TemplateApi templates = new TemplateApi(TemplateStore.create(pool, clock), settings.lenderName());
        router.post("/api/templates").handler(Authn.requireRole(SCHEDULER, ADMIN)).handler(json(201, templates::create));
        router.get("/api/templates").handler(json(200, templates::list));
        router.post("/api/templates/:code/versions/:v/approve").handler(Authn.requireRole(COMPLIANCE, ADMIN))
                .handler(json(200, templates::approve));
        router.post("/api/templates/:code/preview").handler(json(200, templates::preview));

        LogApi log = new LogApi(ComplianceLog.create(vertx, pool, exports, settings.exportStall()));
        router.get("/api/log").handler(Authn.requireRole(COMPLIANCE, ADMIN, SCHEDULER, COLLECTOR)).handler(json(200, log::page));
        router.get("/api/log/choices").handler(Authn.requireRole(COMPLIANCE, ADMIN, SCHEDULER, COLLECTOR)).handler(json(200, log::choices));
        router.get("/api/log.csv").handler(Authn.requireRole(COMPLIANCE, ADMIN, SCHEDULER, COLLECTOR)).handler(log::csv);

        WaveApi waves = new WaveApi(WaveStore.create(pool, clock), clock);
        router.post("/api/waves").handler(Authn.requireRole(SCHEDULER, ADMIN)).handler(waves::create);
        router.get("/api/waves").handler(Authn.requireRole(SCHEDULER, ADMIN, COMPLIANCE)).handler(json(200, waves::list));
        router.get("/api/waves/:id").handler(Authn.requireRole(SCHEDULER, ADMIN, COMPLIANCE)).handler(json(200, waves::progress));
        router.post("/api/waves/:id/pause").handler(Authn.requireRole(SCHEDULER, ADMIN)).handler(json(200, waves::pause));
        router.post("/api/waves/:id/resume").handler(Authn.requireRole(SCHEDULER, ADMIN)).handler(json(200, waves::resume));
        router.post("/api/waves/:id/cancel").handler(Authn.requireRole(SCHEDULER, ADMIN)).handler(json(200, waves::cancel));

        // unknown sends no provider can be asked about (e-mail, click-to-call): a person settles them
        SettleApi settle = new SettleApi(com.loandesk.store.Settlements.create(pool), access, clock);
        router.get("/api/unknown-tasks").handler(Authn.requireRole(COMPLIANCE, ADMIN)).handler(json(200, settle::list));
        router.post("/api/tasks/:taskId/settle").handler(Authn.requireRole(COMPLIANCE, ADMIN)).handler(json(200, settle::settle));

        CallApi calls = new CallApi(clickToCall);
        router.post("/api/cases/:caseRef/calls").handler(Authn.requireRole(COLLECTOR, ADMIN)).handler(calls::place);
        router.get("/api/calls/awaiting-outcome").handler(Authn.requireRole(COLLECTOR, ADMIN)).handler(calls::awaitingOutcome);
        router.post("/api/calls/:taskId/outcome").handler(Authn.requireRole(COLLECTOR, ADMIN)).handler(calls::outcome);

        // the web pages' reads and the collector's phone (see Pages): the case list, audited recording views
        router.get("/api/cases").handler(json(200, cases::list));
        router.get("/api/desk/queue").handler(Authn.requireRole(COLLECTOR, ADMIN)).handler(json(200, cases::queue));
        RecordingApi recordings = new RecordingApi(Recordings.create(pool), access, pool, recordingAudio);
        router.get("/api/recordings/:sid").handler(Authn.requireRole(COMPLIANCE, ADMIN, COLLECTOR)).handler(json(200, recordings::view));
        router.get("/api/recordings/:sid/audio").handler(Authn.requireRole(COMPLIANCE, ADMIN, COLLECTOR)).handler(recordings::audio);
        router.put("/api/users/:username/phone").handler(Authn.requireRole(ADMIN)).handler(json(200, accessApi::setPhone));
        // reports: daily and monthly, in the lender's zone (portfolio.zone, handed over by the service)
        ReportApi reports = new ReportApi(com.loandesk.reports.Reports.create(pool), settings.reportZone());
        router.get("/api/reports/daily").handler(Authn.requireRole(COMPLIANCE, ADMIN, SCHEDULER)).handler(reports::daily);
        router.get("/api/reports/monthly").handler(Authn.requireRole(COMPLIANCE, ADMIN, SCHEDULER)).handler(reports::monthly);

        router.get("/openapi.yaml").handler(ctx -> vertx.fileSystem().readFile(OPENAPI)
                .onSuccess(doc -> ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8").end(doc))
                .onFailure(ctx::fail));

        return access.bootstrap(settings.adminToken()).onSuccess(v -> LOG.info(
                "api mounted bodyLimit={} sessionHours={} cookieChangesFrom={}", BODY_LIMIT, settings.session().toHours(),
                sameOrigin.describe()));
    }

    /**
     * 400 for a request no handler can read safely: a query string that is not valid percent-encoding, or a NUL
     * character in the path or a query parameter (PostgreSQL text cannot hold one; it used to end as a 500).
     */
    private static void rejectUnreadable(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path.toLowerCase(java.util.Locale.ROOT).contains("%00")) {
            Api.fail(ctx, ApiException.badRequest("path", "the path must not contain a NUL character"));
            return;
        }
        io.vertx.core.MultiMap query;
        try {
            query = ctx.queryParams();
        } catch (IllegalArgumentException e) {
            Api.fail(ctx, ApiException.badRequest("query", "the query string is not valid percent-encoding"));
            return;
        }
        for (Map.Entry<String, String> e : query) {
            if (e.getKey().indexOf('\0') >= 0 || e.getValue().indexOf('\0') >= 0) {
                Api.fail(ctx, ApiException.badRequest(e.getKey(), e.getKey() + " must not contain a NUL character"));
                return;
            }
        }
        ctx.next();
    }

    private static void noStore(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> {
            if (!ctx.response().headers().contains("Cache-Control")) {
                ctx.response().putHeader("Cache-Control", "no-store");
            }
        });
        ctx.next();
    }

    private static Handler<RoutingContext> json(int status, Function<RoutingContext, Future<JsonObject>> handler) {
        return ctx -> Api.json(ctx, status, handler);
    }
}
