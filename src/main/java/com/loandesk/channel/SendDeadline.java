package com.loandesk.channel;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A send bounded by a deadline: a Vert.x timer races the send, and whichever comes first is the one answer. When the
 * timer wins, the send is {@link SendResult.Ambiguous} (the provider may have taken it, so it becomes 'unknown',
 * never resent blindly); the late answer is then only logged and handed to {@code late}, never written a second time.
 */
public final class SendDeadline {

    private static final Logger LOG = LoggerFactory.getLogger(SendDeadline.class);

    private SendDeadline() {
    }

    /** {@code send}, or an {@code Ambiguous} answer once {@code deadline} has passed without one. */
    public static Future<SendResult> bound(Vertx vertx, Future<SendResult> send, Duration deadline, String what) {
        return bound(vertx, send, deadline, what, late -> { });
    }

    public static Future<SendResult> bound(Vertx vertx, Future<SendResult> send, Duration deadline, String what,
                                           Consumer<SendResult> late) {
        if (send.isComplete()) {
            return send;
        }
        Promise<SendResult> first = Promise.promise();
        long timer = vertx.setTimer(Math.max(1, deadline.toMillis()), id -> {
            if (first.tryComplete(new SendResult.Ambiguous("no answer within " + deadline.toMillis() + " ms (" + what
                    + "); the provider may have the contact"))) {
                LOG.warn("send deadline passed what={} deadlineMs={}", what, deadline.toMillis());
            }
        });
        send.onComplete(ar -> {
            vertx.cancelTimer(timer);
            SendResult r = ar.succeeded() ? ar.result() : new SendResult.Ambiguous("channel error: " + ar.cause());
            if (!first.tryComplete(r)) {
                LOG.warn("late answer after the send deadline, not written what={} result={}", what, r.getClass().getSimpleName());
                late.accept(r);
            }
        });
        return first.future();
    }
}
