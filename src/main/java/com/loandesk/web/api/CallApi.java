package com.loandesk.web.api;

import com.loandesk.auth.Principal;
import com.loandesk.calls.ClickToCall;
import com.loandesk.store.CallStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Click-to-call: {@code POST /api/cases/{caseRef}/calls} answers the gate's decision at once and, when allowed,
 * places the bridge call (collector's phone first, then the borrower, recorded) after answering;
 * {@code POST /api/calls/{taskId}/outcome} records what came of it.
 */
final class CallApi {

    private static final Logger LOG = LoggerFactory.getLogger(CallApi.class);
    static final Set<String> OUTCOMES = Set.of("promise_to_pay", "dispute", "wrong_number", "callback", "no_answer",
            "refused", "paid_claimed", "other");
    private static final Duration CALLBACK_HORIZON = Duration.ofDays(90);
    private static final BigDecimal AMOUNT_MAX = new BigDecimal("1000000000000");

    private final ClickToCall calls;

    CallApi(ClickToCall calls) {
        this.calls = calls;
    }

    /**
     * POST /api/cases/{caseRef}/calls {contactPointId} → 202 {taskId, state: sending} as soon as the gate allowed it (the
     * call is then placed), 409 not_allowed with the rule, or 409 call_in_progress while the caller's previous call is
     * still being placed.
     */
    void place(RoutingContext ctx) {
        try {
            if (calls == null) {
                reply(ctx, 503, new JsonObject().put("error", "unavailable").put("message", "calls are not configured"));
                return;
            }
            Principal p = Api.who(ctx);
            JsonObject body = Fields.object(ctx);
            long pointId = positiveId(body, "contactPointId");
            calls.call(ctx.pathParam("caseRef"), p.collectorScope(), pointId, p.username())
                    .recover(CallApi::translate)
                    .onSuccess(r -> answer(ctx, r))
                    .onFailure(e -> Api.fail(ctx, e));
        } catch (RuntimeException e) {
            Api.fail(ctx, e);
        }
    }

    private static void answer(RoutingContext ctx, ClickToCall.Result r) {
        if (r instanceof ClickToCall.Placing placing) {
            // the decision is committed; the call is being placed and its sid lands on the task and the case history
            reply(ctx, 202, new JsonObject().put("taskId", placing.taskId()).put("state", "sending"));
        } else if (r instanceof ClickToCall.NotAllowed n) {
            reply(ctx, 409, new JsonObject().put("error", "not_allowed").put("taskId", n.taskId()).put("state", n.state())
                    .put("ruleId", n.ruleId()).put("policy", n.policy()).put("reason", n.reason())
                    .put("until", n.until()).put("untilLocal", n.untilLocal()));
        } else if (r instanceof ClickToCall.InProgress live) {
            reply(ctx, 409, new JsonObject().put("error", "call_in_progress").put("taskId", live.taskId())
                    .put("message", "your previous call (task " + live.taskId() + ") is still being placed: one call at a time"));
        } else {
            reply(ctx, 409, new JsonObject().put("error", "conflict").put("taskId", r.taskId())
                    .put("message", "the call's task is being handled elsewhere"));
        }
    }

    /**
     * GET /api/calls/awaiting-outcome → {calls: [{taskId, caseRef, state, placedAt, contactKind, contactValue (masked),
     * callStatus, legStatus, durationSeconds}]}: the caller's own placed calls with no outcome yet, newest first (50).
     */
    void awaitingOutcome(RoutingContext ctx) {
        try {
            if (calls == null) {
                reply(ctx, 503, new JsonObject().put("error", "unavailable").put("message", "calls are not configured"));
                return;
            }
            Principal p = Api.who(ctx);
            calls.awaitingOutcome(p.username(), p.collectorScope(), 50)
                    .onSuccess(list -> {
                        io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
                        for (var a : list) {
                            out.add(new JsonObject().put("taskId", a.taskId()).put("caseRef", a.caseRef()).put("state", a.state())
                                    .put("placedAt", a.createdAt().toString()).put("contactKind", a.pointKind())
                                    .put("contactValue", com.loandesk.cases.Masking.point(a.pointKind(), a.pointValue()))
                                    .put("callStatus", a.callStatus()).put("legStatus", a.legStatus())
                                    .put("durationSeconds", a.durationSeconds()));
                        }
                        reply(ctx, 200, new JsonObject().put("calls", out));
                    })
                    .onFailure(e -> Api.fail(ctx, e));
        } catch (RuntimeException e) {
            Api.fail(ctx, e);
        }
    }

    /** POST /api/calls/{taskId}/outcome → 201 {taskId, outcome, holdId, callbackRequestId}. */
    void outcome(RoutingContext ctx) {
        try {
            if (calls == null) {
                reply(ctx, 503, new JsonObject().put("error", "unavailable").put("message", "calls are not configured"));
                return;
            }
            Principal p = Api.who(ctx);
            long taskId = Fields.positiveLong(ctx.pathParam("taskId"), "taskId");
            CallStore.Outcome o = parseOutcome(Fields.object(ctx), calls.now());
            calls.recordOutcome(taskId, p.username(), p.collectorScope(), o)
                    .recover(CallApi::translate)
                    .onSuccess(r -> reply(ctx, 201, new JsonObject().put("taskId", r.taskId()).put("outcome", r.outcome())
                            .put("holdId", r.holdId()).put("callbackRequestId", r.callbackRequestId())))
                    .onFailure(e -> Api.fail(ctx, e));
        } catch (RuntimeException e) {
            Api.fail(ctx, e);
        }
    }

    static CallStore.Outcome parseOutcome(JsonObject body, Instant now) {
        String outcome = Fields.oneOf(Fields.required(body, "outcome"), "outcome", OUTCOMES);
        String note = Fields.optional(body, "note");
        BigDecimal amount = null;
        LocalDate date = null;
        Instant callbackAt = null;
        if ("promise_to_pay".equals(outcome)) {
            amount = amount(body, "promiseAmount");
            String dateText = Fields.required(body, "promiseDate");
            try {
                date = LocalDate.parse(dateText);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("promiseDate", "promiseDate must be a date, e.g. 2026-12-01");
            }
            if (date.isBefore(now.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(1))) {
                throw ApiException.badRequest("promiseDate", "promiseDate must not be in the past");
            }
        } else if ("callback".equals(outcome)) {
            String at = Fields.required(body, "callbackAt");
            try {
                callbackAt = Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("callbackAt", "callbackAt must be an ISO-8601 instant, e.g. 2026-11-24T15:00:00Z");
            }
            if (!callbackAt.isAfter(now) || callbackAt.isAfter(now.plus(CALLBACK_HORIZON))) {
                throw ApiException.badRequest("callbackAt", "callbackAt must be in the next " + CALLBACK_HORIZON.toDays() + " days");
            }
        }
        return new CallStore.Outcome(outcome, note, amount, date, callbackAt);
    }

    private static BigDecimal amount(JsonObject body, String field) {
        Object value = body.getValue(field);
        BigDecimal amount;
        try {
            if (value instanceof Number n) {
                amount = new BigDecimal(n.toString());
            } else if (value instanceof String s && !s.isBlank()) {
                amount = new BigDecimal(s.strip());
            } else {
                throw ApiException.badRequest(field, field + " is required for promise_to_pay");
            }
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(field, field + " must be a decimal amount, e.g. 150.00");
        }
        if (amount.signum() <= 0 || amount.scale() > 2 || amount.compareTo(AMOUNT_MAX) >= 0) {
            throw ApiException.badRequest(field, field + " must be a positive amount with at most 2 decimals");
        }
        return amount;
    }

    private static long positiveId(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() > 0) {
            return n.longValue();
        }
        if (value instanceof String s) {
            return Fields.positiveLong(s.strip(), field);
        }
        throw ApiException.badRequest(field, field + " must be a positive integer");
    }

    private static <T> Future<T> translate(Throwable e) {
        if (e instanceof CallStore.Invalid invalid) {
            return Future.failedFuture(ApiException.badRequest(invalid.field(), invalid.getMessage()));
        }
        return Future.failedFuture(e);
    }

    private static void reply(RoutingContext ctx, int status, JsonObject body) {
        if (!ctx.response().ended()) {
            if (status >= 400) {
                LOG.debug("click-to-call answered status={} error={}", status, body.getString("error"));
                Errors.spoken(ctx, Errors.spoken(ctx, body, "message"), "reason");
                ctx.response().putHeader("Vary", "Accept-Language");
            }
            ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
        }
    }
}
