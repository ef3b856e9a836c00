package com.loandesk.channel.twilio;

import com.loandesk.channel.ContactChannel;

/**
 * A Twilio channel behind its {@link SendGuard}: the dispatcher never hands it more sends than the
 * bulkhead takes, and sees it as not accepting while the breaker is open.
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
        return guard.bulkhead().getBulkheadConfig().getMaxConcurrentCalls();
    }

    SendGuard guard() {
        return guard;
    }
}
