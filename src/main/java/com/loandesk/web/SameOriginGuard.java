package com.loandesk.web;

import com.loandesk.web.api.Errors;
import com.loandesk.config.ApiSettings;

import com.loandesk.auth.Authn;
import com.loandesk.logging.LogText;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-site request forgery guard. A request a browser sends with the session cookie by itself is accepted as a
 * change (POST, PUT, PATCH, DELETE) only when
 * <ol>
 * <li>its {@code Origin} (or, when a browser sends none, the origin of its {@code Referer}) is the service's public
 * origin, and</li>
 * <li>its {@code Content-Type} is {@code application/json} ({@code text/csv} too on the two CSV uploads): types that a
 * cross-site form cannot send and a cross-site script can send only after a CORS preflight this service never grants.</li>
 * </ol>
 * The login is held to the same rules, cookie or not (login CSRF). Requests with an {@code Authorization: Bearer}
 * token are not cookie-authenticated and pass: a browser never adds that header by itself.
 * <p>
 * The public origin is that of {@code PUBLIC_BASE_URL} (scheme, host and port; default ports left out). Without it
 * (the demo, the simulator) only a loopback origin ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}) is accepted, and
 * only for the host and port the request was sent to ({@code Host}): another port of the same host is another origin.
 */
public final class SameOriginGuard {

    private static final Logger LOG = LoggerFactory.getLogger(SameOriginGuard.class);
    private static final Set<HttpMethod> UNSAFE = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final Set<String> CSV_UPLOADS = Set.of("/api/imports", "/api/cases/import");

    /** The public origin, or null: loopback origins only. */
    private final String publicOrigin;

    private SameOriginGuard(String publicOrigin) {
        this.publicOrigin = publicOrigin;
    }

    /**
     * The guard for the public origin of {@code publicBaseUrl} (null: loopback origins only); fails, naming
     * {@code PUBLIC_BASE_URL}, when it is not an http(s) URL.
     */
    public static SameOriginGuard of(String publicBaseUrl) {
        if (publicBaseUrl == null || publicBaseUrl.isBlank()) {
            return new SameOriginGuard(null);
        }
        String origin = origin(publicBaseUrl.strip());
        if (origin == null) {
            throw new IllegalArgumentException(ApiSettings.PUBLIC_BASE_URL_ENV + " must be an http(s) URL, was '" + publicBaseUrl + "'");
        }
        return new SameOriginGuard(origin);
    }

    /** What the guard accepts, for the log and the README: the public origin, or the loopback rule. */
    public String describe() {
        return publicOrigin != null ? publicOrigin : "loopback (PUBLIC_BASE_URL unset)";
    }

    /** Mount after {@link Authn}: cookie-authenticated changes must come from the public origin, as JSON. */
    public Handler<RoutingContext> cookieChanges() {
        return ctx -> {
            if (!UNSAFE.contains(ctx.request().method()) || !Authn.viaCookie(ctx)) {
                ctx.next();
            } else if (check(ctx)) {
                ctx.next();
            }
        };
    }

    /** Mount before the login: a login must come from the public origin, as JSON. */
    public Handler<RoutingContext> login() {
        return ctx -> {
            if (check(ctx)) {
                ctx.next();
            }
        };
    }

    /** True when the request may go on; otherwise it has been answered (403 or 415, naming what was wrong). */
    private boolean check(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        String from = "Origin";
        if (origin == null || origin.isBlank()) {
            String referer = ctx.request().getHeader("Referer");
            origin = referer == null || referer.isBlank() ? null : origin(referer.strip());
            from = "Referer";
            if (referer == null || referer.isBlank()) {
                refuse(ctx, 403, "a change made with the session cookie needs an Origin or Referer header naming this service");
                return false;
            }
        }
        String normalized = origin == null ? null : origin(origin.strip());
        if (normalized == null || !accepted(normalized, ctx.request().getHeader("Host"))) {
            refuse(ctx, 403, from + " " + origin(ctx, from) + " is not this service's origin (" + describe()
                    + "); a change made with the session cookie must come from the service's own pages");
            return false;
        }
        String type = ctx.request().getHeader("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        boolean csv = CSV_UPLOADS.contains(ctx.request().path()) && media.equals("text/csv");
        if (!media.equals("application/json") && !csv) {
            refuse(ctx, 415, "a change made with the session cookie needs Content-Type: application/json, was "
                    + (type == null ? "none" : "'" + type + "'"));
            return false;
        }
        return true;
    }

    private boolean accepted(String origin, String host) {
        if (publicOrigin != null) {
            return publicOrigin.equals(origin);
        }
        URI uri = URI.create(origin);
        String authority = uri.getRawAuthority().toLowerCase(Locale.ROOT);
        String originHost = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!LOOPBACK.contains(originHost) || host == null) {
            return false;
        }
        // the origin's authority, default port left out, must be the Host the request was sent to
        String sentTo = host.strip().toLowerCase(Locale.ROOT);
        String defaultPort = uri.getScheme().equals("https") ? ":443" : ":80";
        if (sentTo.endsWith(defaultPort)) {
            sentTo = sentTo.substring(0, sentTo.length() - defaultPort.length());
        }
        return authority.equals(sentTo);
    }

    private static String origin(RoutingContext ctx, String header) {
        return LogText.of(ctx.request().getHeader(header));
    }

    private void refuse(RoutingContext ctx, int status, String message) {
        LOG.info("cross-site change refused method={} path={} origin={} referer={} status={}", ctx.request().method(),
                LogText.of(ctx.request().path()), LogText.of(ctx.request().getHeader("Origin")),
                LogText.of(ctx.request().getHeader("Referer")), status);
        Errors.send(ctx, status, status == 403 ? "cross_site" : "unsupported_media_type", message);
    }

    /** scheme://host[:port] of an http(s) URL, lower case, the default port left out; null when it is none. */
    static String origin(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null || uri.getRawUserInfo() != null) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
