package com.loandesk.web.pages;

import com.loandesk.auth.AccessStore;
import com.loandesk.auth.Role;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.TestDatabase;
import com.loandesk.web.Pages;
import com.loandesk.web.api.Errors;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;

/**
 * The API and the pages on a real HTTP server over the freshly truncated test database, with people who log in with
 * {@link #PASSWORD}, and headless Chromium to drive the pages: what the page tests that need no dispatcher share.
 */
final class PageServer implements AutoCloseable {

    static final String PASSWORD = "correct horse battery";

    final Vertx vertx;
    final Pool pool;
    final HttpServer server;
    final WebClient http;
    final AccessStore access;
    final Chromium browser;
    final String base;

    private PageServer(Vertx vertx, Pool pool, HttpServer server, AccessStore access, Chromium browser) {
        this.vertx = vertx;
        this.pool = pool;
        this.server = server;
        this.http = WebClient.create(vertx);
        this.access = access;
        this.browser = browser;
        this.base = "http://localhost:" + server.actualPort();
    }

    /** Starts it with these people (username → role), each with {@link #PASSWORD}. */
    static PageServer start(Map<String, Role> people) throws Exception {
        Vertx vertx = Vertx.vertx();
        TestDatabase.truncate();
        Pool pool = TestDatabase.pool(vertx, 4);
        Router router = Router.router(vertx);
        var mounted = ApiHarness.mount(vertx, router, pool, Clock.systemUTC(), null);
        Pages.mount(router);
        router.route().last().handler(ctx -> Errors.send(ctx, 404, "not_found", "no route " + ctx.request().path()));
        router.route().failureHandler(Errors::onFailure);
        HttpServer server = Await.result(mounted.compose(v -> vertx.createHttpServer().requestHandler(router).listen(0)));
        AccessStore access = AccessStore.create(vertx, pool, Clock.systemUTC());
        for (var user : people.entrySet()) {
            Await.result(access.createUser(user.getKey(), user.getValue(), PASSWORD, "test"));
        }
        return new PageServer(vertx, pool, server, access, Chromium.launch(vertx));
    }

    /** Opens {@code page}, logs in through the login page it sends to, and waits until {@code page} shows the user. */
    void logIn(String page, String username, String password) {
        browser.logIn(base, page, username, password);
    }

    @Override
    public void close() {
        browser.close();
        http.close();
        Await.result(server.close().compose(v -> pool.close()));
        Await.result(vertx.close());
    }
}
