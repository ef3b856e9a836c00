package com.loandesk.rules;

import java.util.Locale;

/**
 * What a reassigned-numbers-database (RND) check answered about a number and a date: was it permanently
 * disconnected (so possibly reassigned) since then?
 */
public enum RndResult {
    /** Disconnected since the date asked about: the number may belong to someone else now. */
    REASSIGNED,
    /** Not disconnected since that date. */
    NOT_REASSIGNED,
    /** The database cannot tell (a date before its data begins, 2021-01-27, or no record). */
    NO_DATA;

    /** The stored and wire code: reassigned, not_reassigned, no_data. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The result of that code; IllegalArgumentException naming the codes for any other. */
    public static RndResult of(String code) {
        for (RndResult r : values()) {
            if (r.code().equals(code)) {
                return r;
            }
        }
        throw new IllegalArgumentException("must be one of reassigned, not_reassigned, no_data");
    }
}
