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
        String kind = Fields.required(body, "kind");
        Fields.oneOf(kind, "kind", com.loandesk.cases.HoldKind.CODES);
        String reason = Fields.optional(body, "reason");
        Principal p = Api.who(ctx);
        return holds.set(ctx.pathParam("caseRef"), p.collectorScope(), kind, reason, p.username()).map(HoldApi::json);
    }

    /** POST /api/cases/{caseRef}/holds/{id}/clear {reason} → 200 the cleared hold. */
    Future<JsonObject> clear(RoutingContext ctx) {
        long id = Fields.positiveLong(ctx.pathParam("id"), "id");
        JsonObject body = Fields.object(ctx);
        String reason = Fields.required(body, "reason");
        Principal p = Api.who(ctx);
        return holds.clear(ctx.pathParam("caseRef"), p.collectorScope(), HoldKind.clearableBy(p.role()), id, reason, p.username()).map(HoldApi::json);
    }

    /** Page size of GET /api/holds, and its most. */
    static final int PAGE = 100;
    static final int MAX_PAGE = 500;

    /** GET /api/holds?kind=&after=&limit= → {holds: [hold + caseRef], next}: the open holds, newest first. */
    Future<JsonObject> open(RoutingContext ctx) {
        String kindText = ctx.queryParams().get("kind");
        HoldKind kind = kindText == null || kindText.isBlank() ? null
                : HoldKind.parse(Fields.oneOf(kindText.strip(), "kind", HoldKind.CODES));
        String afterText = ctx.queryParams().get("after");
        com.loandesk.store.OpenHolds.Cursor after;
        try {
            after = afterText == null || afterText.isBlank() ? null : com.loandesk.store.OpenHolds.Cursor.parse(afterText);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("after", "after " + e.getMessage());
        }
        String limitText = ctx.queryParams().get("limit");
        int limit = limitText == null ? PAGE : Fields.positiveInt(limitText, "limit");
        if (limit > MAX_PAGE) {
            throw ApiException.badRequest("limit", "limit must be 1.." + MAX_PAGE);
        }
        return holds.open(kind, after, limit).map(page -> {
            io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonArray();
            page.holds().forEach(h -> list.add(json(h.hold()).put("caseRef", h.caseRef())));
            return new JsonObject().put("holds", list).put("next", page.next() == null ? null : page.next().text());
        });
    }

    /** A hold as the API shows it. */
    static JsonObject json(com.loandesk.store.Hold h) {
        return new JsonObject().put("id", h.id()).put("kind", h.kind()).put("reason", h.reason()).put("setBy", h.setBy())
                .put("setAt", h.setAt().toString()).put("clearedBy", h.clearedBy())
                .put("clearedAt", h.clearedAt() == null ? null : h.clearedAt().toString()).put("clearReason", h.clearReason());
    }
}
