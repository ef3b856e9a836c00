package com.loandesk.rules;

import java.time.Instant;

/**
 * A contact already made (or committed to: its task was marked sending) with a borrower, on any of
 * their cases. {@code connected} is null until the provider reports.
 */
public record PastContact(
        Instant at,
        Channel channel,
        long caseId,
        long contactPointId,
        Boolean connected,
        boolean conversation,
        int durationSeconds) {
}
