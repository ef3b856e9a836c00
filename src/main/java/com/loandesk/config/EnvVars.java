package com.loandesk.config;

import java.net.URI;
import java.util.Map;

/**
 * Typed reads of environment variables. A blank value counts as unset and takes the fallback; a value
 * that cannot be used throws a {@link ConfigException} naming the variable.
 */
public final class EnvVars {

    private EnvVars() {
    }

    /** The trimmed value, or {@code fallback} when the variable is unset or blank. */
    public static String text(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    /** The value as a whole number, or {@code fallback} when the variable is unset or blank. */
    public static int integer(Map<String, String> env, String name, int fallback) {
        String raw = text(env, name, null);
        if (raw == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, was '" + raw + "'");
        }
    }

    /**
     * The value (or {@code fallback}) as a base URL: one trailing slash is dropped, so paths that start
     * with {@code /} can be appended.
     */
    public static URI baseUrl(Map<String, String> env, String name, String fallback) {
        String raw = text(env, name, fallback);
        if (raw != null && raw.endsWith("/")) {
            raw = raw.substring(0, raw.length() - 1);
        }
        try {
            return URI.create(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + " must be a URL, was '" + raw + "'");
        }
    }
}
