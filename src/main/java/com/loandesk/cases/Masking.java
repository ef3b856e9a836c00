package com.loandesk.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.regex.Pattern;

/** Hides contact details from people who do not need them: phone numbers keep their last 4 digits. */
public final class Masking {

    private static final Pattern NOT_DIGIT = Pattern.compile("[^0-9]");

    private Masking() {
    }

    /** "+14155550123" → "********0123". */
    public static String phone(String value) {
        if (value == null) {
            return null;
        }
        String digits = NOT_DIGIT.matcher(value).replaceAll("");
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

    /**
     * A copy of {@code json} in which every occurrence of the given contact values (value → kind, as stored on the
     * contact points) in a string, at any depth, is masked by its kind. Masking is by the values known to be contact
     * details, never by what a string looks like: dates, amounts and ids stay as they are.
     */
    public static JsonObject contactValuesIn(JsonObject json, Map<String, String> contactValues) {
        if (json == null || contactValues.isEmpty()) {
            return json;
        }
        JsonObject out = new JsonObject();
        for (Map.Entry<String, Object> e : json) {
            out.put(e.getKey(), maskValue(e.getValue(), contactValues));
        }
        return out;
    }

    private static Object maskValue(Object v, Map<String, String> contactValues) {
        if (v instanceof String s) {
            return maskString(s, contactValues);
        }
        if (v instanceof JsonObject o) {
            return contactValuesIn(o, contactValues);
        }
        if (v instanceof JsonArray a) {
            JsonArray out = new JsonArray();
            a.forEach(x -> out.add(maskValue(x, contactValues)));
            return out;
        }
        return v;
    }

    private static String maskString(String s, Map<String, String> contactValues) {
        String out = s;
        for (Map.Entry<String, String> c : contactValues.entrySet()) {
            String value = c.getKey();
            if (value == null || value.length() < 5) {
                continue;
            }
            String masked = point(c.getValue(), value);
            out = out.replace(value, masked);
            // a provider's message may quote a number without its "+"
            if (value.startsWith("+")) {
                out = out.replace(value.substring(1), masked);
            }
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
}
