package com.loandesk.store;

import com.loandesk.rules.Decision;

/** A task and what the gate decided of it, with the history detail that explains the decision. */
public record Gated(TaskRow task, Decision decision, String detailJson) {
}
