package com.loandesk.channel;

import com.loandesk.rules.Channel;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * A channel production has no provider for (e-mail without an SMTP relay): it accepts nothing, so the dispatcher never
 * claims its tasks and they stay pending, unsent and unspent, until a provider is configured. Nothing is faked: a
 * send handed to it anyway is refused before any request ({@link SendResult.NotStarted}, a free deferral).
 */
public final class UnconfiguredChannel implements ContactChannel {

    /** How long a send handed to it anyway waits before it is tried again. */
    private static final Duration RETRY_AFTER = Duration.ofMinutes(5);

    private final Channel channel;
    private final String missing;

    /** {@code channel}, whose provider needs {@code missing} (the environment variable to set). */
    public UnconfiguredChannel(Channel channel, String missing) {
        this.channel = channel;
        this.missing = missing;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public Future<SendResult> send(OutboundContact contact) {
        return Future.succeededFuture(new SendResult.NotStarted("NO_PROVIDER",
                "no provider is configured for " + channel.code() + " (" + missing + " is not set)", RETRY_AFTER));
    }

    @Override
    public int startable() {
        return 0;
    }

    @Override
    public boolean accepting() {
        return false;
    }
}
