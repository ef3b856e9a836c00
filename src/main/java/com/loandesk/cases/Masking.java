package com.loandesk.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hides contact details from people who do not need them: phone numbers keep their last 4 digits. */
public final class Masking {

    private static final Pattern PROVIDER_SID = Pattern.compile("[A-Z]{2}[0-9a-fA-F]{32}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ().-]{5,}[0-9]");

    private Masking() {
    }

    /** "+14155550123" → "********0123". */
    public static String phone(String value) {
        if (value == null) {
            return null;
        }
        String digits = value.replaceAll("[^0-9]", "");
        if (digits.length() <= 4) {
            return "****";
        }
        return "*".repeat(digits.length() - 4) + digits.substring(digits.length() - 4);
    }

    /** "jane.doe@example.com" → "j***@example.com". */
    public static String email(String value) {
        if (value == null) {
            return null;
        }
        int at = value.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return value.charAt(0) + "***" + value.substring(at);
    }

    /** A contact point's value masked by its kind. */
    public static String point(String kind, String value) {
        return "email".equals(kind) ? email(value) : phone(value);
    }

    /** Every phone-like run of digits in {@code text} masked. */
    public static String phonesIn(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = PHONE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String digits = m.group().replaceAll("[^0-9]", "");
            m.appendReplacement(out, Matcher.quoteReplacement(digits.length() >= 7 ? phone(m.group()) : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A copy of {@code json} with phone numbers in every string value masked (provider sids under keys ending in Sid are kept). */
    public static JsonObject phonesIn(JsonObject json) {
        if (json == null) {
            return null;
        }
        JsonObject out = new JsonObject();
        for (Map.Entry<String, Object> e : json) {
            // provider ids (recordingSid, callSid…: two letters and 32 hex digits) are not numbers; masking them broke links
            boolean providerId = e.getKey().endsWith("Sid") && e.getValue() instanceof String s && PROVIDER_SID.matcher(s).matches();
            out.put(e.getKey(), providerId ? e.getValue() : maskValue(e.getValue()));
        }
        return out;
    }

    /**
     * A copy of a history detail without the provider's recording URL: a recording is opened through
     * GET /api/recordings/{sid}, which records who viewed it. The recording sid stays.
     */
    public static JsonObject withoutRecordingUrl(JsonObject detail) {
        if (detail == null || !detail.containsKey("recordingUrl")) {
            return detail;
        }
        JsonObject out = detail.copy();
        out.remove("recordingUrl");
        return out;
    }

    private static Object maskValue(Object v) {
        if (v instanceof String s) {
            return phonesIn(s);
        }
        if (v instanceof JsonObject o) {
            return phonesIn(o);
        }
        if (v instanceof JsonArray a) {
            JsonArray out = new JsonArray();
            a.forEach(x -> out.add(maskValue(x)));
            return out;
        }
        return v;
    }
}
