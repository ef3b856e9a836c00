package com.loandesk.web.api;

import com.loandesk.auth.ApiTokens;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** (admin) API tokens: listed without their secrets, revoked. Issuing one is {@link AccessApi#createToken}. */
final class TokenAdminApi {

    private final ApiTokens tokens;

    TokenAdminApi(ApiTokens tokens) {
        this.tokens = tokens;
    }

    /** GET /api/tokens. */
    Future<JsonObject> list(RoutingContext ctx) {
        return tokens.list().map(all -> {
            JsonArray out = new JsonArray();
            for (ApiTokens.Token t : all) {
                out.add(new JsonObject().put("id", t.id()).put("label", t.label()).put("username", t.username())
                        .put("createdAt", text(t.createdAt())).put("expiresAt", text(t.expiresAt()))
                        .put("lastUsedAt", text(t.lastUsedAt())).put("revokedAt", text(t.revokedAt()))
                        .put("bootstrap", t.bootstrap()).put("state", t.state().code()));
            }
            return new JsonObject().put("tokens", out);
        });
    }

    /** POST /api/tokens/{id}/revoke. */
    Future<JsonObject> revoke(RoutingContext ctx) {
        long id = Fields.positiveLong(ctx.pathParam("id"), "id");
        return tokens.revoke(id, Api.who(ctx)).map(t -> new JsonObject().put("id", t.id()).put("username", t.username())
                .put("label", t.label()).put("revokedAt", text(t.revokedAt())).put("state", t.state().code()));
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
