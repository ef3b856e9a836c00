package com.loandesk.rules;

import com.loandesk.rules.PastContact.Outcome;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which past contacts a cap counts. Inbound contacts never count. A pending outcome always counts:
 * until the provider reports, a contact is assumed to be whatever the cap counts.
 */
public enum Counting {
    /** Every outbound contact, even one that never reached the number. The strictest reading. */
    ATTEMPTS(EnumSet.allOf(Outcome.class)),
    /** Reg F §1006.14(b)(3)(ii): placed calls; a call that never connected to the number is not counted. */
    PLACED_CALLS(EnumSet.complementOf(EnumSet.of(Outcome.NOT_CONNECTED))),
    /**
     * Massachusetts: communications. A voicemail, a text, an answered call, and a machine where the
     * collector chose not to leave a message count; a ring-out where no message could be left does not.
     */
    COMMUNICATIONS(EnumSet.of(Outcome.PENDING, Outcome.MACHINE_NO_MESSAGE, Outcome.VOICEMAIL_LEFT,
            Outcome.ANSWERED, Outcome.DELIVERED)),
    /** China: effective (connected) calls, answered by a person. */
    CONNECTED(EnumSet.of(Outcome.PENDING, Outcome.ANSWERED)),
    /** China: dial attempts nobody answered, voicemails included. */
    UNANSWERED(EnumSet.of(Outcome.PENDING, Outcome.NOT_CONNECTED, Outcome.NO_ANSWER,
            Outcome.MACHINE_NO_MESSAGE, Outcome.VOICEMAIL_LEFT));

    private final Set<Outcome> counted;

    Counting(Set<Outcome> counted) {
        this.counted = counted;
    }

    public boolean counts(PastContact c) {
        return !c.inbound() && counted.contains(c.outcome());
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
