package com.loandesk.web.api;

import com.loandesk.auth.AccessStore;
import com.loandesk.auth.Principal;
import com.loandesk.cases.Masking;
import com.loandesk.store.Settlements;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Set;

/**
 * Unknown sends that no provider can be asked about (e-mail, click-to-call): compliance and admin list them and
 * settle each as sent or not sent, with a reason; the settlement is in the case history (actor = who) and in
 * {@code access_audit}, written in one transaction with the task's new state.
 */
final class SettleApi {

    static final int MAX_LIMIT = 500;
    private static final Set<String> LIST_PARAMS = Set.of("limit");
    private static final Set<String> OUTCOMES = Set.of("sent", "not_sent");

    private final Settlements settlements;
    private final AccessStore access;
    private final Clock clock;

    SettleApi(Settlements settlements, AccessStore access, Clock clock) {
        this.settlements = settlements;
        this.access = access;
        this.clock = clock;
    }

    /** GET /api/unknown-tasks[?limit] → {tasks: [...]}: oldest first, contact values masked. */
    Future<JsonObject> list(RoutingContext ctx) {
        MultiMap q = ctx.queryParams();
        for (String name : q.names()) {
            if (!LIST_PARAMS.contains(name)) {
                throw ApiException.badRequest(name, "unknown parameter " + name + "; parameters: limit");
            }
        }
        int limit = Fields.limitParam(q, "limit", 100, MAX_LIMIT);
        return settlements.waiting(limit).map(list -> {
            JsonArray tasks = new JsonArray();
            list.forEach(w -> tasks.add(json(w)));
            return new JsonObject().put("tasks", tasks);
        });
    }

    private static JsonObject json(Settlements.Waiting w) {
        return new JsonObject().put("taskId", w.taskId()).put("channel", w.channel()).put("template", w.template())
                .put("attempts", w.attempts()).put("unknownSince", w.unknownSince().toString()).put("lastError", w.lastError())
                .put("caseRef", w.caseRef()).put("borrowerRef", w.borrowerRef()).put("collector", w.collector())
                .put("contactKind", w.pointKind()).put("contactValue", Masking.point(w.pointKind(), w.pointValue()));
    }

    /** POST /api/tasks/{taskId}/settle {outcome: sent|not_sent, reason} → 200 {taskId, outcome, state}. */
    Future<JsonObject> settle(RoutingContext ctx) {
        long taskId = Fields.positiveLong(ctx.pathParam("taskId"), "taskId");
        JsonObject body = Fields.object(ctx);
        String outcome = Fields.oneOf(Fields.required(body, "outcome"), "outcome", OUTCOMES);
        String reason = Fields.required(body, "reason");
        Settlements.Outcome o = Settlements.Outcome.of(outcome);
        Principal p = Api.who(ctx);
        return settlements.pool().withTransaction(c -> settlements.settle(c, taskId, o, reason, p.username(), clock.instant())
                        .compose(s -> access.audit(c, p, "unknown_settled", s.caseId(), "task:" + taskId,
                                new JsonObject().put("outcome", outcome).put("reason", reason).put("state", s.state())).map(s)))
                .map(s -> new JsonObject().put("taskId", s.taskId()).put("outcome", outcome).put("state", s.state()))
                .recover(e -> {
                    if (e instanceof Settlements.NotSettleable n) {
                        return Future.failedFuture(n.refusal() == Settlements.Refusal.NO_SUCH_TASK
                                ? ApiException.notFound(n.getMessage()) : ApiException.conflict(n.getMessage()));
                    }
                    return Future.failedFuture(e);
                });
    }
}
