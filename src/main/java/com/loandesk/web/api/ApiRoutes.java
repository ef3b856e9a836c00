package com.loandesk.web.api;

import com.loandesk.web.ApiContract;
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
import io.vertx.ext.web.Route;
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
    public static final String OPENAPI = ApiContract.RESOURCE;

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
        ApiContract.route(router, "postImports").handler(ImportApi::hold).handler(Authn.create(access)).handler(sameOrigin.cookieChanges())
                .handler(Authn.requireRole(SCHEDULER, ADMIN))
                .handler(imports::upload).failureHandler(Api::failure);

        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(BODY_LIMIT).setHandleFileUploads(false))
                .failureHandler(Api::failure);
        router.route("/api/*").handler(ApiRoutes::rejectUnreadable);
        // a path that is not valid percent-encoding (e.g. /api/waves/%zz) fails in the router itself, before any
        // route or failure handler runs; without this its answer is a plain-text 400
        router.errorHandler(400, ctx -> Errors.send(ctx, 400, "bad_request",
                "the request path is not valid percent-encoding"));
        ApiContract.route(router, "postLogin").handler(sameOrigin.login()).handler(ContractCheck.of("postLogin")).handler(ctx -> Api.json(ctx, 200, accessApi::login));
        router.route("/api/*").handler(Authn.create(access));
        router.route("/api/*").handler(sameOrigin.cookieChanges());

        op(router, "postLogout").handler(ctx -> Api.json(ctx, 200, accessApi::logout));
        op(router, "postUsers", ADMIN).handler(json(201, accessApi::createUser));
        op(router, "postUsersByUsernameTokens", ADMIN).handler(json(201, accessApi::createToken));
        // people and tokens with a lifecycle (issue 13): admin, except one's own password
        UserAdminApi people = new UserAdminApi(com.loandesk.auth.People.create(pool, clock, access.hashing(), access.throttle()));
        op(router, "getUsers", ADMIN).handler(json(200, people::list));
        op(router, "postUsersByUsernameDisable", ADMIN).handler(json(200, people::disable));
        op(router, "postUsersByUsernameEnable", ADMIN).handler(json(200, people::enable));
        op(router, "postUsersByUsernameRole", ADMIN).handler(json(200, people::role));
        op(router, "postUsersByUsernamePassword", ADMIN).handler(json(200, people::resetPassword));
        op(router, "postUsersByUsernameEndSessions", ADMIN).handler(json(200, people::endSessions));
        op(router, "postMePassword").handler(json(200, people::changeOwn));
        op(router, "getMe").handler(json(200, people::me));
        op(router, "putMeLanguage").handler(json(200, people::setLanguage));
        TokenAdminApi tokens = new TokenAdminApi(com.loandesk.auth.ApiTokens.create(pool, clock));
        op(router, "getTokens", ADMIN).handler(json(200, tokens::list));
        op(router, "postTokensByIdRevoke", ADMIN).handler(json(200, tokens::revoke));

        HoldApi holds = new HoldApi(HoldStore.create(pool, clock));
        op(router, "postCasesByCaseRefHolds", COMPLIANCE, ADMIN, COLLECTOR).handler(json(201, holds::set));
        op(router, "postCasesByCaseRefHoldsByIdClear", COMPLIANCE, ADMIN, COLLECTOR)
                .handler(json(200, holds::clear));
        op(router, "getHolds", COMPLIANCE, ADMIN).handler(json(200, holds::open));

        NumberFactsApi numberFacts = new NumberFactsApi(com.loandesk.store.NumberFacts.create(pool), clock);
        op(router, "postCasesByCaseRefContactPointsByPointIdConsentEvidence", COMPLIANCE, ADMIN, COLLECTOR)
                .handler(json(201, numberFacts::addConsentEvidence));
        op(router, "postCasesByCaseRefContactPointsByPointIdRndChecks", COMPLIANCE, ADMIN)
                .handler(json(201, numberFacts::recordCheck));

        CaseApi cases = new CaseApi(vertx, CaseStore.create(pool, clock), access, pool);
        // its rows are checked one by one and the bad ones reported (a bad row refuses itself, not the file): not by the document
        ApiContract.route(router, "postCasesImport").handler(Authn.requireRole(SCHEDULER, ADMIN)).handler(json(200, cases::importCases));
        op(router, "getCasesByCaseRef").handler(json(200, cases::read));
        op(router, "getImports", SCHEDULER, ADMIN).handler(json(200, imports::recent));
        op(router, "getImportsById", SCHEDULER, ADMIN).handler(json(200, imports::progress));
        op(router, "getImportsByIdRejectsCsv", SCHEDULER, ADMIN).handler(imports::rejects);

        TemplateApi templates = new TemplateApi(TemplateStore.create(pool, clock), settings.lenderName());
        op(router, "postTemplates", SCHEDULER, ADMIN).handler(json(201, templates::create));
        op(router, "getTemplates").handler(json(200, templates::list));
        op(router, "postTemplatesByCodeVersionsByVApprove", COMPLIANCE, ADMIN)
                .handler(json(200, templates::approve));
        op(router, "postTemplatesByCodePreview").handler(json(200, templates::preview));

        LogApi log = new LogApi(ComplianceLog.create(vertx, pool, exports, settings.exportStall()));
        op(router, "getLog", COMPLIANCE, ADMIN, SCHEDULER, COLLECTOR).handler(json(200, log::page));
        op(router, "getLogChoices", COMPLIANCE, ADMIN, SCHEDULER, COLLECTOR).handler(json(200, log::choices));
        op(router, "getLogCsv", COMPLIANCE, ADMIN, SCHEDULER, COLLECTOR).handler(log::csv);

        WaveApi waves = new WaveApi(WaveStore.create(pool, clock), clock);
        op(router, "postWaves", SCHEDULER, ADMIN).handler(waves::create);
        op(router, "getWaves", SCHEDULER, ADMIN, COMPLIANCE).handler(json(200, waves::list));
        op(router, "getWavesById", SCHEDULER, ADMIN, COMPLIANCE).handler(json(200, waves::progress));
        op(router, "postWavesByIdPause", SCHEDULER, ADMIN).handler(json(200, waves::pause));
        op(router, "postWavesByIdResume", SCHEDULER, ADMIN).handler(json(200, waves::resume));
        op(router, "postWavesByIdCancel", SCHEDULER, ADMIN).handler(json(200, waves::cancel));

        // unknown sends no provider can be asked about (e-mail, click-to-call): a person settles them
        SettleApi settle = new SettleApi(com.loandesk.store.Settlements.create(pool), access, clock);
        op(router, "getUnknownTasks", COMPLIANCE, ADMIN).handler(json(200, settle::list));
        op(router, "postTasksByTaskIdSettle", COMPLIANCE, ADMIN).handler(json(200, settle::settle));

        CallApi calls = new CallApi(clickToCall);
        op(router, "postCasesByCaseRefCalls", COLLECTOR, ADMIN).handler(calls::place);
        op(router, "getCallsAwaitingOutcome", COLLECTOR, ADMIN).handler(calls::awaitingOutcome);
        op(router, "postCallsByTaskIdOutcome", COLLECTOR, ADMIN).handler(calls::outcome);

        // the web pages' reads and the collector's phone (see Pages): the case list, audited recording views
        op(router, "getCases").handler(json(200, cases::list));
        op(router, "getDeskQueue", COLLECTOR, ADMIN).handler(json(200, cases::queue));
        RecordingApi recordings = new RecordingApi(Recordings.create(pool), access, pool, recordingAudio);
        op(router, "getRecordingsBySid", COMPLIANCE, ADMIN, COLLECTOR).handler(json(200, recordings::view));
        op(router, "getRecordingsBySidAudio", COMPLIANCE, ADMIN, COLLECTOR).handler(recordings::audio);
        op(router, "putUsersByUsernamePhone", ADMIN).handler(json(200, accessApi::setPhone));
        // reports: daily and monthly, in the lender's zone (portfolio.zone, handed over by the service)
        ReportApi reports = new ReportApi(com.loandesk.reports.Reports.create(pool), settings.reportZone());
        op(router, "getReportsDaily", COMPLIANCE, ADMIN, SCHEDULER).handler(reports::daily);
        op(router, "getReportsMonthly", COMPLIANCE, ADMIN, SCHEDULER).handler(reports::monthly);

        op(router, "getOpenapiYaml").handler(ctx -> vertx.fileSystem().readFile(OPENAPI)
                .onSuccess(doc -> ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8").end(doc))
                .onFailure(ctx::fail));

        return ContractCheck.load(vertx).compose(v -> access.bootstrap(settings.adminToken())).onSuccess(v -> LOG.info(
                "api mounted bodyLimit={} sessionHours={} cookieChangesFrom={}", BODY_LIMIT, settings.session().toHours(),
                sameOrigin.describe()));
    }

    /**
     * Operation {@code id}'s route, as openapi.yaml names it: open to {@code roles} only (none: any signed-in role),
     * then the request checked against the document ({@link ContractCheck}); the caller adds the handler.
     */
    private static Route op(Router router, String id, com.loandesk.auth.Role... roles) {
        Route route = ApiContract.route(router, id);
        if (roles.length > 0) {
            route.handler(Authn.requireRole(roles));
        }
        return route.handler(ContractCheck.of(id));
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
