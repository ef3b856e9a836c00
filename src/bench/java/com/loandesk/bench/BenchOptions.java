package com.loandesk.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options of a bench main: {@code --name value} pairs, each declared with its default (null: none). An
 * unknown option or one without a value fails naming the options there are; a value that is not what the option
 * takes fails naming the option.
 */
final class BenchOptions {

    private final Map<String, String> values = new LinkedHashMap<>();

    /** Declares option {@code name} (with its dashes) and its default. */
    BenchOptions option(String name, Object defaultValue) {
        values.put(name, defaultValue == null ? null : String.valueOf(defaultValue));
        return this;
    }

    /** Reads {@code args} over the defaults. */
    BenchOptions parse(String[] args) {
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (!values.containsKey(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException((values.containsKey(name) ? name + " needs a value" : "unknown option " + name)
                        + " (known: " + String.join(" ", values.keySet()) + ")");
            }
            values.put(name, args[i + 1]);
        }
        return this;
    }

    /** The value of {@code name}, null when it has no default and was not given. */
    String text(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalStateException("no option " + name + " was declared");
        }
        return values.get(name);
    }

    int integer(String name) {
        String v = text(name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was " + v);
        }
    }

    /** The value of {@code name}, which must be one of {@code allowed}. */
    String oneOf(String name, String... allowed) {
        String v = text(name);
        if (!Arrays.asList(allowed).contains(v)) {
            throw new IllegalArgumentException(name + " must be one of " + String.join(", ", allowed) + ", was " + v);
        }
        return v;
    }
}
