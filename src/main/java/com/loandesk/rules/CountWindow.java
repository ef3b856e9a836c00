package com.loandesk.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** The span of time a cap counts over, ending at the moment asked about. */
public sealed interface CountWindow permits CountWindow.Rolling, CountWindow.LocalDays {

    /** Whether a contact made at {@code contactAt} is counted at {@code at}, for a borrower in {@code zone}. */
    boolean covers(Instant contactAt, Instant at, ZoneId zone);

    /** The instant a covered contact stops being counted; always after {@code at}. */
    Instant releases(Instant contactAt, ZoneId zone);

    /** Whether the answer depends on the borrower's zone. */
    boolean zoned();

    /** A sliding span of fixed length: a contact counts until exactly {@code length} after it was made. */
    record Rolling(Duration length) implements CountWindow {
        public Rolling {
            if (length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("a rolling window must be longer than zero, was " + length);
            }
        }

        @Override
        public boolean covers(Instant contactAt, Instant at, ZoneId zone) {
            return contactAt.isAfter(at.minus(length));
        }

        @Override
        public Instant releases(Instant contactAt, ZoneId zone) {
            return contactAt.plus(length);
        }

        @Override
        public boolean zoned() {
            return false;
        }

        @Override
        public String toString() {
            return "rolling " + length.toHours() + "h";
        }
    }

    /**
     * The borrower's local calendar day and the {@code days - 1} days before it: a contact counts until
     * local midnight {@code days} days after the day it was made on (1 = today only).
     */
    record LocalDays(int days) implements CountWindow {
        public LocalDays {
            if (days < 1) {
                throw new IllegalArgumentException("a window of local days must be at least 1 day, was " + days);
            }
        }

        @Override
        public boolean covers(Instant contactAt, Instant at, ZoneId zone) {
            LocalDate first = at.atZone(zone).toLocalDate().minusDays(days - 1L);
            return !contactAt.atZone(zone).toLocalDate().isBefore(first);
        }

        @Override
        public Instant releases(Instant contactAt, ZoneId zone) {
            return contactAt.atZone(zone).toLocalDate().plusDays(days).atStartOfDay(zone).toInstant();
        }

        @Override
        public boolean zoned() {
            return true;
        }

        @Override
        public String toString() {
            return days == 1 ? "local day" : days + " local days";
        }
    }
}
