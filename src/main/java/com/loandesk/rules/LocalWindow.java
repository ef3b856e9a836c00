package com.loandesk.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A daily window of allowed local time, [start, end). Times are wall-clock times in the borrower's
 * zone, so a DST gap or overlap shifts the instant, never the rule: an opening inside a spring-forward
 * gap happens when the clocks jump past it, and an opening inside a fall-back overlap happens at its
 * first occurrence (and again at its second, if the window closed in between).
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

    /** Whether this window lies within {@code other}: never open when {@code other} is closed. */
    public boolean within(LocalWindow other) {
        return !start.isBefore(other.start) && !end.isAfter(other.end);
    }

    /** The first instant after {@code at} at which the window opens in {@code zone}. */
    public Instant nextOpening(Instant at, ZoneId zone) {
        LocalDate day = at.atZone(zone).toLocalDate();
        for (int i = 0; i < 3; i++) {
            ZonedDateTime opening = ZonedDateTime.of(day.plusDays(i), start, zone);
            if (opening.toInstant().isAfter(at)) {
                return opening.toInstant();
            }
            Instant second = opening.withLaterOffsetAtOverlap().toInstant();
            if (second.isAfter(at)) {
                return second;
            }
        }
        throw new IllegalStateException("no opening of " + this + " in " + zone + " after " + at);
    }

    /**
     * While the window is open at {@code at} in every zone of {@code zones}: the first instant it closes in
     * any of them (the earliest close). Null if it is shut somewhere at {@code at}.
     */
    public Instant openUntil(Instant at, java.util.List<ZoneId> zones) {
        Instant earliest = null;
        for (ZoneId zone : zones) {
            if (!contains(at, zone)) {
                return null;
            }
            Instant close = ZonedDateTime.of(at.atZone(zone).toLocalDate(), end, zone).toInstant();
            if (!close.isAfter(at)) {
                close = ZonedDateTime.of(at.atZone(zone).toLocalDate().plusDays(1), end, zone).toInstant();
            }
            if (earliest == null || close.isBefore(earliest)) {
                earliest = close;
            }
        }
        return earliest;
    }

    /** Where the window is shut at {@code at} and when it opens there: the latest opening across zones. */
    public record Closed(Instant opening, ZoneId zone) {
    }

    /** Null when the window is open at {@code at} in every zone; else the zone that opens last, and when. */
    public Closed closedIn(Instant at, java.util.List<ZoneId> zones) {
        Closed latest = null;
        for (ZoneId zone : zones) {
            if (!contains(at, zone)) {
                Instant next = nextOpening(at, zone);
                if (latest == null || next.isAfter(latest.opening())) {
                    latest = new Closed(next, zone);
                }
            }
        }
        return latest;
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
