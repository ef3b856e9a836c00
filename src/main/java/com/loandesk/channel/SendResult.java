package com.loandesk.channel;

import java.time.Duration;

/** What a provider made of one send. A channel reports provider trouble as one of these, never as a failed future. */
public sealed interface SendResult permits SendResult.Accepted, SendResult.Rejected, SendResult.RetryLater, SendResult.Ambiguous {

    /** The provider took it: {@code providerRef} is its message or call id. */
    record Accepted(String providerRef, String status) implements SendResult {
    }

    /**
     * The provider refused it for good; nothing was sent. {@code suppress} says whether the address is
     * opted out or invalid for this channel from now on.
     */
    record Rejected(String code, String reason, Suppression suppress) implements SendResult {
    }

    /** Not processed, safe to send again after {@code after} (rate limits, an open breaker). */
    record RetryLater(String code, String reason, Duration after) implements SendResult {
    }

    /** The request may have been processed (a 5xx or a time-out after it was sent): reconcile, don't resend. */
    record Ambiguous(String reason) implements SendResult {
    }

    enum Suppression {
        NONE, OPTED_OUT, INVALID
    }
}
