package com.loandesk.rules;

import java.time.Duration;
import java.time.Instant;

/**
 * Reg F §1006.6(d)(5) text safe harbor (⚠ unconfirmed in RULES.md): a text goes only to a number the
 * borrower texted from within {@code inboundWithin}, or one a reassigned-numbers-database check found
 * not reassigned within {@code rndWithin}.
 */
public final class TextSafeHarborRule implements Rule {

    public static final String ID = "TEXT_SAFE_HARBOR";

    private final Duration inboundWithin;
    private final Duration rndWithin;

    public TextSafeHarborRule(Duration inboundWithin, Duration rndWithin) {
        this.inboundWithin = inboundWithin;
        this.rndWithin = rndWithin;
    }

    public Duration inboundWithin() {
        return inboundWithin;
    }

    public Duration rndWithin() {
        return rndWithin;
    }

    /** {@inheritDoc} */
    @Override
    public String looserThan(Rule parent) {
        TextSafeHarborRule p = (TextSafeHarborRule) parent;
        return inboundWithin().compareTo(p.inboundWithin()) > 0 || rndWithin().compareTo(p.rndWithin()) > 0
                ? "accepts older inbound texts or RND checks" : null;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
        if (context.request().channel() != Channel.SMS) {
            return OK;
        }
        ContactPointFacts point = context.point();
        if (recent(point.lastInboundTextAt(), inboundWithin, at) || recent(point.rndClearAt(), rndWithin, at)) {
            return OK;
        }
        return new Never("no text from this number within " + inboundWithin.toDays()
                + " days and no clean reassigned-number check within " + rndWithin.toDays() + " days");
    }

    private static boolean recent(Instant when, Duration within, Instant at) {
        return when != null && !when.isAfter(at) && when.isAfter(at.minus(within));
    }
}
