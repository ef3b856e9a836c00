package com.loandesk.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one section of the configuration, checking each value and naming its full key when it is wrong.
 * It remembers which keys were asked for, so {@link #refuseUnknown()} can name a key nobody reads (a typo such
 * as {@code dispatch.batchsize} would otherwise be ignored silently).
 */
final class Settings {

    private final String section;
    private final JsonObject json;
    private final Set<String> known = new HashSet<>();

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
        known.add(name);
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
        known.add(name);
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
        known.add(name);
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
        known.add(name);
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
        known.add(name);
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
        known.add(name);
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

    /**
     * Refuses a key of this section that none of the reads above asked for, naming it (and the key it was
     * probably meant to be, when only the case differs). Call it after every key of the section was read.
     */
    Settings refuseUnknown() {
        refuseUnknown(section, json, known);
        return this;
    }

    /** Refuses a key of {@code json} (at {@code prefix}) that is not in {@code known}. */
    static void refuseUnknown(String prefix, JsonObject json, Set<String> known) {
        for (String name : new TreeSet<>(json.fieldNames())) {
            if (known.contains(name)) {
                continue;
            }
            String full = prefix.isEmpty() ? name : prefix + "." + name;
            String near = known.stream().filter(k -> k.equalsIgnoreCase(name)).findFirst()
                    .map(k -> "; did you mean " + (prefix.isEmpty() ? k : prefix + "." + k) + "?").orElse("");
            throw new ConfigException(full + " is not a known setting" + near + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
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
