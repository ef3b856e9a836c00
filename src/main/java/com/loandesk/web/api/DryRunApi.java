package com.loandesk.web.api;

import com.loandesk.web.ApiContract;
import com.loandesk.dispatch.CallCheck;
import com.loandesk.dispatch.DryRun;
import com.loandesk.store.CaseStore;
import com.loandesk.store.DryRunPage;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * POST /api/dry-run: what would be sent now, deferred (until when) and blocked (by which rule), for
 * {"taskIds": [...]} (at most {@value #MAX_TASKS}) or for a wave's {"channel", "template", "selection", "window",
 * "startsAt"} (read as POST /api/waves reads them; judged at the start when it is later than now), a page of at most {@value #MAX_CASES} contacts at a time ({"after": next}
 * continues). Sends and writes nothing.
 */
public final class DryRunApi {

    static final int MAX_TASKS = 10_000;
    static final int MAX_CASES = 5_000;

    /** How many cases of the day {@code GET /api/desk/next} looks through, and how many it judges at once. */
    static final int NEXT_SCAN = CaseApi.QUEUE_DEFAULT;
    static final int NEXT_AT_ONCE = 8;

    private final DryRun dryRun;
    private final java.time.Clock clock;
    private final CaseStore cases;

    public DryRunApi(DryRun dryRun, java.time.Clock clock) {
        this(dryRun, clock, null);
    }

    /** With {@code cases} (null: none), the desk's {@code GET /api/desk/next} too. */
    public DryRunApi(DryRun dryRun, java.time.Clock clock, CaseStore cases) {
        this.dryRun = dryRun;
        this.clock = clock;
        this.cases = cases;
    }

    /**
     * Adds the routes; {@code guard} runs first for the dry run of tasks and waves, {@code desk} for a case's calls and
     * the desk's next case.
     */
    public void mount(Router router, Handler<RoutingContext> guard, Handler<RoutingContext> desk) {
        ApiContract.route(router, "postDryRun").handler(guard).handler(ContractCheck.of("postDryRun")).handler(ctx -> Api.json(ctx, 200, this::dryRun));
        ApiContract.route(router, "getCasesByCaseRefCallable").handler(desk).handler(ContractCheck.of("getCasesByCaseRefCallable")).handler(ctx -> Api.json(ctx, 200, this::callable));
        if (cases != null) {
            ApiContract.route(router, "getDeskNext").handler(desk).handler(ContractCheck.of("getDeskNext")).handler(ctx -> Api.json(ctx, 200, this::next));
        }
    }

    /**
     * GET /api/desk/next[?after=caseRef][&collector] → {caseRef, reason, checked}: the next case of the collector's day
     * (GET /api/desk/queue's order, its first {@value #NEXT_SCAN}) after {@code after}, coming round to the top (from
     * the top when {@code after} is not in the day), that has a phone the gate would let them call now, judged as
     * GET /api/cases/{ref}/callable judges, {@value #NEXT_AT_ONCE} cases at a time; caseRef null when none can be called
     * now. {@code checked}: how many cases were judged. Creates nothing. A collector gets their own day; others name
     * the collector.
     */
    private Future<JsonObject> next(RoutingContext ctx) {
        io.vertx.core.MultiMap q = ctx.queryParams();
        Fields.onlyParams(q, java.util.Set.of("after", "collector"));
        String after = CaseApi.param(q, "after", 64);
        com.loandesk.auth.Principal p = Api.who(ctx);
        String collector = p.collectorScope() != null ? p.collectorScope() : CaseApi.param(q, "collector", 64);
        if (collector == null) {
            throw ApiException.badRequest("collector", "collector is required: whose day to list");
        }
        java.time.Instant now = java.time.Instant.now(clock);
        return cases.queue(collector, NEXT_SCAN).compose(day -> {
            int at = -1;
            for (int i = 0; i < day.size(); i++) {
                if (day.get(i).summary().caseRef().equals(after)) {
                    at = i;
                }
            }
            List<CaseStore.QueueEntry> order = new ArrayList<>();
            for (int i = 1; i <= day.size(); i++) {
                CaseStore.QueueEntry e = day.get(Math.floorMod(at + i, day.size()));
                if (!e.summary().caseRef().equals(after)) {
                    order.add(e);
                }
            }
            return firstCallable(order, 0, p.collectorScope(), now);
        });
    }

    /** The first of {@code order} from {@code from} with a phone callable now, judging {@value #NEXT_AT_ONCE} at once. */
    private Future<JsonObject> firstCallable(List<CaseStore.QueueEntry> order, int from, String scope, java.time.Instant now) {
        if (from >= order.size()) {
            return Future.succeededFuture(new JsonObject().putNull("caseRef").put("checked", order.size()));
        }
        List<CaseStore.QueueEntry> group = order.subList(from, Math.min(order.size(), from + NEXT_AT_ONCE));
        List<Future<Boolean>> judged = new ArrayList<>();
        for (CaseStore.QueueEntry e : group) {
            judged.add(dryRun.ofCaseCalls(e.summary().caseRef(), scope, now)
                    .map(checks -> checks.stream().anyMatch(c -> c.verdict() == CallCheck.Verdict.NOW))
                    .otherwise(false));
        }
        return Future.all(judged).compose(all -> {
            for (int i = 0; i < group.size(); i++) {
                if (judged.get(i).result()) {
                    CaseStore.QueueEntry e = group.get(i);
                    return Future.succeededFuture(new JsonObject().put("caseRef", e.summary().caseRef())
                            .put("reason", e.reason().code()).put("checked", from + i + 1));
                }
            }
            return firstCallable(order, from + group.size(), scope, now);
        });
    }

    /**
     * GET /api/cases/{caseRef}/callable: for each phone of the case a collector may call, whether a click now would
     * be allowed, or from when (in the borrower's time), or not, with the rule; and the borrower's time now in the
     * zone the gate judges by, with where that zone came from. Creates nothing. A collector sees only their cases.
     * The rule's reason is in the caller's language ({@link RequestLanguage}).
     */
    private Future<JsonObject> callable(RoutingContext ctx) {
        Fields.onlyParams(ctx.queryParams(), java.util.Set.of());
        String caseRef = ctx.pathParam("caseRef");
        java.time.Instant now = java.time.Instant.now(clock);
        return dryRun.ofCaseCalls(caseRef, Api.who(ctx).collectorScope(), now).map(checks -> {
            JsonArray points = new JsonArray();
            JsonObject borrower = null;
            for (CallCheck c : checks) {
                String localNow = c.zones().isEmpty() ? null : localTime(now, c.zones().get(0));
                points.add(new JsonObject().put("contactPointId", c.contactPointId()).put("kind", c.kind()).put("role", c.role())
                        .put("verdict", c.verdict().code()).put("ruleId", c.ruleId()).put("policy", c.policy())
                        .put("reason", c.reason() == null ? null : RequestLanguage.say(ctx, c.reason())).put("until", c.until() == null ? null : c.until().toString())
                        .put("untilLocal", c.untilLocal()).put("zones", new JsonArray(c.zones())).put("zonesFrom", c.zonesFrom())
                        .put("localNow", localNow));
                if (borrower == null && localNow != null) {
                    borrower = new JsonObject().put("zone", c.zones().get(0)).put("zones", new JsonArray(c.zones()))
                            .put("zonesFrom", c.zonesFrom()).put("localNow", localNow);
                }
            }
            return new JsonObject().put("caseRef", caseRef).put("at", now.toString()).put("borrower", borrower).put("points", points);
        });
    }

    /** {@code now} in {@code zone} to the minute, with its offset and name: "2026-12-03T09:15+08:00 Asia/Shanghai". */
    static String localTime(java.time.Instant now, String zone) {
        java.time.ZoneId id = java.time.ZoneId.of(zone);
        return now.atZone(id).toOffsetDateTime().truncatedTo(java.time.temporal.ChronoUnit.MINUTES) + " " + id;
    }

    private Future<JsonObject> dryRun(RoutingContext ctx) {
        JsonObject body = Fields.object(ctx);
        int details = limit(body, "details", 0, 1000, 100);
        if (body.containsKey("taskIds")) {
            return dryRun.ofTasks(taskIds(body.getValue("taskIds")), details);
        }
        if (!body.containsKey("selection")) {
            throw ApiException.badRequest("taskIds", "taskIds, or a selection with channel and template, is required");
        }
        DryRunPage.Cursor after = null;
        String cursor = Fields.optional(body, "after");
        if (cursor != null) {
            try {
                after = DryRunPage.Cursor.parse(cursor);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("after", "after " + e.getMessage());
            }
        }
        int pageSize = limit(body, "limit", 1, MAX_CASES, MAX_CASES);
        WaveFields.Window window = WaveFields.window(body);
        java.time.Instant startsAt = WaveFields.instant(body, "startsAt");
        return dryRun.ofSelection(WaveFields.selection(body, pageSize), window.start(), window.end(), startsAt, after, details);
    }

    private static List<Long> taskIds(Object value) {
        if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_TASKS) {
            throw ApiException.badRequest("taskIds", "taskIds must be a list of 1.." + MAX_TASKS + " task ids");
        }
        List<Long> ids = new ArrayList<>();
        for (Object o : array) {
            if (!(o instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() <= 0) {
                throw ApiException.badRequest("taskIds", "taskIds must hold positive whole numbers, found " + o);
            }
            ids.add(n.longValue());
        }
        return ids;
    }

    private static int limit(JsonObject body, String key, int min, int max, int fallback) {
        Integer n = WaveFields.optionalInt(body, key, key, min, max);
        return n == null ? fallback : n;
    }
}
