package com.loandesk.dispatch;

import com.loandesk.channel.Channels;
import com.loandesk.channel.ContactChannel;
import com.loandesk.channel.OutboundContact;
import com.loandesk.channel.SendResult;
import com.loandesk.config.DispatchConfig;
import com.loandesk.rules.Channel;
import com.loandesk.rules.ContactGate;
import com.loandesk.rules.Decision;
import com.loandesk.store.Claim;
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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim loop of one dispatcher. Three stages, each batched, all on one event loop:
 * <ol>
 *   <li>claim due tasks with a lease, ahead of need, up to {@code prefetch};</li>
 *   <li>per channel, when the channel has room, gate a batch under its borrowers' locks: allowed
 *       tasks are marked 'sending' (with their cap ledger rows) durably before any provider is
 *       called; the rest are deferred or blocked;</li>
 *   <li>send, never more at once than {@code maxInFlight} overall or the channel's own limit, and hand
 *       each answer to the {@link CompletionWriter}.</li>
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
    private final Map<Channel, ArrayDeque<Long>> claimed = new EnumMap<>(Channel.class);
    private final Map<Channel, ArrayDeque<Gated>> ready = new EnumMap<>(Channel.class);
    private final Map<Channel, int[]> gating = new EnumMap<>(Channel.class);
    private final Map<Channel, int[]> sending = new EnumMap<>(Channel.class);
    private final Map<Long, Long> claimedAtNanos = new HashMap<>();
    private final List<Long> timers = new ArrayList<>();
    private LongConsumer latencySink = nanos -> { };

    private boolean running;
    private boolean pumping;
    private boolean pumpAgain;
    private boolean claiming;
    private boolean exhausted;
    private int gatingBatches;
    private int held;
    private int inFlight;
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
        for (Channel c : Channel.values()) {
            claimed.put(c, new ArrayDeque<>());
            ready.put(c, new ArrayDeque<>());
            gating.put(c, new int[1]);
            sending.put(c, new int[1]);
        }
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
        if (running && !claiming && !exhausted && held < config.prefetch()) {
            claim();
        }
        for (Channel c : Channel.values()) {
            int room = capacity(c);
            ArrayDeque<Long> waiting = claimed.get(c);
            while (running && gatingBatches < MAX_GATING_BATCHES && !waiting.isEmpty()
                    && ready.get(c).size() + gating.get(c)[0] < room) {
                gateNext(c, Math.min(config.batchSize(), room));
            }
            ArrayDeque<Gated> queue = ready.get(c);
            while (inFlight < config.maxInFlight() && sending.get(c)[0] < room && !queue.isEmpty()) {
                send(queue.poll());
            }
        }
        if (!running && idle != null && !claiming && gatingBatches == 0 && inFlight == 0 && readyCount() == 0) {
            Promise<Void> p = idle;
            idle = null;
            claimed.values().forEach(ArrayDeque::clear);
            p.complete();
        }
    }

    private int capacity(Channel c) {
        try {
            return Math.max(1, Math.min(config.maxInFlight(), channels.of(c).maxInFlight()));
        } catch (IllegalStateException noChannel) {
            return config.maxInFlight();
        }
    }

    private int readyCount() {
        int n = 0;
        for (ArrayDeque<Gated> q : ready.values()) {
            n += q.size();
        }
        return n;
    }

    private void claim() {
        claiming = true;
        int limit = Math.min(config.batchSize(), config.prefetch() - held);
        Instant now = clock.instant();
        store.claimDue(owner, now, limit, now.plus(config.lease())).onComplete(ar -> {
            claiming = false;
            if (ar.succeeded()) {
                long t = System.nanoTime();
                for (Claim c : ar.result()) {
                    claimedAtNanos.put(c.taskId(), t);
                    claimed.get(c.channel()).add(c.taskId());
                }
                held += ar.result().size();
                stats.claimed.add(ar.result().size());
                exhausted = ar.result().size() < limit;
            } else {
                LOG.warn("claim failed owner={} error={}", owner, ar.cause().toString());
                exhausted = true;
            }
            pump();
        });
    }

    private void gateNext(Channel channel, int size) {
        ArrayDeque<Long> waiting = claimed.get(channel);
        List<Long> batch = new ArrayList<>(Math.min(size, waiting.size()));
        while (batch.size() < size && !waiting.isEmpty()) {
            batch.add(waiting.poll());
        }
        gatingBatches++;
        gating.get(channel)[0] += batch.size();
        Instant now = clock.instant();
        BatchGate judge = new BatchGate(gate, contexts, now);
        store.gate(batch, owner, now, now.minus(config.historyLookback()), judge).onComplete(ar -> {
            gatingBatches--;
            gating.get(channel)[0] -= batch.size();
            if (ar.succeeded()) {
                accept(batch, ar.result());
            } else {
                LOG.warn("gate failed owner={} batch={} error={}", owner, batch.size(), ar.cause().toString());
                // the transaction rolled back: the tasks are still ours and 'claimed'; try them again shortly
                vertx.setTimer(500, id -> {
                    if (running) {
                        claimed.get(channel).addAll(batch);
                    } else {
                        held -= batch.size();
                    }
                    pump();
                });
            }
            pump();
        });
    }

    private void accept(List<Long> batch, List<Gated> gated) {
        Set<Long> seen = new HashSet<>();
        for (Gated g : gated) {
            seen.add(g.task().taskId());
            if (g.decision() instanceof Decision.Allow) {
                stats.allowed.increment();
                ready.get(g.task().channel()).add(g);
            } else {
                held--;
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
                held--; // no longer ours: its lease was recovered by someone else
                claimedAtNanos.remove(id);
            }
        }
    }

    private void send(Gated g) {
        TaskRow t = g.task();
        Channel channel = t.channel();
        inFlight++;
        sending.get(channel)[0]++;
        int attempt = t.attempts() + 1;
        OutboundContact contact = new OutboundContact(t.taskId(), t.caseId(), attempt, channel, t.address(),
                t.template(), t.locale(), null, null);
        Future<SendResult> result;
        try {
            ContactChannel out = channels.of(channel);
            result = out.send(contact);
        } catch (RuntimeException e) {
            result = Future.succeededFuture(new SendResult.RetryLater("NO_CHANNEL", String.valueOf(e.getMessage()), null));
        }
        result.otherwise(e -> new SendResult.Ambiguous("channel error: " + e))
                .onComplete(ar -> {
                    inFlight--;
                    held--;
                    sending.get(channel)[0]--;
                    completions.add(Outcomes.of(t.taskId(), attempt, ar.result(), clock.instant(),
                            config.maxAttempts(), config.retryBase()));
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
