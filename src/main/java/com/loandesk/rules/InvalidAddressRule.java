package com.loandesk.rules;

import java.time.Instant;

/** A number or address known to be invalid for the channel (e.g. Twilio 21211, 21614, a bounce). */
public final class InvalidAddressRule implements Rule {

    public static final String ID = "INVALID_ADDRESS";

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
        Channel channel = context.request().channel();
        return context.point().invalidFor().contains(channel)
                ? new Never("the contact point is invalid for " + channel.code())
                : OK;
    }
}
