package com.loandesk.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The people's web pages under {@code /app/}: plain HTML, JavaScript modules and CSS from the classpath folder
 * {@code webroot}, no build step. They talk only to {@code /api} with the login's session cookie.
 * <p>
 * Every answer carries a strict Content-Security-Policy (scripts, styles and connections from this origin only, no
 * inline script, no framing) and {@code Cache-Control: no-cache}: file names carry no version, so the browser
 * revalidates each file (a 304 via Last-Modified) and sees a new release at once.
 */
public final class Pages {

    public static final String PREFIX = "/app/";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private Pages() {
    }

    /** Adds the pages to {@code router}; mount before the router's last (404) route. */
    public static void mount(Router router) {
        // a route "/app" also matches "/app/": redirect only the bare one
        router.get("/app").handler(ctx -> {
            if ("/app".equals(ctx.request().path())) {
                ctx.redirect(PREFIX);
            } else {
                ctx.next();
            }
        });
        router.route(PREFIX + "*").handler(Pages::headers).handler(StaticHandler.create("webroot")
                .setIndexPage("index.html").setDirectoryListing(false).setIncludeHidden(false)
                .setCachingEnabled(true).setDefaultContentEncoding("UTF-8"));
    }

    private static void headers(RoutingContext ctx) {
        HttpServerResponse res = ctx.response();
        res.headers().set("Content-Security-Policy", CSP).set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer").set("X-Frame-Options", "DENY")
                .set("Cross-Origin-Opener-Policy", "same-origin");
        // after the static handler's own caching headers: revalidate every time, never "immutable"
        ctx.addHeadersEndHandler(v -> res.headers().set(HttpHeaders.CACHE_CONTROL, "no-cache"));
        ctx.next();
    }
}
