package com.loandesk.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * No contact in a local time range the borrower named as inconvenient, in any zone they may be in;
 * deferred to the end of the range.
 */
public final class InconvenientTimeRule implements Rule {

    public static final String ID = "INCONVENIENT_TIME";

    /** No settings: a redefinition is the same rule, never looser. */
    @Override
    public String looserThan(Rule parent) {
        return null;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
        Instant until = null;
        for (ZoneId zone : context.zones()) {
            ZonedDateTime local = at.atZone(zone);
            for (InconvenientTime range : context.inconvenientTimes()) {
                Instant end = endIfInside(range, local);
                if (end != null && (until == null || end.isAfter(until))) {
                    until = end;
                }
            }
        }
        return until == null ? OK : new NotBefore(until, "the borrower named this time inconvenient until " + until);
    }

    /** The end of the occurrence of {@code range} that {@code local} falls in, or null. */
    private static Instant endIfInside(InconvenientTime range, ZonedDateTime local) {
        LocalDate day = local.toLocalDate();
        LocalTime t = local.toLocalTime();
        ZoneId zone = local.getZone();
        if (!range.wrapsMidnight()) {
            if (range.onDay(day.getDayOfWeek()) && !t.isBefore(range.start()) && t.isBefore(range.end())) {
                return after(ZonedDateTime.of(day, range.end(), zone), local);
            }
            return null;
        }
        if (range.onDay(day.getDayOfWeek()) && !t.isBefore(range.start())) {
            return after(ZonedDateTime.of(day.plusDays(1), range.end(), zone), local);
        }
        if (range.onDay(day.minusDays(1).getDayOfWeek()) && t.isBefore(range.end())) {
            return after(ZonedDateTime.of(day, range.end(), zone), local);
        }
        return null;
    }

    /** The end instant, or its later occurrence when a fall-back overlap put the first one in the past. */
    private static Instant after(ZonedDateTime end, ZonedDateTime local) {
        Instant first = end.toInstant();
        return first.isAfter(local.toInstant()) ? first : end.withLaterOffsetAtOverlap().toInstant();
    }
}
