package com.loandesk.store;

import java.time.Instant;

/**
 * What became of one send.
 *
 * @param attempt     the task's attempt number this answer is for
 * @param state       sent, failed, deferred (retry at {@code retryAt}) or unknown
 * @param suppress    OPTED_OUT or INVALID when the provider said the address must not be used again
 *                    on this channel, else null
 * @param contactMade false when the contact surely never left (rejected, or to be retried): it then
 *                    stops counting against the borrower's caps
 * @param attemptSpent false when no request left for the provider (a local refusal: a full bulkhead, an open
 *                    breaker, no rate-limiter permit or retry budget in time): the claim's attempt is given back,
 *                    so the task's {@code attempts} counts only sends that may have reached the provider
 */
public record Completion(long taskId, int attempt, String state, String providerRef, String error, Instant retryAt,
                         boolean contactMade, String detailJson, String suppress, boolean attemptSpent) {

    /** An answer to a request that may have reached the provider: the attempt stays spent. */
    public Completion(long taskId, int attempt, String state, String providerRef, String error, Instant retryAt,
                      boolean contactMade, String detailJson, String suppress) {
        this(taskId, attempt, state, providerRef, error, retryAt, contactMade, detailJson, suppress, true);
    }
}
