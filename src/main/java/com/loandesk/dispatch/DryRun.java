package com.loandesk.dispatch;

import com.loandesk.rules.ContactGate;
import com.loandesk.rules.Decision;
import com.loandesk.store.DryRunPage;
import com.loandesk.store.Gated;
import com.loandesk.store.TaskStore;
import com.loandesk.store.WaveSelection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the gate would say now, without sending or writing anything: for a list of tasks, or for the
 * contacts a wave selection would create, a page at a time. Contacts to one borrower are judged in order, each seeing
 * the ones before it, as a real batch would (a page holds whole borrowers). The facts are read on the event loop; the
 * judging and the report are made on a worker thread.
 */
public final class DryRun {

    private final Vertx vertx;
    private final TaskStore store;
    private final ContactGate gate;
    private final ContextBuilder contexts;
    private final Clock clock;
    private final Duration lookback;
    private final MessageComposer composer;

    /** {@code lender}: the lender's name as the texts show it, so an SMS is measured as it will be sent. */
    public DryRun(Vertx vertx, TaskStore store, ContactGate gate, ContextBuilder contexts, Clock clock, Duration lookback,
                  String lender) {
        this.vertx = vertx;
        this.store = store;
        this.gate = gate;
        this.contexts = contexts;
        this.clock = clock;
        this.lookback = lookback;
        this.composer = new MessageComposer(contexts.templates(), lender);
    }

    public Future<JsonObject> ofTasks(List<Long> taskIds, int details) {
        Instant now = clock.instant();
        return store.dryRunTasks(taskIds, now, now.minus(lookback))
                .compose(input -> vertx.executeBlocking(() -> report(now, new BatchGate(gate, contexts, now).apply(input), details, true)
                        .put("requested", taskIds.size()), false));
    }

    /**
     * One page of {@code selection} ({@code selection.limit()} contacts at most) after {@code after} (null: the first),
     * judged at the wave's start {@code startsAt} when that is later than now (null: now), as its first tasks would be.
     */
    public Future<JsonObject> ofSelection(WaveSelection selection, java.time.LocalTime windowStart, java.time.LocalTime windowEnd,
                                          Instant startsAt, DryRunPage.Cursor after, int details) {
        Instant now = startsAt != null && startsAt.isAfter(clock.instant()) ? startsAt : clock.instant();
        return store.dryRunSelection(selection, windowStart, windowEnd, after, now, now.minus(lookback))
                .compose(page -> vertx.executeBlocking(() -> {
                    List<Gated> gated = new BatchGate(gate, contexts, now).apply(page.input());
                    JsonObject report = report(now, gated, details, false).put("next", page.next() == null ? null : page.next().text());
                    return selection.channel() == com.loandesk.rules.Channel.SMS ? report.put("sms", cost(gated)) : report;
                }, false));
    }

    /**
     * For each phone of case {@code caseRef} a collector may call (in the desk's order), what the gate says of a click
     * now, each judged alone as that click would be; nothing is created or written. {@code collectorScope}: a
     * collector's own cases (null: any); a case outside it is {@link com.loandesk.store.Missing}. Judged at {@code now}.
     */
    public Future<List<CallCheck>> ofCaseCalls(String caseRef, String collectorScope, Instant now) {
        return store.dryRunCaseCalls(caseRef, collectorScope, now, now.minus(lookback)).compose(input -> vertx.executeBlocking(() -> {
            BatchGate batch = new BatchGate(gate, contexts, now);
            List<CallCheck> out = new java.util.ArrayList<>();
            for (com.loandesk.store.TaskRow task : input.tasks()) {
                Gated g = batch.apply(new com.loandesk.store.GateInput(List.of(task), input.contactsByBorrower(),
                        input.holdsByCase(), input.consentsByBorrower(), input.callbacksByBorrower(),
                        input.inconvenientByBorrower(), input.unreadableByBorrower())).get(0);
                out.add(check(g));
            }
            return out;
        }, false));
    }

    private static CallCheck check(Gated g) {
        JsonObject detail = g.detailJson() == null ? new JsonObject() : new JsonObject(g.detailJson());
        List<String> zones = new java.util.ArrayList<>();
        detail.getJsonArray("zones", new JsonArray()).forEach(z -> zones.add(String.valueOf(z)));
        String kind = g.task().pointKind();
        String role = g.task().role();
        long point = g.task().contactPointId();
        String zonesFrom = detail.getString("zonesFrom");
        Decision d = g.decision();
        if (d instanceof Decision.Defer defer) {
            return new CallCheck(point, kind, role, CallCheck.Verdict.LATER, defer.ruleId(), defer.policy(), defer.reason(),
                    defer.until(), detail.getString("untilLocal"), zones, zonesFrom);
        }
        if (d instanceof Decision.Block block) {
            return new CallCheck(point, kind, role, CallCheck.Verdict.NOT, block.ruleId(), block.policy(), block.reason(),
                    null, null, zones, zonesFrom);
        }
        return new CallCheck(point, kind, role, CallCheck.Verdict.NOW, null, null, null, null, null, zones, zonesFrom);
    }

