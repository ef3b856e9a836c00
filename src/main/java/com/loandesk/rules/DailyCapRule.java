package com.loandesk.rules;

import java.time.Instant;

/**
 * At most {@code max} contacts with a borrower per local calendar day, across channels and cases.
 * With several candidate zones the strictest day counts: the cap must hold in each. The
 * {@link Caps#dailyCap} cap under its first name.
 */
public final class DailyCapRule implements Rule {

    public static final String ID = Caps.DAILY_CAP;

    private final ContactCap cap;

    public DailyCapRule(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("daily cap must be >= 0, was " + max);
        }
        this.cap = Caps.dailyCap(max);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
        return cap.evaluate(context, at);
    }
}
