package com.loandesk.dispatch;

import com.loandesk.channel.Channels;
import com.loandesk.channel.OutboundContact;
import com.loandesk.channel.SendResult;
import com.loandesk.config.DispatchConfig;
import com.loandesk.rules.ContactGate;
import com.loandesk.rules.Decision;
import com.loandesk.store.Completion;
import com.loandesk.store.Gated;
import com.loandesk.store.TaskRow;
import com.loandesk.store.TaskStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim loop of one dispatcher. Three stages, each batched, run on one event loop:
 * <ol>
 *   <li>claim due tasks with a lease, ahead of need, up to {@code prefetch};</li>
 *   <li>gate a batch under its borrowers' locks: allowed tasks are marked 'sending' (with their cap
 *       ledger rows) durably before any provider is called; the rest are deferred or blocked;</li>
 *   <li>send, at most {@code maxInFlight} at once, and hand each answer to the {@link CompletionWriter}.</li>
 * </ol>
 * A heart-beat extends this dispatcher's leases; a recovery pass returns other dispatchers' expired
 * claims to the queue and turns their expired sends 'unknown'.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int MAX_GATING_BATCHES = 2;

    private final Vertx vertx;
    private final TaskStore store;
    private final ContactGate gate;
    private final ContextBuilder contexts;
    private final Channels channels;
    private final DispatchConfig config;
    private final Clock clock;
    private final String owner;
    private final DispatchStats stats = new DispatchStats();
    private final CompletionWriter completions;
    private final ArrayDeque<Long> claimed = new ArrayDeque<>();
    private final ArrayDeque<Gated> ready = new ArrayDeque<>();
    private final Map<Long, Long> claimedAtNanos = new HashMap<>();
    private LongConsumer latencySink = nanos -> { };

    private boolean running;
    private boolean pumping;
    private boolean pumpAgain;
    private boolean claiming;
    private boolean exhausted;
    private int gatingBatches;
    private int gatingTasks;
    private int inFlight;
    private final List<Long> timers = new ArrayList<>();
    private Promise<Void> idle;

    public Dispatcher(Vertx vertx, TaskStore store, ContactGate gate, ContextBuilder contexts, Channels channels,
                      DispatchConfig config, Clock clock, String owner) {
        this.vertx = vertx;
        this.store = store;
        this.gate = gate;
        this.contexts = contexts;
        this.channels = channels;
        this.config = config;
        this.clock = clock;
        this.owner = owner;
        this.completions = new CompletionWriter(vertx, store, owner, clock, config.completionBatch(),
                config.completionFlush().toMillis(), this::written);
    }

    public String owner() {
        return owner;
    }

    public DispatchStats stats() {
        return stats;
    }

    /** Receives, for each answered task, the nanoseconds from its claim to its outcome being durable. */
    public Dispatcher latencySink(LongConsumer sink) {
        this.latencySink = sink;
        return this;
    }

    /** Starts the loop on the calling context. */
    public void start() {
        running = true;
        timers.add(vertx.setPeriodic(config.pollInterval().toMillis(), id -> {
            exhausted = false;
            pump();
        }));
        long beat = Math.max(1000, config.lease().toMillis() / 3);
        timers.add(vertx.setPeriodic(beat, id -> heartbeat()));
        timers.add(vertx.setPeriodic(config.recoveryInterval().toMillis(), id -> recover()));
        recover();
        pump();
    }

    /** Wakes the loop now (new work was enqueued). */
    public void wake() {
        exhausted = false;
        pump();
    }

    /**
     * Stops claiming and gating, finishes the sends already marked 'sending', writes their outcomes,
     * and returns the claims it had not gated to the queue.
     */
    public Future<Void> stop() {
        running = false;
        timers.forEach(vertx::cancelTimer);
        timers.clear();
        idle = Promise.promise();
        Future<Void> drained = idle.future();
        pump();
        return drained
                .compose(v -> completions.drain())
                .compose(v -> store.releaseClaims(owner, clock.instant()))
                .onSuccess(n -> LOG.info("dispatcher stopped owner={} released={}", owner, n))
                .mapEmpty();
    }

    /**
     * Moves work along. Not re-entrant: a provider that answers synchronously calls back into pump()
     * from inside the send loop, which only asks for one more pass instead of recursing.
     */
    private void pump() {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        pumping = true;
        try {
            do {
                pumpAgain = false;
                pumpOnce();
            } while (pumpAgain);
        } finally {
            pumping = false;
        }
    }

    private void pumpOnce() {
        if (running && !claiming && !exhausted && pipelineSize() < config.prefetch()) {
            claim();
        }
        while (running && gatingBatches < MAX_GATING_BATCHES && !claimed.isEmpty()
                && ready.size() + inFlight + gatingTasks < config.maxInFlight() + config.batchSize()) {
            gateNext();
        }
        while (inFlight < config.maxInFlight() && !ready.isEmpty()) {
            send(ready.poll());
        }
        if (!running && idle != null && !claiming && gatingBatches == 0 && inFlight == 0 && ready.isEmpty()) {
            Promise<Void> p = idle;
            idle = null;
            claimed.clear();
            p.complete();
        }
    }

    private int pipelineSize() {
        return claimed.size() + gatingTasks + ready.size() + inFlight;
    }

    private void claim() {
        claiming = true;
        int limit = Math.min(config.batchSize(), config.prefetch() - pipelineSize());
        Instant now = clock.instant();
        store.claimDue(owner, now, limit, now.plus(config.lease())).onComplete(ar -> {
            claiming = false;
            if (ar.succeeded()) {
                List<Long> ids = ar.result();
                long t = System.nanoTime();
                for (Long id : ids) {
                    claimedAtNanos.put(id, t);
                }
                claimed.addAll(ids);
                stats.claimed.add(ids.size());
                exhausted = ids.size() < limit;
            } else {
                LOG.warn("claim failed owner={} error={}", owner, ar.cause().toString());
                exhausted = true;
            }
            pump();
        });
    }

    private void gateNext() {
        List<Long> batch = new ArrayList<>(Math.min(config.batchSize(), claimed.size()));
        while (batch.size() < config.batchSize() && !claimed.isEmpty()) {
            batch.add(claimed.poll());
        }
        gatingBatches++;
        gatingTasks += batch.size();
        Instant now = clock.instant();
        BatchGate judge = new BatchGate(gate, contexts, now);
        store.gate(batch, owner, now, now.minus(config.historyLookback()), judge).onComplete(ar -> {
            gatingBatches--;
            gatingTasks -= batch.size();
            if (ar.succeeded()) {
                accept(batch, ar.result());
            } else {
                LOG.warn("gate failed owner={} batch={} error={}", owner, batch.size(), ar.cause().toString());
                // nothing was written: the tasks are still ours and 'claimed'; try them again shortly
                vertx.setTimer(500, id -> {
                    if (running) {
                        claimed.addAll(batch);
                    }
                    pump();
                });
            }
            pump();
        });
    }

    private void accept(List<Long> batch, List<Gated> gated) {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (Gated g : gated) {
            seen.add(g.task().taskId());
            if (g.decision() instanceof Decision.Allow) {
                stats.allowed.increment();
                ready.add(g);
            } else {
                claimedAtNanos.remove(g.task().taskId());
                if (g.decision() instanceof Decision.Defer) {
                    stats.deferred.increment();
                } else {
                    stats.blocked.increment();
                }
            }
        }
        for (Long id : batch) {
            if (!seen.contains(id)) {
                claimedAtNanos.remove(id); // no longer ours: its lease was recovered by someone else
            }
        }
    }

    private void send(Gated g) {
        inFlight++;
        TaskRow t = g.task();
        int attempt = t.attempts() + 1;
        OutboundContact contact = new OutboundContact(t.taskId(), t.caseId(), attempt, t.channel(), t.address(),
                t.template(), t.locale(), null, null);
        Future<SendResult> result;
        try {
            result = channels.of(t.channel()).send(contact);
        } catch (RuntimeException e) {
            result = Future.succeededFuture(new SendResult.RetryLater("NO_CHANNEL", e.getMessage(), null));
        }
        result.otherwise(e -> new SendResult.Ambiguous("channel error: " + e))
                .onComplete(ar -> {
                    inFlight--;
                    Completion c = Outcomes.of(t.taskId(), attempt, ar.result(), clock.instant(),
                            config.maxAttempts(), config.retryBase());
                    completions.add(c);
                    pump();
                });
    }

    private void written(List<Completion> batch) {
        long now = System.nanoTime();
        for (Completion c : batch) {
            switch (c.state()) {
                case "sent" -> stats.sent.increment();
                case "failed" -> stats.failed.increment();
                case "deferred" -> stats.retried.increment();
                default -> stats.unknown.increment();
            }
            Long at = claimedAtNanos.remove(c.taskId());
            if (at != null) {
                latencySink.accept(now - at);
            }
        }
    }

    private void heartbeat() {
        Instant now = clock.instant();
        store.extendLeases(owner, now.plus(config.lease()))
                .onFailure(e -> LOG.warn("lease heart-beat failed owner={} error={}", owner, e.toString()));
    }

    private void recover() {
        store.recoverExpiredLeases(clock.instant(), owner).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("lease recovery failed owner={} error={}", owner, ar.cause().toString());
            } else if (ar.result().claims() + ar.result().sends() > 0) {
                LOG.warn("recovered expired leases claims={} sendsTurnedUnknown={}", ar.result().claims(), ar.result().sends());
                exhausted = false;
                pump();
            }
        });
    }
}
