package com.loandesk.rules;

import java.time.Instant;

/** Reg F §1006.14(h): "stop calling" / "stop texting" bars that medium to that number or address. */
public final class OptedOutRule implements Rule {

    public static final String ID = "OPTED_OUT";

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
        return context.point().optedOut().contains(channel)
                ? new Never("the contact point opted out of " + channel.code())
                : OK;
    }
}
