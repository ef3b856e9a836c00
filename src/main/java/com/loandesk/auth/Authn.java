package com.loandesk.auth;

import com.loandesk.logging.LogText;
import com.loandesk.web.api.Errors;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates API requests: {@code Authorization: Bearer <token>} (an API token or a session token)
 * or the session cookie set by the login. Unauthenticated requests get 401 JSON; the principal of the
 * others is available through {@link #principal(RoutingContext)}.
 */
public final class Authn implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(Authn.class);
    public static final String SESSION_COOKIE = "loandesk_session";
    private static final String KEY = "loandesk.principal";
    private static final String VIA_COOKIE = "loandesk.viaCookie";
    private static final int MAX_TOKEN_LENGTH = 512;

    private final AccessStore access;

    private Authn(AccessStore access) {
        this.access = access;
    }

    public static Authn create(AccessStore access) {
        return new Authn(access);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String token = bearer(ctx);
        if (token == null) {
            Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
            token = cookie == null ? null : cookie.getValue();
            ctx.put(VIA_COOKIE, cookie != null);
        }
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            unauthorized(ctx);
            return;
        }
        access.authenticate(token).onComplete(ar -> {
            if (ar.failed() && ar.cause() instanceof java.util.concurrent.TimeoutException) {
                LOG.warn("token check timed out path={} error={}", LogText.of(ctx.request().path()), LogText.of(ar.cause().getMessage()));
                com.loandesk.web.api.Errors.send(ctx, 503, "unavailable", "the token check did not answer in time; try again");
            } else if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result() == null) {
                LOG.debug("unknown or expired token path={}", LogText.of(ctx.request().path()));
                unauthorized(ctx);
            } else {
                ctx.put(KEY, ar.result());
                ctx.next();
            }
        });
    }

    /** A handler answering 403 JSON unless the caller has one of {@code roles}. Mount after {@link Authn}. */
    public static Handler<RoutingContext> requireRole(Role... roles) {
        Set<Role> allowed = EnumSet.noneOf(Role.class);
        allowed.addAll(Set.of(roles));
        return ctx -> {
            Principal p = principal(ctx);
            if (p == null) {
                unauthorized(ctx);
            } else if (!allowed.contains(p.role())) {
                LOG.info("role refused user={} role={} path={}", LogText.of(p.username()), p.role().code(), LogText.of(ctx.request().path()));
                Errors.send(ctx, 403, "forbidden", "role " + p.role().code() + " may not do this");
            } else {
                ctx.next();
            }
        };
    }

    /**
     * True when the caller was authenticated by the session cookie, which a browser adds by itself (so a cross-site
     * page could make it ride along); false for an {@code Authorization: Bearer} token, which only a caller holding it sends.
     */
    public static boolean viaCookie(RoutingContext ctx) {
        return Boolean.TRUE.equals(ctx.get(VIA_COOKIE));
    }

    /** The authenticated caller, or null before {@link Authn} ran. */
    public static Principal principal(RoutingContext ctx) {
        return ctx.get(KEY);
    }

    private static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).strip();
    }

    private static void unauthorized(RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        Errors.send(ctx, 401, "unauthorized", "a valid bearer token or session is required");
    }
}
