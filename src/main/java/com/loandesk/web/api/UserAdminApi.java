package com.loandesk.web.api;

import com.loandesk.auth.PasswordPolicy;
import com.loandesk.auth.People;
import com.loandesk.auth.Principal;
import com.loandesk.auth.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/**
 * People's lifecycle over HTTP: (admin) list users, disable, enable, change role, reset a password, end all
 * sessions; (anyone) change one's own password. Creating users and issuing tokens stay in {@link AccessApi}.
 */
final class UserAdminApi {

    private final People people;

    UserAdminApi(People people) {
        this.people = people;
    }

    /** GET /api/users (admin). */
    Future<JsonObject> list(RoutingContext ctx) {
        return people.list().map(all -> {
            JsonArray users = new JsonArray();
            for (People.Person p : all) {
                users.add(new JsonObject().put("username", p.username()).put("role", p.role().code())
                        .put("disabledAt", text(p.disabledAt())).put("createdAt", text(p.createdAt()))
                        .put("hasPassword", p.hasPassword()).put("hasPhone", p.hasPhone())
                        .put("activeSessions", p.sessions()).put("activeTokens", p.tokens()));
            }
            return new JsonObject().put("users", users);
        });
    }

    /** POST /api/users/{username}/disable (admin): ends their sessions and revokes their tokens. */
    Future<JsonObject> disable(RoutingContext ctx) {
        String username = username(ctx);
        return people.disable(username, Api.who(ctx)).map(d -> new JsonObject().put("username", username)
                .put("disabled", true).put("sessionsEnded", d.sessionsEnded()).put("tokensRevoked", d.tokensRevoked()));
    }

    /** POST /api/users/{username}/enable (admin). */
    Future<JsonObject> enable(RoutingContext ctx) {
        String username = username(ctx);
        return people.enable(username, Api.who(ctx)).map(v -> new JsonObject().put("username", username).put("disabled", false));
    }

    /** POST /api/users/{username}/role {role} (admin). */
    Future<JsonObject> role(RoutingContext ctx) {
        String username = username(ctx);
        Role role;
        try {
            role = Role.parse(Fields.required(Fields.object(ctx), "role"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("role", e.getMessage());
        }
        return people.setRole(username, role, Api.who(ctx)).map(before -> new JsonObject().put("username", username)
                .put("role", role.code()).put("previousRole", before.code()));
    }

    /** POST /api/users/{username}/password {password} (admin): a new password; their sessions end. */
    Future<JsonObject> resetPassword(RoutingContext ctx) {
        String username = username(ctx);
        String password = password(Fields.object(ctx), "password", username);
        return people.resetPassword(username, password, Api.who(ctx)).map(n -> new JsonObject().put("username", username)
                .put("sessionsEnded", n));
    }

    /** POST /api/users/{username}/end-sessions (admin). */
    Future<JsonObject> endSessions(RoutingContext ctx) {
        String username = username(ctx);
        return people.endAllSessions(username, Api.who(ctx)).map(n -> new JsonObject().put("username", username)
                .put("sessionsEnded", n));
    }

    /** POST /api/me/password {currentPassword, newPassword} (anyone with a password): their other sessions end. */
    /** GET /api/me → who is asking: username, role, how (api_token or session) and the pages' language (null: unset). */
    Future<JsonObject> me(RoutingContext ctx) {
        Principal me = Api.who(ctx);
        return people.pageLanguage(me).map(language -> new JsonObject().put("username", me.username())
                .put("role", me.role().code()).put("via", me.sessionId() == null ? "api_token" : "session")
                .put("language", language.map(com.loandesk.auth.PageLanguage::code).orElse(null)));
    }

    /** PUT /api/me/language {language: en | zh-CN} → the language one's pages speak, remembered. */
    Future<JsonObject> setLanguage(RoutingContext ctx) {
        JsonObject body = Fields.object(ctx);
        String code = Fields.required(body, "language");
        com.loandesk.auth.PageLanguage language;
        try {
            language = com.loandesk.auth.PageLanguage.parse(code);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("language", e.getMessage());
        }
        return people.setPageLanguage(Api.who(ctx), language).map(v -> new JsonObject().put("language", language.code()));
    }

    Future<JsonObject> changeOwn(RoutingContext ctx) {
        Principal me = Api.who(ctx);
        JsonObject body = Fields.object(ctx);
        Object current = body.getValue("currentPassword");
        if (!(current instanceof String cur) || cur.isEmpty()) {
            throw ApiException.badRequest("currentPassword", "currentPassword is required");
        }
        if (cur.length() > PasswordPolicy.MAX_LENGTH) {
            throw ApiException.badRequest("currentPassword", "currentPassword must be at most " + PasswordPolicy.MAX_LENGTH + " characters");
        }
        String next = password(body, "newPassword", me.username());
        if (next.equals(cur)) {
            throw ApiException.badRequest("newPassword", "newPassword must differ from the current one");
        }
        String remote = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        return people.changeOwn(me, cur, next, remote).map(result -> {
            long retry = result.retryAfter() == null ? 0 : Math.max(1, (result.retryAfter().toMillis() + 999) / 1000);
            return switch (result.outcome()) {
                case CHANGED -> new JsonObject().put("username", me.username()).put("changed", true);
                case WRONG_CURRENT -> throw ApiException.badRequest("currentPassword", "currentPassword is not your current password");
                case NO_PASSWORD -> throw ApiException.conflict(me.username() + " has no password (API tokens only); an admin can set one");
                case THROTTLED -> {
                    ctx.response().putHeader("Retry-After", String.valueOf(retry));
                    throw ApiException.tooManyRequests("too many wrong passwords for " + me.username() + "; try again in " + retry + " s");
                }
                case BUSY -> {
                    ctx.response().putHeader("Retry-After", String.valueOf(retry));
                    throw ApiException.unavailable("too many password checks under way; try again in " + retry + " s");
                }
            };
        });
    }

    /** A new password in {@code field}: a string the policy accepts for {@code username}, else 400 naming why. */
    static String password(JsonObject body, String field, String username) {
        Object value = body.getValue(field);
        if (value == null) {
            throw ApiException.badRequest(field, field + " is required");
        }
        if (!(value instanceof String pw)) {
            throw ApiException.badRequest(field, field + " must be a string");
        }
        if (pw.indexOf('\0') >= 0) {
            throw ApiException.badRequest(field, field + " must not contain a NUL character");
        }
        String problem = PasswordPolicy.problem(username, pw);
        if (problem != null) {
            throw ApiException.badRequest(field, problem.replaceFirst("^password", field));
        }
        return pw;
    }

    private static String username(RoutingContext ctx) {
        return Fields.matching(ctx.pathParam("username"), "username", AccessApi.USERNAME, "1-64 letters, digits or . _ @ -");
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
