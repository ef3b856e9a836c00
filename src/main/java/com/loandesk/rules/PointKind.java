package com.loandesk.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a contact point is: a phone of some kind, or an e-mail address. */
public enum PointKind {
    MOBILE(true), HOME(true), WORK(true), EMERGENCY(true), EMAIL(false);

    /** Every kind's code, as stored and configured. */
    public static final Set<String> CODES = Arrays.stream(values()).map(PointKind::code).collect(Collectors.toUnmodifiableSet());
    /** The codes of the kinds that are phone numbers. */
    public static final Set<String> PHONE_CODES = Arrays.stream(values()).filter(PointKind::phone).map(PointKind::code)
            .collect(Collectors.toUnmodifiableSet());

    private final boolean phone;

    PointKind(boolean phone) {
        this.phone = phone;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A number that can be called or texted. */
    public boolean phone() {
        return phone;
    }
}
