package com.loandesk.web.api;

import com.loandesk.dispatch.DryRun;
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

    private final DryRun dryRun;

    public DryRunApi(DryRun dryRun) {
        this.dryRun = dryRun;
    }

    /** Adds the route; {@code guard} runs first (authentication and roles). */
    public void mount(Router router, Handler<RoutingContext> guard) {
        router.post("/api/dry-run").handler(guard).handler(ctx -> Api.json(ctx, 200, this::dryRun));
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
        String cursor = Fields.optional(body, "after", 200);
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
