package com.loandesk.dispatch;

import com.loandesk.channel.twilio.TwilioReconciler;
import com.loandesk.rules.Channel;
import com.loandesk.store.TaskStore;
import com.loandesk.store.TaskStore.UnknownTask;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles tasks left 'unknown' (a provider error or a crash after the request may have gone out) by
 * asking the provider what it has for that number since the send began: a match marks the task sent
 * with that reference; no record sends it back through the gate. Nothing is resent before the answer.
 * When the provider does not answer at all (a 5xx, a 429, no connection), the pass stops there and the
 * next pass starts over: an outage costs one list request per pass, not one per unknown task. Any other
 * failure concerns that task alone: it is logged and the pass goes on.
 */
public final class UnknownReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(UnknownReconciler.class);
    private static final int BATCH = 50;
    /** Twilio stamps creation with whole seconds, and clocks drift: look a little earlier. */
    private static final Duration SLACK = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final TaskStore store;
    private final TwilioReconciler provider;
    private final Clock clock;
    private final Duration grace;
    private final String actor;
    private boolean busy;

    public UnknownReconciler(Vertx vertx, TaskStore store, TwilioReconciler provider, Clock clock, Duration grace, String actor) {
        this.vertx = vertx;
        this.store = store;
        this.provider = provider;
        this.clock = clock;
        this.grace = grace;
        this.actor = actor;
    }

    public long schedule(Duration every) {
        return vertx.setPeriodic(every.toMillis(), id -> runOnce());
    }

    /** One pass; returns how many tasks were settled. */
    public Future<Integer> runOnce() {
        if (busy) {
            return Future.succeededFuture(0);
        }
        busy = true;
        Instant now = clock.instant();
        return store.unknownToReconcile(now.minus(grace), List.of(Channel.SMS, Channel.VOICE), BATCH)
                .compose(this::settleInTurn)
                .onFailure(e -> LOG.warn("reconciliation failed error={}", e.toString()))
                .eventually(() -> {
                    busy = false;
                    return Future.succeededFuture();
                });
    }

    private Future<Integer> settleInTurn(List<UnknownTask> tasks) {
        Future<Integer> chain = Future.succeededFuture(0);
        for (UnknownTask t : tasks) {
            chain = chain.compose(n -> settle(t).map(ok -> ok ? n + 1 : n));
        }
        return chain.onSuccess(n -> {
            if (n > 0) {
                LOG.info("reconciled unknown tasks settled={} candidates={}", n, tasks.size());
            }
        });
    }

    private Future<Boolean> settle(UnknownTask t) {
        return provider.findSent(t.channel(), t.to(), t.sendingAt().minus(SLACK))
                .compose(sids -> trySids(t, sids, 0), e -> {
                    if (e instanceof TwilioReconciler.ProviderUnavailable) {
                        return Future.failedFuture(new IllegalStateException(
                                "the provider did not answer for task=" + t.taskId() + ", pass stopped: " + e.getMessage(), e));
                    }
                    LOG.warn("cannot reconcile task={} error={}", t.taskId(), e.toString());
                    return Future.succeededFuture(false);
                });
    }

    /** Oldest first: the earliest send to that number not yet claimed by another task is this one's. */
    private Future<Boolean> trySids(UnknownTask t, List<String> newestFirst, int fromOldest) {
        if (newestFirst.isEmpty()) {
            return store.settleUnknown(t.taskId(), null, clock.instant(), actor);
        }
        if (fromOldest >= newestFirst.size()) {
            LOG.warn("every send found for task={} belongs to another task; left unknown for a person", t.taskId());
            return Future.succeededFuture(false);
        }
        String sid = newestFirst.get(newestFirst.size() - 1 - fromOldest);
        return store.settleUnknown(t.taskId(), sid, clock.instant(), actor)
                .compose(ok -> ok ? Future.succeededFuture(true) : trySids(t, newestFirst, fromOldest + 1));
    }
}
