package com.loandesk.rules;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A daily window of allowed local time, [start, end). Times are wall-clock times in the borrower's
 * zone, so a DST gap or overlap shifts the instant, never the rule.
 */
public record LocalWindow(LocalTime start, LocalTime end) {

    public LocalWindow {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("window start " + start + " must be before its end " + end);
        }
    }

    public static LocalWindow parse(String start, String end) {
        return new LocalWindow(LocalTime.parse(start), LocalTime.parse(end));
    }

    public boolean contains(Instant at, ZoneId zone) {
        LocalTime local = at.atZone(zone).toLocalTime();
        return !local.isBefore(start) && local.isBefore(end);
    }

    /** The first instant after {@code at} at which the window opens in {@code zone}. */
    public Instant nextOpening(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        ZonedDateTime today = ZonedDateTime.of(local.toLocalDate(), start, zone);
        Instant opening = today.toInstant();
        if (opening.isAfter(at)) {
            return opening;
        }
        return ZonedDateTime.of(local.toLocalDate().plusDays(1), start, zone).toInstant();
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
