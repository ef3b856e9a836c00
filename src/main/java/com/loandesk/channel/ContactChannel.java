package com.loandesk.channel;

import com.loandesk.rules.Channel;
import io.vertx.core.Future;

/** A way out to a provider: SMS, voice or e-mail. Implementations never block the calling event loop. */
public interface ContactChannel {

    Channel channel();

    /** Sends one contact; provider trouble comes back as a {@link SendResult}, not a failed future. */
    Future<SendResult> send(OutboundContact contact);

    /** How many sends this channel takes at once (its bulkhead, not its rate); the dispatcher never hands it more. */
    default int maxInFlight() {
        return Integer.MAX_VALUE;
    }

    /**
     * How many more sends this channel can start now without refusing one for its rate: what its rate limiter grants
     * within its longest wait. The dispatcher claims for it no more than this beyond the sends it already holds.
     */
    default int startable() {
        return Integer.MAX_VALUE;
    }

    /** False while the provider is known to be refusing work (an open circuit breaker). */
    default boolean accepting() {
        return true;
    }
}
