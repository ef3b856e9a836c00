package com.loandesk.web;

import com.loandesk.dispatch.DryRun;
import com.loandesk.rules.Channel;
import com.loandesk.store.DryRunPage;
import com.loandesk.store.WaveSelection;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * POST /api/dry-run: what would be sent now, deferred (until when) and blocked (by which rule), for
 * {"taskIds": [...]} (at most {@value #MAX_TASKS}) or for {"selection": {...}, "channel": ..., "template": ...}, a page
 * of at most {@value #MAX_CASES} contacts at a time ({"after": next} continues). Sends and writes nothing.
 */
public final class DryRunApi {

    static final int MAX_TASKS = 10_000;
    static final int MAX_CASES = 5_000;
    private static final Set<String> STAGES = com.loandesk.rules.Stage.CODES;
    private static final Set<String> GRADES = Set.of("high", "medium", "low");

    private final DryRun dryRun;

    public DryRunApi(DryRun dryRun) {
        this.dryRun = dryRun;
    }

    /** Adds the route; {@code guard} runs first (authentication and roles). */
    public void mount(Router router, io.vertx.core.Handler<RoutingContext> guard) {
        router.post("/api/dry-run").handler(guard).handler(this::dryRun);
    }

    private void dryRun(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            Errors.send(ctx, 400, "bad_request", "the body must be a JSON object");
            return;
        }
        if (body == null) {
            Errors.send(ctx, 400, "bad_request", "the body must be a JSON object");
            return;
        }
        try {
            int details = intIn(body, "details", 0, 1000, 100);
            if (body.containsKey("taskIds")) {
                List<Long> ids = taskIds(body.getValue("taskIds"));
                dryRun.ofTasks(ids, details).onSuccess(ctx::json).onFailure(ctx::fail);
            } else if (body.containsKey("selection")) {
                DryRunPage.Cursor after = null;
                if (body.getValue("after") != null) {
                    try {
                        after = DryRunPage.Cursor.parse(text(body, "after", false));
                    } catch (IllegalArgumentException e) {
                        throw new BadField("after", e.getMessage());
                    }
                }
                java.time.LocalTime[] window = window(body);
                dryRun.ofSelection(selection(body), window[0], window[1], after, details).onSuccess(ctx::json).onFailure(ctx::fail);
            } else {
                throw new BadField("taskIds", "give taskIds, or a selection with channel and template");
            }
        } catch (BadField e) {
            ctx.response().setStatusCode(400).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("error", "bad_request").put("field", e.field).put("message", e.getMessage()).encode());
        }
    }

    private static List<Long> taskIds(Object value) {
        if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_TASKS) {
            throw new BadField("taskIds", "must be a list of 1.." + MAX_TASKS + " task ids");
        }
        List<Long> ids = new ArrayList<>();
        for (Object o : array) {
            if (!(o instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() <= 0) {
                throw new BadField("taskIds", "must hold positive whole numbers, found " + o);
            }
            ids.add(n.longValue());
        }
        return ids;
    }

    private static WaveSelection selection(JsonObject body) {
        if (!(body.getValue("selection") instanceof JsonObject s)) {
            throw new BadField("selection", "must be an object");
        }
        Channel channel;
        try {
            channel = Channel.of(text(body, "channel", true));
        } catch (IllegalArgumentException e) {
            throw new BadField("channel", e.getMessage());
        }
        String stage = text(s, "stage", false);
        if (stage != null && !STAGES.contains(stage)) {
            throw new BadField("selection.stage", "must be early, middle or late, was '" + stage + "'");
        }
        String grade = text(s, "riskGrade", false);
        if (grade != null && !GRADES.contains(grade)) {
            throw new BadField("selection.riskGrade", "must be high, medium or low, was '" + grade + "'");
        }
        return new WaveSelection(channel, text(body, "template", true), stage,
                optionalInt(s, "dpdMin"), optionalInt(s, "dpdMax"), text(s, "product", false),
                text(s, "jurisdiction", false), decimal(s, "balanceMin"), decimal(s, "balanceMax"), grade,
                intIn(body, "limit", 1, MAX_CASES, MAX_CASES));
    }

    private static final java.util.regex.Pattern HH_MM = java.util.regex.Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

    /**
     * The wave's local window {start, end} (as POST /api/waves takes it), or none: a dry run judges the contacts with it
     * as Create would, so "would go now" excludes those outside their window and says when they will go.
     */
    private static java.time.LocalTime[] window(JsonObject body) {
        Object value = body.getValue("window");
        if (value == null) {
            return new java.time.LocalTime[2];
        }
        if (!(value instanceof JsonObject w)) {
            throw new BadField("window", "must be an object {start, end} of local times HH:mm");
        }
        java.time.LocalTime[] out = new java.time.LocalTime[2];
        String[] keys = {"start", "end"};
        for (int i = 0; i < 2; i++) {
            Object t = w.getValue(keys[i]);
            if (!(t instanceof String s) || !HH_MM.matcher(s).matches()) {
                throw new BadField("window." + keys[i], "must be a local time HH:mm");
            }
            out[i] = java.time.LocalTime.parse(s);
        }
        if (!out[1].isAfter(out[0])) {
            throw new BadField("window.end", "must be after window.start");
        }
        return out;
    }

    private static String text(JsonObject o, String key, boolean required) {
        Object v = o.getValue(key);
        if (v == null) {
            if (required) {
                throw new BadField(key, "is required");
            }
            return null;
        }
        if (!(v instanceof String s) || s.isBlank() || s.length() > 200) {
            throw new BadField(key, "must be a non-empty string of at most 200 characters");
        }
        return s;
    }

    private static Integer optionalInt(JsonObject o, String key) {
        return o.getValue(key) == null ? null : intIn(o, key, 0, 100_000, 0);
    }

    private static int intIn(JsonObject o, String key, int min, int max, int fallback) {
        Object v = o.getValue(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < min || n.longValue() > max) {
            throw new BadField(key, "must be a whole number " + min + ".." + max + ", was " + v);
        }
        return n.intValue();
    }

    private static BigDecimal decimal(JsonObject o, String key) {
        Object v = o.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n)) {
            throw new BadField(key, "must be a number, was " + v);
        }
        return new BigDecimal(n.toString());
    }

    private static final class BadField extends RuntimeException {
        private final String field;

        BadField(String field, String message) {
            super(field + " " + message);
            this.field = field;
        }
    }
}
