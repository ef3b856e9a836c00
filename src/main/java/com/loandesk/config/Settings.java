package com.loandesk.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Reads one section of the configuration, checking each value and naming its full key when it is wrong. */
final class Settings {

    private final String section;
    private final JsonObject json;

    private Settings(String section, JsonObject json) {
        this.section = section;
        this.json = json;
    }

    static Settings of(JsonObject root, String section) {
        Object value = root.getValue(section);
        if (value == null) {
            return new Settings(section, new JsonObject());
        }
        if (!(value instanceof JsonObject object)) {
            throw new ConfigException(section + " must be a mapping, was " + describe(value));
        }
        return new Settings(section, object);
    }

    Settings section(String name) {
        Object value = json.getValue(name);
        if (value == null) {
            return new Settings(key(name), new JsonObject());
        }
        if (!(value instanceof JsonObject object)) {
            throw new ConfigException(key(name) + " must be a mapping, was " + describe(value));
        }
        return new Settings(key(name), object);
    }

    int intIn(String name, int min, int max, int fallback) {
        Object value = json.getValue(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw new ConfigException(key(name) + " must be a whole number " + min + ".." + max + ", was " + describe(value));
        }
        long v = number.longValue();
        if (v < min || v > max) {
            throw new ConfigException(key(name) + " must be " + min + ".." + max + ", was " + v);
        }
        return (int) v;
    }

    boolean bool(String name, boolean fallback) {
        Object value = json.getValue(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            throw new ConfigException(key(name) + " must be true or false, was " + describe(value));
        }
        return b;
    }

    String text(String name, String fallback) {
        Object value = json.getValue(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new ConfigException(key(name) + " must be a non-empty string, was " + describe(value));
        }
        return s;
    }

    List<String> texts(String name, List<String> fallback) {
        Object value = json.getValue(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            throw new ConfigException(key(name) + " must be a non-empty list, was " + describe(value));
        }
        List<String> out = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String s) || s.isBlank()) {
                throw new ConfigException(key(name) + " must list strings, found " + describe(item));
            }
            out.add(s);
        }
        return out;
    }

    <T> T parsed(String name, String fallback, java.util.function.Function<String, T> parser, String expected) {
        if (json.getValue(name) instanceof Number n) {
            throw new ConfigException(key(name) + " must be " + expected + " in quotes (YAML read it as the number " + n + ")");
        }
        String raw = text(name, fallback);
        try {
            return parser.apply(raw);
        } catch (RuntimeException e) {
            throw new ConfigException(key(name) + " must be " + expected + ", was '" + raw + "'");
        }
    }

    String key(String name) {
        return section + "." + name;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        return value.toString();
    }
}
