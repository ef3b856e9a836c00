package com.loandesk.web.api;

import com.loandesk.rules.Channel;
import com.loandesk.store.WaveSelection;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The fields a wave and its dry run share (channel, template, selection, local window), read one way for both, so a
 * dry run judges exactly the contacts Create would enqueue, in the same window. Each failure is a 400 naming the field.
 */
final class WaveFields {

    private static final Set<String> STAGES = com.loandesk.rules.Stage.CODES;
    private static final Set<String> GRADES = Set.of("high", "medium", "low");
    private static final Set<String> CHANNELS = Set.of("sms", "voice", "email");
    private static final Set<String> SELECTION_KEYS = Set.of("stage", "dpdMin", "dpdMax", "product", "jurisdiction",
            "balanceMin", "balanceMax", "riskGrade");
    private static final Pattern HH_MM = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final int MAX_DPD = 100_000;

    private WaveFields() {
    }

    /** The wave's local window in the borrower's time; both null when the body gives none. */
    record Window(LocalTime start, LocalTime end) {
    }

    /** Channel, template and selection of {@code body}, selecting at most {@code limit} cases. */
    static WaveSelection selection(JsonObject body, int limit) {
        String channel = Fields.oneOf(Fields.required(body, "channel"), "channel", CHANNELS);
        String template = Fields.required(body, "template");
        if (template.equals(com.loandesk.store.CallStore.TEMPLATE)) {
            throw ApiException.badRequest("template", "template " + template
                    + " is a collector's own call, placed from the desk; a wave cannot send it");
        }
        Object sel = body.getValue("selection");
        if (!(sel instanceof JsonObject s)) {
            throw ApiException.badRequest("selection", "selection is required: an object with at least one of "
                    + String.join(", ", new TreeSet<>(SELECTION_KEYS)));
        }
        if (s.isEmpty()) {
            throw ApiException.badRequest("selection", "selection must name at least one filter (a wave to every case is refused)");
        }
        String stage = Fields.oneOf(text(s, "stage"), "selection.stage", STAGES);
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
        String grade = Fields.oneOf(text(s, "riskGrade"), "selection.riskGrade", GRADES);
        return new WaveSelection(Channel.of(channel), template, stage, dpdMin, dpdMax, text(s, "product"),
                text(s, "jurisdiction"), balanceMin, balanceMax, grade, limit);
    }

    /** The body's {@code window} {start, end} of local times HH:mm, end after start; none when it is absent. */
    static Window window(JsonObject body) {
        Object value = body.getValue("window");
        if (value == null) {
            return new Window(null, null);
        }
        if (!(value instanceof JsonObject w)) {
            throw ApiException.badRequest("window", "window must be an object {start, end} of local times HH:mm");
        }
        LocalTime start = LocalTime.parse(Fields.matching(Fields.required(w, "start"), "window.start", HH_MM, "a local time HH:mm"));
        LocalTime end = LocalTime.parse(Fields.matching(Fields.required(w, "end"), "window.end", HH_MM, "a local time HH:mm"));
        if (!start.isBefore(end)) {
            throw ApiException.badRequest("window.end", "window.end must be after window.start");
        }
        return new Window(start, end);
    }

    /** An optional ISO-8601 instant of the body ("2026-11-24T09:00:00Z"); the 400 names {@code key}. */
    static java.time.Instant instant(JsonObject body, String key) {
        String text = Fields.optional(body, key);
        if (text == null) {
            return null;
        }
        try {
            return java.time.Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.badRequest(key, key + " must be an ISO-8601 instant, e.g. 2026-11-24T09:00:00Z");
        }
    }

    /** An optional whole number of {@code o} in min..max; the 400 names {@code field}. */
    static Integer optionalInt(JsonObject o, String key, String field, int min, int max) {
        Object v = o.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < min || n.doubleValue() > max) {
            throw ApiException.badRequest(field, field + " must be a whole number " + min + ".." + max);
        }
        return n.intValue();
    }

    /** An optional string of the selection, at most 200 characters, stripped; 400 names "selection.key". */
    private static String text(JsonObject s, String key) {
        Object v = s.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String text) || text.isBlank() || text.strip().length() > 200) {
            throw ApiException.badRequest("selection." + key, "selection." + key + " must be a non-empty string of at most 200 characters");
        }
        return text.strip();
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
