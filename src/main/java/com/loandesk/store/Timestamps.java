package com.loandesk.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Instants as the PostgreSQL client binds a {@code timestamptz}. */
public final class Timestamps {

    private Timestamps() {
    }

    /** {@code instant} at UTC; null stays null. */
    public static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
