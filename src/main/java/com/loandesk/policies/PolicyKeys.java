package com.loandesk.policies;

import com.loandesk.rules.*;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Typed, checked reads of one YAML mapping (already parsed to plain maps and lists). Every error names
 * where the mapping is ({@code "conf/policies/us-ma.yaml: rules[2]"}) and the key.
 */
final class PolicyKeys {

    private final String where;
    private final Map<String, Object> map;
    private final Set<String> read = new LinkedHashSet<>();

    PolicyKeys(String where, Map<String, Object> map) {
        this.where = where;
        this.map = new LinkedHashMap<>(map);
    }

    String where() {
        return where;
    }

    boolean has(String key) {
        return map.containsKey(key);
    }

    PolicyException error(String key, String problem) {
        return new PolicyException(where + (where.endsWith(":") ? " " : ".") + key + " " + problem);
    }

    private Object raw(String key) {
        read.add(key);
        return map.get(key);
    }

    String text(String key, String fallback) {
        Object v = raw(key);
        if (v == null) {
            if (fallback == null) {
                throw error(key, "is required");
            }
            return fallback;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw error(key, "must be a non-empty text, was " + v);
        }
        return s.trim();
    }

    int intAtLeast(String key, Integer fallback, int min) {
        Object v = raw(key);
        if (v == null) {
            if (fallback == null) {
                throw error(key, "is required");
            }
            return fallback;
        }
        if (!(v instanceof Integer i)) {
            throw error(key, "must be an integer, was " + describe(v));
        }
        if (i < min) {
            throw error(key, "must be >= " + min + ", was " + i);
        }
        return i;
    }

    BigDecimal decimalAtLeast(String key, BigDecimal fallback, BigDecimal min) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n)) {
            throw error(key, "must be a number, was " + describe(v));
        }
        BigDecimal d = new BigDecimal(n.toString());
        if (d.compareTo(min) < 0) {
            throw error(key, "must be >= " + min + ", was " + d);
        }
        return d;
    }

    boolean bool(String key, boolean fallback) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw error(key, "must be true or false, was " + describe(v));
        }
        return b;
    }

    LocalTime time(String key) {
        Object v = raw(key);
        if (v == null) {
            throw error(key, "is required");
        }
        if (v instanceof Integer) {
            throw error(key, "must be a quoted time like \"21:00\", was the number " + v
                    + " (YAML reads an unquoted 21:00 as sexagesimal 1260)");
        }
        try {
            return LocalTime.parse(v.toString());
        } catch (DateTimeParseException e) {
            throw error(key, "must be a time like \"08:00\", was '" + v + "'");
        }
    }

    /** A list of texts, lower-cased; null when absent. */
    Set<String> texts(String key, Set<String> allowed) {
        Object v = raw(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            throw error(key, "must be a list like [a, b], was " + describe(v));
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object o : list) {
            String s = String.valueOf(o).trim().toLowerCase(Locale.ROOT);
            if (allowed != null && !allowed.contains(s)) {
                throw error(key, "has unknown value '" + o + "' (expected one of " + allowed + ")");
            }
            out.add(s);
        }
        return out;
    }

    Set<Channel> channels(String key) {
        Set<String> codes = texts(key, Set.of("sms", "voice", "email"));
        if (codes == null) {
            return null;
        }
        Set<Channel> out = EnumSet.noneOf(Channel.class);
        codes.forEach(c -> out.add(Channel.of(c)));
        return out;
    }

    Channel channel(String key) {
        String code = text(key, null).toLowerCase(Locale.ROOT);
        try {
            return Channel.of(code);
        } catch (IllegalArgumentException e) {
            throw error(key, "must be sms, voice or email, was '" + code + "'");
        }
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, v.toString().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            Set<String> names = new LinkedHashSet<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name().toLowerCase(Locale.ROOT));
            }
            throw error(key, "must be one of " + names + ", was '" + v + "'");
        }
    }

    /** Fails on any key the rule did not read: a misspelt key must not silently do nothing. */
    void rejectUnknown() {
        for (String key : map.keySet()) {
            if (!read.contains(key)) {
                throw new PolicyException(where + " has unknown key '" + key + "'");
            }
        }
    }

    private static String describe(Object v) {
        return v instanceof String ? "'" + v + "'" : String.valueOf(v);
    }
}
