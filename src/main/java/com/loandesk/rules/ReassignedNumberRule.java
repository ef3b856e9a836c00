package com.loandesk.rules;

import java.time.Instant;

/**
 * A number the reassigned-numbers database reported permanently disconnected since the borrower gave it may
 * belong to someone else: no call and no text goes to it until consent evidence dated after that check
 * arrives. Every gate applies this rule, whatever its policy says, as it does {@link InvalidNumberRule}.
 */
public final class ReassignedNumberRule implements Rule {

    public static final String ID = "REASSIGNED_NUMBER";
    static final ReassignedNumberRule INSTANCE = new ReassignedNumberRule();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
        Channel channel = context.request().channel();
        if (channel == Channel.EMAIL || context.point() == null) {
            return OK;
        }
        Instant reassignedAt = context.point().reassignedAt();
        if (reassignedAt == null) {
            return OK;
        }
        Instant consent = context.point().consentEvidenceAt();
        return new Never("the reassigned-numbers check of " + reassignedAt + " found this number reassigned; no consent"
                + " evidence dated after it (" + (consent == null ? "none" : "newest given " + consent) + ")");
    }
}
