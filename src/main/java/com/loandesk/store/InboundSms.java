package com.loandesk.store;

import java.time.Instant;

/**
 * An SMS a borrower (or anybody) sent to one of our numbers.
 *
 * @param optOutType what Twilio's Advanced Opt-Out made of it (STOP, START, HELP), or null when it is off
 *                   or the message matched none of its keywords
 */
public record InboundSms(String messageSid, String from, String to, String body, String optOutType, Instant at) {

    /** Whether Twilio's Advanced Opt-Out classified the message, and so has answered it itself. */
    public boolean answeredByTwilio() {
        return optOutType != null && !optOutType.isBlank();
    }
}
