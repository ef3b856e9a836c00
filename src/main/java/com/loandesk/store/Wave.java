package com.loandesk.store;

import java.time.Instant;
import java.time.LocalTime;

/**
 * A reminder wave as stored: what it selects, when and how fast it goes, and its members' counts.
 *
 * @param selection   the cases it reaches (limit unused: 0)
 * @param windowStart the borrower-local window's start, or null (with windowEnd) for none
 * @param enqueued    members (cases) it took; skipped: cases busy in another wave; fed: members made into tasks so far
 */
public record Wave(long id, String name, String state, WaveSelection selection, LocalTime windowStart, LocalTime windowEnd,
                   Integer ratePerMinute, Instant notAfter, Instant startsAt, long enqueued, long skipped, long fed,
                   String createdBy, Instant createdAt, Instant updatedAt) {

    /** Whether a wave in this state may still feed members and send: running or paused. */
    public boolean open() {
        return "running".equals(state) || "paused".equals(state);
    }
}
