package com.loandesk.store;

import com.loandesk.rules.Channel;
import java.time.Instant;

/** A contact task to enqueue. */
public record NewTask(long caseId, long contactPointId, Channel channel, String template, Long waveId,
                      Instant dueAt, Instant notAfter, String createdBy) {
}