    private static JsonObject report(Instant now, List<Gated> gated, int details, boolean tasks) {
        int sendNow = 0;
        int deferred = 0;
        int blocked = 0;
        Map<String, Integer> byRule = new TreeMap<>();
        Map<String, JsonObject> groups = new java.util.LinkedHashMap<>();
        JsonArray items = new JsonArray();
        for (Gated g : gated) {
            Decision d = g.decision();
            String outcome;
            String rule = null;
            if (d instanceof Decision.Allow) {
                sendNow++;
                outcome = "send_now";
            } else if (d instanceof Decision.Defer defer) {
                deferred++;
                outcome = "deferred";
                rule = defer.ruleId();
            } else {
                blocked++;
                outcome = "blocked";
                rule = ((Decision.Block) d).ruleId();
            }
            if (rule != null) {
                byRule.merge(rule, 1, Integer::sum);
                group(groups, outcome, rule, d instanceof Decision.Defer defer ? localTime(g, defer) : null, g.task().caseRef());
            }
            if (items.size() < details) {
                JsonObject item = new JsonObject().put("caseRef", g.task().caseRef()).put("outcome", outcome)
                        .put("policy", d.policy()).put("ruleId", rule).put("detail", new JsonObject(g.detailJson()));
                if (tasks) {
                    item.put("taskId", g.task().taskId());
                }
                items.add(item);
            }
        }
        return new JsonObject().put("evaluatedAt", now.toString()).put("total", gated.size())
                .put("sendNow", sendNow).put("deferred", deferred).put("blocked", blocked)
                .put("byRule", new JsonObject(Map.copyOf(byRule))).put("groups", new JsonArray(List.copyOf(groups.values())))
                .put("items", items);
    }

    /**
     * What the texts that may still go (sent now or deferred; never the blocked) cost: each rendered for its case as
     * the dispatcher would, measured in billed segments; how many go as UCS-2, and how many could not be rendered.
     */
    private JsonObject cost(List<Gated> gated) {
        int messages = 0;
        int segments = 0;
        int ucs2 = 0;
        int unrendered = 0;
        for (Gated g : gated) {
            if (g.decision() instanceof Decision.Block) {
                continue;
            }
            var text = composer.compose(g.task(), 1);
            if (text.isEmpty()) {
                unrendered++;
                continue;
            }
            com.loandesk.templates.SmsLength length = com.loandesk.templates.SmsLength.of(text.get().body());
            messages++;
            segments += length.segments();
            if (length.encoding() == com.loandesk.templates.SmsLength.Encoding.UCS_2) {
                ucs2++;
            }
        }
        return new JsonObject().put("messages", messages).put("segments", segments).put("ucs2", ucs2).put("unrendered", unrendered);
    }

    /** Examples a group of deferred or blocked contacts shows: enough to look a few up, never the whole list. */
    static final int EXAMPLES = 3;

    /**
     * Counts a deferred or blocked contact in its group: by outcome, rule and, when deferred, the borrower-local time
     * it may go ("2026-11-24T09:00": borrowers in several zones all going at 09:00 their time share it), with a few
     * example cases.
     */
    private static void group(Map<String, JsonObject> groups, String outcome, String rule, String localAt, String caseRef) {
        JsonObject group = groups.computeIfAbsent(outcome + '|' + rule + '|' + localAt, k -> new JsonObject()
                .put("outcome", outcome).put("ruleId", rule).put("localAt", localAt).put("count", 0).put("examples", new JsonArray()));
        group.put("count", group.getInteger("count") + 1);
        JsonArray examples = group.getJsonArray("examples");
        if (examples.size() < EXAMPLES) {
            examples.add(caseRef);
        }
    }

    /** When a deferred contact may go, in the borrower's local time to the minute, as its decision detail says it. */
    private static String localTime(Gated g, Decision.Defer defer) {
        String untilLocal = new JsonObject(g.detailJson()).getString("untilLocal");
        return untilLocal != null && untilLocal.length() >= 16 ? untilLocal.substring(0, 16) : defer.until().toString();
    }
}
