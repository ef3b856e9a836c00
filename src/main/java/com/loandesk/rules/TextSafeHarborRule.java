package com.loandesk.rules;

import java.time.Duration;
import java.time.Instant;

/**
 * Reg F §1006.6(d)(5) text safe harbor (⚠ unconfirmed in RULES.md): a text goes only to a number the
 * borrower texted from within {@code inboundWithin}, whose consent evidence was given within
 * {@code consentWithin}, or that a reassigned-numbers-database check found not reassigned within
 * {@code rndWithin}. Nothing dated at or before a check that found the number reassigned counts (the number
 * may be someone else's since). A refusal names each fact: missing, or stale and how old.
 */
public final class TextSafeHarborRule implements Rule {

    public static final String ID = "TEXT_SAFE_HARBOR";

    private final Duration inboundWithin;
    private final Duration rndWithin;
    private final Duration consentWithin;

    public TextSafeHarborRule(Duration inboundWithin, Duration rndWithin, Duration consentWithin) {
        this.inboundWithin = inboundWithin;
        this.rndWithin = rndWithin;
        this.consentWithin = consentWithin;
    }

    /** Consent evidence counts as long as an inbound text does. */
    public TextSafeHarborRule(Duration inboundWithin, Duration rndWithin) {
        this(inboundWithin, rndWithin, inboundWithin);
    }

    public Duration inboundWithin() {
        return inboundWithin;
    }

    public Duration rndWithin() {
        return rndWithin;
    }

    public Duration consentWithin() {
        return consentWithin;
    }

    /** {@inheritDoc} */
    @Override
    public String looserThan(Rule parent) {
        TextSafeHarborRule p = (TextSafeHarborRule) parent;
        return inboundWithin().compareTo(p.inboundWithin()) > 0 || rndWithin().compareTo(p.rndWithin()) > 0
                || consentWithin().compareTo(p.consentWithin()) > 0
                ? "accepts older inbound texts, consent evidence or RND checks" : null;
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
        RndCheck check = point.lastRndCheck();
        Instant floor = check != null && check.result() == RndResult.REASSIGNED ? check.checkedAt() : null;
        if (recent(point.lastInboundTextAt(), inboundWithin, at, floor)
                || recent(point.consentEvidenceAt(), consentWithin, at, floor)
                || recent(point.rndClearAt(), rndWithin, at, null)) {
            return OK;
        }
        return new Never("no text from this number within " + inboundWithin.toDays() + " days ("
                + describe(point.lastInboundTextAt(), "last", at, floor) + "), no consent evidence within "
                + consentWithin.toDays() + " days (" + describe(point.consentEvidenceAt(), "newest given", at, floor)
                + ") and no reassigned-numbers check finding it not reassigned within " + rndWithin.toDays() + " days ("
                + (check == null ? "never checked" : "last check " + check.checkedAt() + ": " + check.result().code()
                        + (check.result() == RndResult.NOT_REASSIGNED ? ", stale" : "")) + ")");
    }

    private static boolean recent(Instant when, Duration within, Instant at, Instant floor) {
        return when != null && !when.isAfter(at) && when.isAfter(at.minus(within)) && (floor == null || when.isAfter(floor));
    }

    private static String describe(Instant when, String label, Instant at, Instant floor) {
        if (when == null) {
            return "none";
        }
        if (floor != null && !when.isAfter(floor)) {
            return label + " " + when + ", before the check that found the number reassigned";
        }
        return when.isAfter(at) ? label + " " + when + ", in the future" : label + " " + when + ", stale";
    }
}
