package com.loandesk.reports;

import java.util.List;
import java.util.Map;

/**
 * The figures of one report (DOMAIN.md "How the desk is measured") for {@code period}, optionally narrowed to one
 * {@code channel} and/or {@code jurisdiction} (null: all).
 *
 * @param contacts           outbound contacts (ledger rows) in the period
 * @param borrowersContacted distinct borrowers among them
 * @param byChannel          the same per channel, with its outcomes
 * @param blockedByRule      blocked attempts by rule id, most first
 * @param deferredByRule     deferrals by rule id, most first
 */
public record Report(ReportPeriod period, String channel, String jurisdiction, long contacts, long borrowersContacted,
                     List<ChannelFigures> byChannel, Map<String, Long> blockedByRule, Map<String, Long> deferredByRule,
                     FirstContact firstContact, Complaints complaints) {

    /**
     * One channel's contacts: delivered for messages; for calls, connected (answered by anyone), answered by a person and
     * conversations.
     */
    public record ChannelFigures(String channel, long contacts, long borrowers, long awaitingStatus, long delivered,
                                 long connected, long answeredByPerson, long conversations) {
        public boolean isCall() {
            return channel.equals("voice");
        }
    }

    /**
     * Time to first contact of the cases that became overdue in the period (their first outbound contact at or after
     * that, up to now): how many, how many were contacted, within 48 hours, and the median and 90th percentile in
     * seconds (null when none was contacted).
     */
    public record FirstContact(long casesBecameOverdue, long contacted, long within48Hours, Double medianSeconds,
                               Double p90Seconds) {
    }

    /** Complaints (holds of that kind) opened in the period, cleared within 24 hours, and still open. */
    public record Complaints(long opened, long clearedWithin24Hours, long stillOpen) {
    }
}
