package com.loandesk.web.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.regex.Pattern;

/** Small hand-written input checks; each failure is a 400 naming the field. */
final class Fields {

    private Fields() {
    }

    /** The request body as a JSON object; 400 (field "body") when it is missing or not an object. */
    static JsonObject object(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("body", "a JSON object body is required");
        }
        Object value;
        try {
            value = io.vertx.core.json.Json.decodeValue(text);
        } catch (DecodeException e) {
            throw ApiException.badRequest("body", "the body is not valid JSON");
        }
        if (!(value instanceof JsonObject json)) {
            throw ApiException.badRequest("body", "the body must be a JSON object");
        }
        return json;
    }

    /** The request body as a JSON array; 400 (field "body") otherwise. */
    static JsonArray array(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        Object value;
        try {
            value = text == null || text.isBlank() ? null : io.vertx.core.json.Json.decodeValue(text);
        } catch (DecodeException e) {
            throw ApiException.badRequest("body", "the body is not valid JSON");
        }
        if (!(value instanceof JsonArray json)) {
            throw ApiException.badRequest("body", "the body must be a JSON array");
        }
        return json;
    }

    /**
     * A required string, stripped. Its type and length are openapi.yaml's (every request string is bounded there, and
     * {@link ContractCheck} refuses what it does not allow before the handler reads it).
     */
    static String required(JsonObject json, String field) {
        String value = optional(json, field);
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest(field, field + " is required");
        }
        return value;
    }

    /** An optional string, stripped; null when absent or blank. Its type and length are openapi.yaml's. */
    static String optional(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw ApiException.badRequest(field, field + " must be a string");
        }
        String stripped = s.strip();
        if (stripped.indexOf('\0') >= 0) {
            throw ApiException.badRequest(field, field + " must not contain a NUL character");
        }
        return stripped.isEmpty() ? null : stripped;
    }

    static boolean flag(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean b)) {
            throw ApiException.badRequest(field, field + " must be true or false");
        }
        return b;
    }

    static String oneOf(String value, String field, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw ApiException.badRequest(field, field + " must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
        return value;
    }

    static String matching(String value, String field, Pattern pattern, String what) {
        if (value != null && !pattern.matcher(value).matches()) {
            throw ApiException.badRequest(field, field + " must be " + what);
        }
        return value;
    }

    static int positiveInt(String text, String field) {
        try {
            int n = Integer.parseInt(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(field, field + " must be a positive integer");
    }

    static long positiveLong(String text, String field) {
        try {
            long n = Long.parseLong(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(field, field + " must be a positive integer");
    }

    /**
     * Refuses a query parameter not in {@code allowed} (naming the ones that are, or saying the read takes none), and
     * one given more than once.
     */
    static void onlyParams(io.vertx.core.MultiMap q, java.util.Set<String> allowed) {
        for (String name : q.names()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest(name, allowed.isEmpty() ? "this read takes no parameters"
                        : "unknown parameter " + name + "; parameters: " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
            if (q.getAll(name).size() > 1) {
                throw ApiException.badRequest(name, name + " may be given once");
            }
        }
    }

    /** Query parameter {@code name}: a whole number from 1 to {@code max}, or {@code dflt} when it is not given. */
    static int limitParam(io.vertx.core.MultiMap q, String name, int dflt, int max) {
        if (q.get(name) == null) {
            return dflt;
        }
        int n = positiveInt(q.get(name), name);
        if (n > max) {
            throw ApiException.badRequest(name, name + " must be at most " + max);
        }
        return n;
    }
}
