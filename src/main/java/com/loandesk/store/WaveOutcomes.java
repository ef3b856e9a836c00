package com.loandesk.store;

/** What wave changes answer. */
public final class WaveOutcomes {

    private WaveOutcomes() {
    }

    /** A wave created: its members, the cases skipped as busy, and the members fed at once. */
    public record Created(long waveId, long enqueued, long skipped, int fed) {
    }

    /** What creating a wave would enqueue and skip now. */
    public record Preview(long enqueued, long skipped) {
    }

    /** A wave paused, resumed or cancelled; a cancel also says the tasks it blocked and the members left unfed. */
    public record Changed(long waveId, String state, Long blocked, Long unfed) {
    }
}
