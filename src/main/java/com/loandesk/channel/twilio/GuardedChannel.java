package com.loandesk.channel.twilio;

import com.loandesk.channel.ContactChannel;

/**
 * A Twilio channel behind its {@link SendGuard}: the dispatcher never hands it more sends than the
 * bulkhead takes nor claims for it more than its rate limiter lets start within its wait, sees it as not
 * accepting while the breaker is open, and hands it one send at a time while the breaker is half-open (the
 * trial call), so an outage does not burn tasks' attempts.
 */
abstract class GuardedChannel implements ContactChannel {

    final SendGuard guard;

    GuardedChannel(SendGuard guard) {
        this.guard = guard;
    }

    @Override
    public boolean accepting() {
        return guard.accepting();
    }

    @Override
    public int maxInFlight() {
        return guard.halfOpen() ? 1 : guard.bulkhead().getBulkheadConfig().getMaxConcurrentCalls();
    }

    @Override
    public int startable() {
        return guard.startable();
    }

    SendGuard guard() {
        return guard;
    }
}
