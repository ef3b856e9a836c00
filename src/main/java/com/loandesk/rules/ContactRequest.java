package com.loandesk.rules;

import java.time.Instant;

/**
 * The contact a task proposes: who, through what, with which template, until when, and within which
 * local hours of its own (a wave's window, e.g. 09:00-12:00 the borrower's time), if any.
 */
public record ContactRequest(
        long taskId,
        long caseId,
        long borrowerId,
        long contactPointId,
        Channel channel,
        String template,
        Instant notAfter,
        LocalWindow window) {

    /** A contact with no window of its own. */
    public ContactRequest(long taskId, long caseId, long borrowerId, long contactPointId, Channel channel,
                          String template, Instant notAfter) {
        this(taskId, caseId, borrowerId, contactPointId, channel, template, notAfter, null);
    }
}
