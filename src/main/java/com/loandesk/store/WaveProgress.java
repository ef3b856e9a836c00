package com.loandesk.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A wave and where it stands: its tasks by state, its blocked and deferred tasks by rule (and when each rule's
 * deferred are due again), its members not fed yet, its contacts from the ledger, its events, and its newest samples.
 *
 * @param queued members still to be made into tasks (0 once cancelled: they never will be)
 * @param unfed  members a cancel left unfed
 */
public record WaveProgress(Wave wave, long tasks, long queued, long unfed, Map<String, Long> byState,
                           Map<String, Long> blockedByRule, Map<String, Long> deferredByRule, Map<String, Instant> deferredNext,
                           long contacts, Instant firstContactAt, Instant lastContactAt, List<Event> events,
                           List<Sample> samples) {

    /** A wave_event row: created, paused, resumed, cancelled… with its detail as stored (JSON text, or null). */
    public record Event(Instant at, String actor, String event, String detail) {
    }

    /** A wave in the list, with its latest sample (null before the first). */
    public record Listed(Wave wave, Sample latest) {
    }

    /** The wave's tasks by state at one moment (with queued and open), as the service sampled them. */
    public record Sample(Instant at, Map<String, Long> counts) {
    }
}
