package com.loandesk.store;

import java.time.Instant;
import java.time.LocalTime;

/**
 * A reminder wave as the scheduler asks for it: a name, the selection (channel, template and segment; its
 * limit is ignored, a wave takes every matching case), the borrower's local window the wave is meant for,
 * an optional rate, when its first contacts may start (null: at once) and when its tasks expire. Window and rate are stored with the wave; the dispatcher's
 * rules decide the hours a contact may go out.
 */
public record WaveSpec(String name, WaveSelection selection, LocalTime windowStart, LocalTime windowEnd,
                       Instant notAfter, Integer ratePerMinute, Instant startsAt) {

    /** As above, starting at once. */
    public WaveSpec(String name, WaveSelection selection, LocalTime windowStart, LocalTime windowEnd,
                    Instant notAfter, Integer ratePerMinute) {
        this(name, selection, windowStart, windowEnd, notAfter, ratePerMinute, null);
    }
}
