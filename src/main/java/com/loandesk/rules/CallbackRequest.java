package com.loandesk.rules;

import java.time.Instant;
import java.util.Objects;

/**
 * A call-back the borrower asked for: one voice call in [from, until) may go even outside the quiet
 * window. The first outbound voice contact in that interval uses it up.
 */
public record CallbackRequest(Instant from, Instant until) {

    public CallbackRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        if (!from.isBefore(until)) {
            throw new IllegalArgumentException("call-back from " + from + " must be before its until " + until);
        }
    }

    public boolean contains(Instant at) {
        return !at.isBefore(from) && at.isBefore(until);
    }
}
