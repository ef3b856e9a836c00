package com.loandesk.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * At most {@code max} contacts with a borrower per local calendar day, across channels and cases.
 * With several candidate zones the strictest day counts: the cap must hold in each.
 */
public final class DailyCapRule implements Rule {

    public static final String ID = "DAILY_CAP";

    private final int max;

    public DailyCapRule(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("daily cap must be >= 0, was " + max);
        }
        this.max = max;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
        if (max == 0) {
            return new Never("daily cap is 0");
        }
        Instant nextDay = null;
        for (ZoneId zone : context.zones()) {
            LocalDate day = at.atZone(zone).toLocalDate();
            long count = context.history().stream()
                    .filter(c -> c.at().atZone(zone).toLocalDate().equals(day))
                    .count();
            if (count >= max) {
                Instant midnight = day.plusDays(1).atStartOfDay(zone).toInstant();
                if (nextDay == null || midnight.isAfter(nextDay)) {
                    nextDay = midnight;
                }
            }
        }
        return nextDay == null
                ? OK
                : new NotBefore(nextDay, "already " + max + " contact(s) on the borrower's local day");
    }
}
