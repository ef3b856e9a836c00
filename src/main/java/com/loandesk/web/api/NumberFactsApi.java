package com.loandesk.web.api;

import com.loandesk.auth.Principal;
import com.loandesk.rules.ConsentEvidenceKind;
import com.loandesk.rules.RndResult;
import com.loandesk.store.NumberFacts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Consent evidence and reassigned-numbers checks for a number of a case: the facts the text safe harbor and
 * REASSIGNED_NUMBER read. Every field is checked before anything is written; a write is one transaction with its
 * history row.
 */
final class NumberFactsApi {


    private final NumberFacts facts;
    private final Clock clock;

    NumberFactsApi(NumberFacts facts, Clock clock) {
        this.facts = facts;
        this.clock = clock;
    }

    /** POST /api/cases/{caseRef}/contact-points/{pointId}/consent-evidence {kind, source, givenAt} → 201. */
    Future<JsonObject> addConsentEvidence(RoutingContext ctx) {
        long pointId = Fields.positiveLong(ctx.pathParam("pointId"), "pointId");
        JsonObject body = Fields.object(ctx);
        ConsentEvidenceKind kind = kind(Fields.required(body, "kind"));
        String source = Fields.required(body, "source");
        Instant givenAt = pastInstant(Fields.required(body, "givenAt"), "givenAt");
        Principal p = Api.who(ctx);
        return facts.addConsentEvidence(ctx.pathParam("caseRef"), p.collectorScope(), pointId,
                new NumberFacts.Evidence(kind, source, givenAt), p.username(), clock.instant())
                .map(r -> new JsonObject().put("contactPointId", r.contactPointId()).put("numberLast4", r.numberLast4())
                        .put("kind", r.evidence().kind().code()).put("source", r.evidence().source())
                        .put("givenAt", r.evidence().givenAt().toString()));
    }

    /** POST /api/cases/{caseRef}/contact-points/{pointId}/rnd-checks {checkedAt, result, since?, proof?} → 201. */
    Future<JsonObject> recordCheck(RoutingContext ctx) {
        long pointId = Fields.positiveLong(ctx.pathParam("pointId"), "pointId");
        JsonObject body = Fields.object(ctx);
        Instant checkedAt = pastInstant(Fields.required(body, "checkedAt"), "checkedAt");
        RndResult result = result(Fields.required(body, "result"));
        String sinceText = Fields.optional(body, "since");
        LocalDate since = null;
        if (sinceText != null) {
            try {
                since = LocalDate.parse(sinceText);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("since", "since must be a date YYYY-MM-DD");
            }
            if (since.isAfter(checkedAt.atOffset(ZoneOffset.UTC).toLocalDate())) {
                throw ApiException.badRequest("since", "since must not be after checkedAt: the check asks about the days before it");
            }
        }
        String proof = Fields.optional(body, "proof");
        Principal p = Api.who(ctx);
        return facts.recordCheck(ctx.pathParam("caseRef"), p.collectorScope(), pointId,
                new NumberFacts.Check(checkedAt, result, since, proof), p.username(), clock.instant())
                .map(r -> new JsonObject().put("contactPointId", r.contactPointId()).put("numberLast4", r.numberLast4())
                        .put("result", r.check().result().code()).put("checkedAt", r.check().checkedAt().toString())
                        .put("since", r.check().since() == null ? null : r.check().since().toString())
                        .put("proof", r.check().proof()));
    }

    static ConsentEvidenceKind kind(String code) {
        try {
            return ConsentEvidenceKind.of(code);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("kind", "kind " + e.getMessage());
        }
    }

    static RndResult result(String code) {
        try {
            return RndResult.of(code);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("result", "result " + e.getMessage());
        }
    }

    private Instant pastInstant(String text, String field) {
        Instant at;
        try {
            at = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, field + " must be an instant such as 2026-11-20T15:00:00Z");
        }
        if (at.isAfter(clock.instant())) {
            throw ApiException.badRequest(field, field + " must not be in the future");
        }
        return at;
    }
}
