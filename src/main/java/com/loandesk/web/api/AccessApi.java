package com.loandesk.web.api;

import com.loandesk.logging.LogText;
import com.loandesk.auth.AccessStore;
import com.loandesk.auth.Authn;
import com.loandesk.auth.Principal;
import com.loandesk.auth.Role;
import com.loandesk.cases.Masking;
import com.loandesk.cases.Phones;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Login, logout, and (admin) users and API tokens. */
final class AccessApi {

    private static final Logger LOG = LoggerFactory.getLogger(AccessApi.class);
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final AccessStore access;
    private final Duration sessionLength;
    private final boolean secureCookie;

    AccessApi(AccessStore access, Duration sessionLength, boolean secureCookie) {
        this.access = access;
        this.sessionLength = sessionLength;
        this.secureCookie = secureCookie;
    }

    /** POST /api/login {username, password} → {token, expiresAt, username, role} and an HttpOnly cookie. */
    Future<JsonObject> login(RoutingContext ctx) {
        JsonObject body = Fields.object(ctx);
        String username = Fields.required(body, "username");
        Object password = body.getValue("password");
        if (!(password instanceof String pw) || pw.isEmpty()) {
            throw ApiException.badRequest("password", "password is required");
        }
        if (pw.length() > 1024) {
            throw ApiException.badRequest("password", "password must be at most 1024 characters");
        }
        String remote = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        return access.login(username, pw, sessionLength, remote).map(outcome -> {
            ctx.response().putHeader("Cache-Control", "no-store");
            if (outcome instanceof AccessStore.Throttled t) {
                ctx.response().putHeader("Retry-After", String.valueOf(seconds(t.retryAfter())));
                throw ApiException.tooManyRequests("too many failed logins for this username or from this address; try again in "
                        + seconds(t.retryAfter()) + " s");
            }
            if (outcome instanceof AccessStore.Busy b) {
                ctx.response().putHeader("Retry-After", String.valueOf(seconds(b.retryAfter())));
                throw ApiException.unavailable("too many logins under way; try again in " + seconds(b.retryAfter()) + " s");
            }
            if (!(outcome instanceof AccessStore.Login login)) {
                throw ApiException.unauthorized("invalid username or password");
            }
            ctx.response().addCookie(Cookie.cookie(Authn.SESSION_COOKIE, login.token()).setHttpOnly(true)
                    .setSecure(secureCookie).setSameSite(CookieSameSite.STRICT).setPath("/api")
                    .setMaxAge(sessionLength.toSeconds()));
            return new JsonObject().put("token", login.token()).put("expiresAt", login.expiresAt().toString())
                    .put("username", login.principal().username()).put("role", login.principal().role().code());
        });
    }

    /** Whole seconds, rounded up: what Retry-After says. */
    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    /** POST /api/logout: ends the caller's session (API tokens are revoked by an admin, not here). */
    Future<JsonObject> logout(RoutingContext ctx) {
        Principal p = Api.who(ctx);
        return access.logout(p).map(v -> {
            ctx.response().addCookie(Cookie.cookie(Authn.SESSION_COOKIE, "").setHttpOnly(true).setSecure(secureCookie)
                    .setSameSite(CookieSameSite.STRICT).setPath("/api").setMaxAge(0));
            return new JsonObject().put("loggedOut", p.sessionId() != null);
        });
    }

    /** POST /api/users {username, role, password?} (admin). */
    Future<JsonObject> createUser(RoutingContext ctx) {
        JsonObject body = Fields.object(ctx);
        String username = Fields.matching(Fields.required(body, "username"), "username", USERNAME,
                "1-64 letters, digits or . _ @ -");
        Role role;
        try {
            role = Role.parse(Fields.required(body, "role"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("role", e.getMessage());
        }
        // optional (a machine user has none); when given, the password policy (UserAdminApi.password) applies
        String password = body.getValue("password") == null ? null : UserAdminApi.password(body, "password", username);
        return access.createUser(username, role, password, Api.who(ctx).username()).map(id -> {
            if (id == null) {
                throw ApiException.conflict("user " + username + " exists (usernames are unique regardless of case)");
            }
            LOG.info("user created user={} role={}", LogText.of(username), role.code());
            return new JsonObject().put("username", username).put("role", role.code());
        });
    }

    /** POST /api/users/{username}/tokens {label, expiresAt?} (admin) → {token} shown once. */
    Future<JsonObject> createToken(RoutingContext ctx) {
        String username = ctx.pathParam("username");
        JsonObject body = Fields.object(ctx);
        String label = Fields.required(body, "label");
        String expires = Fields.optional(body, "expiresAt");
        Instant expiresAt;
        try {
            expiresAt = expires == null ? null : Instant.parse(expires);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("expiresAt", "expiresAt must be an ISO-8601 instant, e.g. 2027-01-01T00:00:00Z");
        }
        return access.createToken(username, label, expiresAt, Api.who(ctx).username()).map(token -> {
            if (token == null) {
                throw ApiException.notFound("no user " + username);
            }
            ctx.response().putHeader("Cache-Control", "no-store");
            return new JsonObject().put("username", username).put("label", label).put("token", token);
        });
    }

    /**
     * PUT /api/users/{username}/phone {phone} (admin): the number that rings first when the user places a call, any
     * format with a leading + (stored in E.164); {"phone": null} clears it. Audited; the answer shows it masked.
     */
    Future<JsonObject> setPhone(RoutingContext ctx) {
        String username = Fields.matching(ctx.pathParam("username"), "username", USERNAME, "1-64 letters, digits or . _ @ -");
        JsonObject body = Fields.object(ctx);
        if (!body.containsKey("phone")) {
            throw ApiException.badRequest("phone", "phone is required (null clears it)");
        }
        String raw = Fields.optional(body, "phone");
        String e164 = null;
        if (raw != null) {
            if (!raw.startsWith("+")) {
                throw ApiException.badRequest("phone", "phone must start with + and the country code, e.g. +12125550123");
            }
            try {
                e164 = Phones.toE164(raw, null);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("phone", "phone is " + e.getMessage());
            }
        }
        String phone = e164;
        return access.setPhone(username, phone, Api.who(ctx)).map(found -> {
            if (!found) {
                throw ApiException.notFound("no user " + username);
            }
            LOG.info("user phone {} user={} by={}", phone == null ? "cleared" : "set", LogText.of(username), LogText.of(Api.who(ctx).username()));
            return new JsonObject().put("username", username).put("phone", Masking.phone(phone));
        });
    }
}
