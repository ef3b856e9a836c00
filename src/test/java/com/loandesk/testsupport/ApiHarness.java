package com.loandesk.testsupport;

import com.loandesk.auth.AccessStore;
import com.loandesk.auth.Role;
import com.loandesk.calls.ClickToCall;
import com.loandesk.config.ApiSettings;
import com.loandesk.web.api.Errors;
import com.loandesk.web.api.ApiRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;

/**
 * The API routes on a real HTTP server (port 0) over the freshly truncated test database. Test
 * methods call it from the JUnit thread and block with {@link Await}; nothing here runs on an event loop.
 */
public final class ApiHarness {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdefghijklmnop";

    public final Vertx vertx;
    public final Pool pool;
    public final WebClient client;
    /** The access store the mounted routes authenticate with. */
    public final AccessStore access;
    private HttpServer server;
    private Pool exports;

    private ApiHarness(Vertx vertx, Clock clock, int poolSize, ApiSettings settings) {
        this.vertx = vertx;
        this.pool = TestDatabase.pool(vertx, poolSize);
        this.client = WebClient.create(vertx);
        this.access = AccessStore.create(vertx, pool, clock, settings.login());
    }

    /**
     * The tests' API settings: every default, the bootstrap admin token {@link #ADMIN_TOKEN}, and a session cookie
     * without the Secure flag (the tests speak plain HTTP).
     */
    public static ApiSettings settings() {
        return ApiSettings.defaults().withAdminToken(ADMIN_TOKEN).withSecureCookie(false);
    }

    /** Mounts the API on {@code router} as the service does, with {@link #settings()} and click-to-call when given. */
    public static Future<Void> mount(Vertx vertx, Router router, Pool pool, Clock clock, ClickToCall clickToCall) {
        ApiSettings s = settings();
        return ApiRoutes.mount(vertx, router, pool, pool, clock, AccessStore.create(vertx, pool, clock, s.login()), s, clickToCall, null);
    }

    /**
     * Mounts the dry run and the desk's call check beside the API as the service does, judged by {@code gate}
     * (their roles: scheduler, compliance and admin; collector, compliance and admin).
     */
    public static void mountDryRun(Vertx vertx, Router router, Pool pool, Clock clock, com.loandesk.rules.ContactGate gate,
                                   com.loandesk.dispatch.ContextBuilder contexts) {
        new com.loandesk.web.api.DryRunApi(new com.loandesk.dispatch.DryRun(vertx, new com.loandesk.store.TaskStore(pool), gate,
                contexts, clock, java.time.Duration.ofDays(31), "Acme Credit"), clock, com.loandesk.store.CaseStore.create(pool, clock))
                .mount(router, com.loandesk.auth.Authn.requireRole(com.loandesk.auth.Role.SCHEDULER, com.loandesk.auth.Role.COMPLIANCE,
                                com.loandesk.auth.Role.ADMIN),
                        com.loandesk.auth.Authn.requireRole(com.loandesk.auth.Role.COLLECTOR, com.loandesk.auth.Role.COMPLIANCE,
                                com.loandesk.auth.Role.ADMIN));
    }

    /** Truncates the database, mounts the API like the service does and listens on a free port. */
    public static ApiHarness start(Vertx vertx) {
        return start(vertx, Clock.systemUTC(), settings());
    }

    /** As {@link #start(Vertx)}, with {@code clock} and {@code settings} (see {@link #settings()}). */
    public static ApiHarness start(Vertx vertx, Clock clock, ApiSettings settings) {
        TestDatabase.truncate();
        ApiHarness h = new ApiHarness(vertx, clock, 4, settings);
        Router router = Router.router(vertx);
        h.listen(router, ApiRoutes.mount(vertx, router, h.pool, h.pool, clock, h.access, settings, null, null));
        return h;
    }

    private void listen(Router router, Future<Void> mounted) {
        router.route().last().handler(ctx -> Errors.send(ctx, 404, "not_found", "no route " + ctx.request().path()));
        router.route().failureHandler(Errors::onFailure);
        server = Await.result(mounted.compose(v -> vertx.createHttpServer().requestHandler(router).listen(0)));
    }

    /**
     * As {@link #start(Vertx)}, with the service's pool of {@code poolSize} connections and CSV exports streamed
     * through a pool of their own of {@code exportPoolSize}, as the service runs them.
     */
    public static ApiHarness startWithExportPool(Vertx vertx, int poolSize, int exportPoolSize, java.time.Duration exportStall) {
        TestDatabase.truncate();
        ApiSettings settings = settings().withExportStall(exportStall);
        ApiHarness h = new ApiHarness(vertx, Clock.systemUTC(), poolSize, settings);
        h.exports = TestDatabase.exportPool(vertx, exportPoolSize);
        Router router = Router.router(vertx);
        h.listen(router, ApiRoutes.mount(vertx, router, h.pool, h.exports, Clock.systemUTC(), h.access, settings, null, null));
        return h;
    }

    /** A machine user with {@code role}; returns a fresh API token for it. */
    public String tokenFor(String username, Role role) {
        Await.result(access.createUser(username, role, null, "test"));
        return Await.result(access.createToken(username, "test", null, "test"));
    }

    public HttpRequest<Buffer> request(HttpMethod method, String path, String token) {
        HttpRequest<Buffer> req = client.request(method, server.actualPort(), "localhost", path);
        if (token != null) {
            req.bearerTokenAuthentication(token);
        }
        return req;
    }

    public HttpResponse<Buffer> get(String path, String token) {
        return Await.result(request(HttpMethod.GET, path, token).send());
    }

    public HttpResponse<Buffer> post(String path, String token, JsonObject body) {
        return Await.result(request(HttpMethod.POST, path, token).sendJsonObject(body));
    }

    public HttpResponse<Buffer> put(String path, String token, JsonObject body) {
        return Await.result(request(HttpMethod.PUT, path, token).sendJsonObject(body));
    }

    public HttpResponse<Buffer> post(String path, String token, JsonArray body) {
        return Await.result(request(HttpMethod.POST, path, token).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body.encode())));
    }

    public HttpResponse<Buffer> postText(String path, String token, String contentType, String body) {
        return Await.result(request(HttpMethod.POST, path, token).putHeader("Content-Type", contentType).sendBuffer(Buffer.buffer(body)));
    }

    /** The origin the service's own pages have here: http://localhost:port (no PUBLIC_BASE_URL, loopback). */
    public String origin() {
        return "http://localhost:" + port();
    }

    /** POST /api/login as the service's own login page sends it: JSON, with the page's Origin. */
    public HttpResponse<Buffer> login(String username, String password) {
        return Await.result(request(HttpMethod.POST, "/api/login", null).putHeader("Origin", origin())
                .sendJsonObject(new JsonObject().put("username", username).put("password", password)));
    }

    public int port() {
        return server.actualPort();
    }

    public void close() {
        client.close();
        Await.result(server.close().compose(v -> pool.close())
                .compose(v -> exports == null ? Future.succeededFuture() : exports.close()));
    }
}
