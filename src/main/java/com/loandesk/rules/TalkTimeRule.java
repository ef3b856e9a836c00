package com.loandesk.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * At most {@code limit} of calls with a borrower per local day (lender practice: 30 minutes), inbound
 * calls included. A call may start while some of the limit is left; once it is spent, voice contacts
 * wait for the next local midnight.
 */
public final class TalkTimeRule implements Rule {

    public static final String ID = "TALK_TIME_PER_DAY";

    private final Duration limit;

    public TalkTimeRule(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("talk time per day must be more than zero, was " + limit);
        }
        this.limit = limit;
    }

    public Duration limit() {
        return limit;
    }

    /** {@inheritDoc} */
    @Override
    public String looserThan(Rule parent) {
        TalkTimeRule p = (TalkTimeRule) parent;
        return limit().compareTo(p.limit()) > 0 ? "allows more talk time than " + p.limit().toMinutes() + " minutes" : null;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
        if (context.request().channel() != Channel.VOICE) {
            return OK;
        }
        Instant midnight = null;
        for (ZoneId zone : context.zones()) {
            LocalDate day = at.atZone(zone).toLocalDate();
            long seconds = context.history().stream()
                    .filter(c -> c.channel() == Channel.VOICE && c.at().atZone(zone).toLocalDate().equals(day))
                    .mapToLong(PastContact::durationSeconds)
                    .sum();
            if (seconds >= limit.toSeconds()) {
                Instant next = day.plusDays(1).atStartOfDay(zone).toInstant();
                if (midnight == null || next.isAfter(midnight)) {
                    midnight = next;
                }
            }
        }
        return midnight == null ? OK
                : new NotBefore(midnight, limit.toMinutes() + " minutes of calls already spent on the borrower's local day");
    }
}
