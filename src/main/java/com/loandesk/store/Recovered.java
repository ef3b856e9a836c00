package com.loandesk.store;

/** What one lease-recovery pass found: claims put back in the queue, sends turned unknown. */
public record Recovered(int claims, int sends) {
}
