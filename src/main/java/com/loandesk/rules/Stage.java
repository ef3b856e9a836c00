package com.loandesk.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A case's collection stage, by days past due (the manuals' M1 / M2-M3 / M3+). */
public enum Stage {
    EARLY, MIDDLE, LATE;

    /** Every stage's code, as stored, configured and sent. */
    public static final Set<String> CODES = Arrays.stream(values()).map(Stage::code).collect(Collectors.toUnmodifiableSet());

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The stage of {@code code}, or an IllegalArgumentException naming the known ones. */
    public static Stage of(String code) {
        for (Stage s : values()) {
            if (s.code().equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + code + "' (known: early, middle, late)");
    }
}
