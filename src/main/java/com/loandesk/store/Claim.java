package com.loandesk.store;

import com.loandesk.rules.Channel;

/** A task this dispatcher now holds a lease on, and the channel it will go through. */
public record Claim(long taskId, Channel channel) {
}
