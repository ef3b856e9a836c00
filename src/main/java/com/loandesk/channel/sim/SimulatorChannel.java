package com.loandesk.channel.sim;

import com.loandesk.channel.ContactChannel;
import com.loandesk.channel.OutboundContact;
import com.loandesk.channel.SendResult;
import com.loandesk.rules.Channel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A provider that is not there: it accepts every contact after a fixed latency and returns a made-up
 * reference. For the embedded default and for benchmarks of the pipeline itself. Its concurrency
 * limit is the dispatcher's {@code maxInFlight}: the simulator answers every request it is given.
 */
public final class SimulatorChannel implements ContactChannel {

    private final Vertx vertx;
    private final Channel channel;
    private final long latencyMs;
    private final AtomicLong sequence = new AtomicLong();

    public SimulatorChannel(Vertx vertx, Channel channel, Duration latency) {
        this.vertx = vertx;
        this.channel = channel;
        this.latencyMs = latency.toMillis();
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public Future<SendResult> send(OutboundContact contact) {
        SendResult accepted = new SendResult.Accepted(
                "SIM" + channel.code().toUpperCase() + Long.toHexString(sequence.incrementAndGet()), "accepted");
        if (latencyMs == 0) {
            return Future.succeededFuture(accepted);
        }
        return vertx.timer(latencyMs).map(accepted);
    }
}
