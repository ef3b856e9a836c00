package com.loandesk.web.api;

import com.loandesk.rules.Channel;
import com.loandesk.store.WaveSelection;
import com.loandesk.store.WaveSpec;
import com.loandesk.store.WaveStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reminder waves: POST /api/waves (create and enqueue, or {@code dryRun: true} to count what it would
 * enqueue and skip), GET /api/waves, GET /api/waves/{id} (progress), POST /api/waves/{id}/pause|resume|cancel.
 * The gate's verdicts for a selection (send now, deferred, blocked by rule) are POST /api/dry-run's.
 */
final class WaveApi {

    private static final Set<String> STAGES = com.loandesk.rules.Stage.CODES;
    private static final Set<String> GRADES = Set.of("high", "medium", "low");
    private static final Set<String> CHANNELS = Set.of("sms", "voice", "email");
    private static final Set<String> SELECTION_KEYS = Set.of("stage", "dpdMin", "dpdMax", "product", "jurisdiction",
            "balanceMin", "balanceMax", "riskGrade");
    private static final Pattern HH_MM = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final int MAX_DPD = 100_000;
    private static final int MAX_RATE = 1_000_000;

    private final WaveStore store;
    private final Clock clock;

    WaveApi(WaveStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** POST /api/waves: 201 {waveId, enqueued, skipped}; with dryRun 200 {dryRun, enqueued, skipped}. */
    void create(RoutingContext ctx) {
        JsonObject body;
        WaveSpec spec;
        try {
            body = Fields.object(ctx);
            spec = spec(body, clock.instant());
        } catch (RuntimeException e) {
            Api.fail(ctx, e);
            return;
        }
        if (Fields.flag(body, "dryRun")) {
            Api.json(ctx, 200, c -> store.preview(spec));
        } else {
            Api.json(ctx, 201, c -> store.create(spec, Api.who(c).username()));
        }
    }

    Future<JsonObject> list(RoutingContext ctx) {
        return store.list();
    }

    Future<JsonObject> progress(RoutingContext ctx) {
        return store.progress(id(ctx));
    }

    Future<JsonObject> pause(RoutingContext ctx) {
        return store.pause(id(ctx), Api.who(ctx).username());
    }

    Future<JsonObject> resume(RoutingContext ctx) {
        return store.resume(id(ctx), Api.who(ctx).username());
    }

    Future<JsonObject> cancel(RoutingContext ctx) {
        return store.cancel(id(ctx), Api.who(ctx).username());
    }

    private static long id(RoutingContext ctx) {
        return Fields.positiveLong(ctx.pathParam("id"), "id");
    }

    /** The wave the body asks for; ApiException 400 naming the first bad field. */
    static WaveSpec spec(JsonObject body, Instant now) {
        String name = Fields.required(body, "name", 200);
        String channel = Fields.oneOf(Fields.required(body, "channel", 10), "channel", CHANNELS);
        String template = Fields.required(body, "template", 200);
        Object sel = body.getValue("selection");
        if (!(sel instanceof JsonObject s)) {
            throw ApiException.badRequest("selection", "selection is required: an object with at least one of "
                    + String.join(", ", new java.util.TreeSet<>(SELECTION_KEYS)));
        }
        for (String key : s.fieldNames()) {
            if (!SELECTION_KEYS.contains(key)) {
                throw ApiException.badRequest("selection." + key, "selection." + key + " is not a selection field");
            }
        }
        if (s.isEmpty()) {
            throw ApiException.badRequest("selection", "selection must name at least one filter (a wave to every case is refused)");
        }
        String stage = Fields.oneOf(selText(s, "stage"), "selection.stage", STAGES);
        Integer dpdMin = optionalInt(s, "dpdMin", "selection.dpdMin", 0, MAX_DPD);
        Integer dpdMax = optionalInt(s, "dpdMax", "selection.dpdMax", 0, MAX_DPD);
        if (dpdMin != null && dpdMax != null && dpdMin > dpdMax) {
            throw ApiException.badRequest("selection.dpdMax", "selection.dpdMax must not be below selection.dpdMin");
        }
        BigDecimal balanceMin = amount(s, "balanceMin");
        BigDecimal balanceMax = amount(s, "balanceMax");
        if (balanceMin != null && balanceMax != null && balanceMin.compareTo(balanceMax) > 0) {
            throw ApiException.badRequest("selection.balanceMax", "selection.balanceMax must not be below selection.balanceMin");
        }
        String grade = Fields.oneOf(selText(s, "riskGrade"), "selection.riskGrade", GRADES);
        WaveSelection selection = new WaveSelection(Channel.of(channel), template, stage, dpdMin, dpdMax,
                selText(s, "product"), selText(s, "jurisdiction"), balanceMin, balanceMax, grade, Integer.MAX_VALUE);

        LocalTime start = null;
        LocalTime end = null;
        Object window = body.getValue("window");
        if (window != null) {
            if (!(window instanceof JsonObject w)) {
                throw ApiException.badRequest("window", "window must be an object {start, end} of local times HH:mm");
            }
            start = LocalTime.parse(Fields.matching(Fields.required(w, "start", 5), "window.start", HH_MM, "a local time HH:mm"));
            end = LocalTime.parse(Fields.matching(Fields.required(w, "end", 5), "window.end", HH_MM, "a local time HH:mm"));
            if (!start.isBefore(end)) {
                throw ApiException.badRequest("window.end", "window.end must be after window.start");
            }
        }
        Instant notAfter = null;
        String notAfterText = Fields.optional(body, "notAfter", 40);
        if (notAfterText != null) {
            try {
                notAfter = Instant.parse(notAfterText);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("notAfter", "notAfter must be an ISO-8601 instant, e.g. 2026-11-24T12:00:00Z");
            }
            if (!notAfter.isAfter(now)) {
                throw ApiException.badRequest("notAfter", "notAfter must be in the future");
            }
        }
        Instant startsAt = null;
        String startsAtText = Fields.optional(body, "startsAt", 40);
        if (startsAtText != null) {
            try {
                startsAt = Instant.parse(startsAtText);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("startsAt", "startsAt must be an ISO-8601 instant, e.g. 2026-11-24T09:00:00Z");
            }
            if (notAfter != null && !startsAt.isBefore(notAfter)) {
                throw ApiException.badRequest("startsAt", "startsAt must be before notAfter");
            }
        }
        Integer rate = optionalInt(body, "ratePerMinute", "ratePerMinute", 1, MAX_RATE);
        Fields.flag(body, "dryRun");
        return new WaveSpec(name, selection, start, end, notAfter, rate, startsAt);
    }

    /** An optional string of the selection, at most 200 characters, stripped; 400 names "selection.key". */
    private static String selText(JsonObject s, String key) {
        Object v = s.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String text) || text.isBlank() || text.strip().length() > 200) {
            throw ApiException.badRequest("selection." + key, "selection." + key + " must be a non-empty string of at most 200 characters");
        }
        return text.strip();
    }

    private static Integer optionalInt(JsonObject o, String key, String field, int min, int max) {
        Object v = o.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < min || n.doubleValue() > max) {
            throw ApiException.badRequest(field, field + " must be a whole number " + min + ".." + max);
        }
        return n.intValue();
    }

    private static BigDecimal amount(JsonObject s, String key) {
        Object v = s.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() < 0 || Double.isNaN(n.doubleValue()) || n.doubleValue() > 1e12) {
            throw ApiException.badRequest("selection." + key, "selection." + key + " must be a number 0..1e12");
        }
        return new BigDecimal(n.toString());
    }
}
