package com.loandesk.web.api;

import com.loandesk.auth.Principal;
import com.loandesk.cases.HoldKind;
import com.loandesk.store.HoldStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Setting and clearing holds: compliance, admin, and collectors on their own cases. Who may clear a hold
 * depends on its kind ({@link com.loandesk.cases.HoldKind}): a legal hold only compliance.
 */
final class HoldApi {

    private final HoldStore holds;

    HoldApi(HoldStore holds) {
        this.holds = holds;
    }

    /** POST /api/cases/{caseRef}/holds {kind, reason} → 201 the hold. */
    Future<JsonObject> set(RoutingContext ctx) {
        JsonObject body = Fields.object(ctx);
        String kind = Fields.required(body, "kind", 40);
        Fields.oneOf(kind, "kind", com.loandesk.cases.HoldKind.CODES);
        String reason = Fields.optional(body, "reason", 2000);
        Principal p = Api.who(ctx);
        return holds.set(ctx.pathParam("caseRef"), p.collectorScope(), kind, reason, p.username()).map(h -> h.toJson());
    }

    /** POST /api/cases/{caseRef}/holds/{id}/clear {reason} → 200 the cleared hold. */
    Future<JsonObject> clear(RoutingContext ctx) {
        long id = Fields.positiveLong(ctx.pathParam("id"), "id");
        JsonObject body = Fields.object(ctx);
        String reason = Fields.required(body, "reason", 2000);
        Principal p = Api.who(ctx);
        return holds.clear(ctx.pathParam("caseRef"), p.collectorScope(), HoldKind.clearableBy(p.role()), id, reason, p.username()).map(h -> h.toJson());
    }
}
