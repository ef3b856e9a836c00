package com.loandesk.rules;

import java.time.Instant;

/** The contact a task proposes: who, through what, with which template, until when. */
public record ContactRequest(
        long taskId,
        long caseId,
        long borrowerId,
        long contactPointId,
        Channel channel,
        String template,
        Instant notAfter) {
}
