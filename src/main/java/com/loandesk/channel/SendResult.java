package com.loandesk.channel;

import java.time.Duration;

/** What a provider made of one send. A channel reports provider trouble as one of these, never as a failed future. */
public sealed interface SendResult
        permits SendResult.Accepted, SendResult.Rejected, SendResult.RetryLater, SendResult.Ambiguous, SendResult.NotStarted {

    /** The provider took it: {@code providerRef} is its message or call id. */
    record Accepted(String providerRef, String status) implements SendResult {
    }

    /**
     * The provider refused it for good; nothing was sent. {@code suppress} says whether the address is
     * opted out or invalid for this channel from now on.
     */
    record Rejected(String code, String reason, Suppression suppress) implements SendResult {
    }

    /** The provider answered that it did not process it (a 429, 30001): safe to send again after {@code after}. */
    record RetryLater(String code, String reason, Duration after) implements SendResult {
    }

    /**
     * Refused here, before any request left for the provider: a full bulkhead, an open breaker, no rate-limiter
     * permit in time, no budget for a retry. Not an attempt: the task is handed back, due again after
     * {@code after}, with its attempt count and the borrower's cap ledger as they were before its claim.
     */
    record NotStarted(String code, String reason, Duration after) implements SendResult {
    }

    /** The request may have been processed (a 5xx or a time-out after it was sent): reconcile, don't resend. */
    record Ambiguous(String reason) implements SendResult {
    }

    enum Suppression {
        NONE, OPTED_OUT, INVALID
    }
}
