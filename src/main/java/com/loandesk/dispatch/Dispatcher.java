package com.loandesk.dispatch;

import com.loandesk.channel.Channels;
import com.loandesk.channel.ContactChannel;
import com.loandesk.channel.OutboundContact;
import com.loandesk.channel.SendDeadline;
import com.loandesk.channel.SendResult;
import com.loandesk.config.DispatchConfig;
import com.loandesk.metrics.DispatchMetrics;
import com.loandesk.rules.Channel;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim loop of one dispatcher, on one event loop. For each channel with room:
 * <ol>
 *   <li>claim and gate a batch in one transaction: due tasks are taken with {@code FOR UPDATE SKIP
 *       LOCKED}, their borrowers locked, the rules applied; allowed tasks are marked 'sending' under
 *       this dispatcher's lease (with their cap-ledger rows) durably before any provider is called,
 *       the rest deferred or blocked;</li>
 *   <li>send, never more at once than {@code maxInFlight} overall or the channel's own limit, and hand
 *       each answer to the {@link CompletionWriter}, which writes them back in batches.</li>
 * </ol>
 * A heart-beat extends this dispatcher's leases; a recovery pass turns other dispatchers' expired
 * sends 'unknown' for reconciliation.
 * <p>
 * Provider trouble: nothing is claimed for a channel whose circuit breaker is open, only as many as
 * the channel takes while it is half-open (one trial), and never more than its rate lets start within its
 * wait. A send the channel refuses before any request leaves ({@link SendResult.NotStarted}: an open breaker,
 * a full bulkhead, no permit in time) is deferred and gives back its attempt, so an outage or a slow rate
 * costs tasks no attempts and fails none. Retries (second and later attempts) are spent from a
 * {@link RetryBudget}; a retry without budget waits here, still 'sending' under the lease, until the budget
 * allows it, or is deferred, also without spending an attempt.
 * <p>
 * Database trouble: a failed claim, heart-beat or recovery is logged and tried again at the next tick;
 * answers whose write fails are kept and written again by the {@link CompletionWriter}.
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
    private final MessageComposer composer;
    private final Map<Channel, ArrayDeque<Gated>> ready = new EnumMap<>(Channel.class);
    private final Map<Channel, ArrayDeque<Held>> heldRetries = new EnumMap<>(Channel.class);
    /**
     * The longest a retry waits for the budget on the gate's word: the rules allowed it at its claim, and past
     * this it goes back through them (a contact allowed at 20:59:58 must not leave at 21:00:30).
     */
    static final long MAX_HOLD_NANOS = 5_000_000_000L;

    /** A retry waiting for the retry budget, since {@code heldAt} (the injected clock, in nanoseconds: {@link #clockNanos}). */
    private record Held(Gated gated, long heldAt) {
    }
    private final RetryBudget budget;
    private long budgetTimer = -1;
    /** The injected clock's nanoseconds when the pass under way began; -1 between passes (event-loop confined). */
    private long pumpNanos = -1;
    private int claimFailures;
    private long claimsPausedUntil;
    private final Map<Channel, int[]> gating = new EnumMap<>(Channel.class);
    private final Map<Channel, int[]> sending = new EnumMap<>(Channel.class);
    private final Map<Channel, boolean[]> exhausted = new EnumMap<>(Channel.class);
    private final Map<Long, Long> claimedAtNanos = new HashMap<>();
    /**
     * The tasks this dispatcher really holds: allowed at its claim and not yet answered durably (waiting, held for
     * the retry budget, in flight, or answered and waiting for the write). Only their leases are renewed.
     */
    private final Set<Long> holding = new HashSet<>();
    private final List<Long> timers = new ArrayList<>();
    private LongConsumer latencySink = nanos -> { };
    private DispatchMetrics metrics = DispatchMetrics.none();

    private boolean running;
    private boolean pumping;
    private boolean pumpAgain;
    private int gatingBatches;
    private int inFlight;
    private Promise<Void> idle;
    private Future<Stopped> stopping;
    private int handedBack;

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
        this.composer = new MessageComposer(contexts.templates(), config.lenderName());
        this.completions = new CompletionWriter(vertx, store, owner, clock, config.completionBatch(),
                config.completionFlush().toMillis(), this::written);
        this.budget = new RetryBudget(config.retryBudgetPercent(), config.retryBudgetFloorPerSecond(), this::budgetNanos);
        for (Channel c : Channel.values()) {
            exhausted.put(c, new boolean[1]);
            ready.put(c, new ArrayDeque<>());
            heldRetries.put(c, new ArrayDeque<>());
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

    /** First attempts and retries sent, and retries that had to wait for the budget, so far. */
    public long[] retryBudgetCounts() {
        return new long[] {budget.firstAttempts.sum(), budget.retries.sum(), budget.held.sum()};
    }

    /** Receives, for each answered task, the nanoseconds from its claim to its outcome being durable. */
    public Dispatcher latencySink(LongConsumer sink) {
        this.latencySink = sink;
        return this;
    }

    /** Where decisions, batch sizes and provider calls are reported. */
    public Dispatcher metrics(DispatchMetrics m) {
        this.metrics = m;
        return this;
    }

    /** Starts the loop on the calling context. */
    public void start() {
        running = true;
        timers.add(vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake()));
        long beat = Math.max(1000, config.lease().toMillis() / 3);
        timers.add(vertx.setPeriodic(beat, id -> heartbeat()));
        timers.add(vertx.setPeriodic(config.recoveryInterval().toMillis(), id -> recover()));
        recover();
        pump();
    }

    /** Looks for due work now rather than at the next poll (new work was enqueued). */
    public void wake() {
        exhausted.values().forEach(e -> e[0] = false);
        pump();
    }

    /**
     * What stopping did.
     *
     * @param handedBack   tasks gated for sending that never reached a provider: back to 'deferred', due at once,
     *                     off the cap ledger, for any dispatcher to claim (and gate) again
     * @param finished     sends under way at the stop whose answers were written
     * @param leftSending  sends still under way at the deadline: they stay 'sending' under this dispatcher's lease,
     *                     which expires into 'unknown' and reconciliation, never a blind resend
     */
    public record Stopped(int handedBack, int finished, int leftSending) {
    }

    /** As {@link #stop(Duration)} with a minute for the sends under way. */
    public Future<Void> stop() {
        return stop(Duration.ofMinutes(1)).mapEmpty();
    }

    /**
     * Stops claiming, hands back the tasks gated but not yet sent, lets the sends under way finish for at most
     * {@code grace}, and writes the outcomes (within {@code grace} too). Calling it again answers the first call's future.
     */
    public Future<Stopped> stop(Duration grace) {
        if (stopping != null) {
            return stopping;
        }
        long deadline = System.nanoTime() + grace.toNanos();
        running = false;
        timers.forEach(vertx::cancelTimer);
        timers.clear();
        if (budgetTimer >= 0) {
            vertx.cancelTimer(budgetTimer);
            budgetTimer = -1;
        }
        for (ArrayDeque<Gated> queue : ready.values()) {
            while (!queue.isEmpty()) {
                handBack(queue.poll());
            }
        }
        handedBack += heldCount();   // deferred (RETRY_BUDGET) by the pass below, never sent
        int underWay = inFlight;
        idle = Promise.promise();
        Future<Void> drained = idle.future();
        pump();
        stopping = within(drained, grace.toMillis())
                .compose(v -> within(completions.drain(), (deadline - System.nanoTime()) / 1_000_000))
                .map(v -> new Stopped(handedBack, underWay - inFlight, inFlight))
                .onSuccess(st -> LOG.info("dispatcher stopped owner={} handedBack={} finished={} leftSending={}", owner,
                        st.handedBack(), st.finished(), st.leftSending()));
        return stopping;
    }

    /** Completes when {@code work} does or {@code ms} have passed, whichever is first. */
    private Future<Void> within(Future<Void> work, long ms) {
        Promise<Void> done = Promise.promise();
        long timer = vertx.setTimer(Math.max(1, ms), id -> done.tryComplete());
        work.onComplete(ar -> {
            vertx.cancelTimer(timer);
            done.tryComplete();
        });
        return done.future();
    }

    /** A task gated for sending that will not be sent by this dispatcher: deferred, due now, off the cap ledger. */
    private void handBack(Gated g) {
        handedBack++;
        claimedAtNanos.remove(g.task().taskId());
        Instant now = clock.instant();
        // no request left for it: the claim's attempt is given back, as for any local refusal
        completions.add(new Completion(g.task().taskId(), g.task().attempts() + 1, "deferred", null,
                "STOPPED: handed back unsent when the dispatcher stopped", now, false,
                new io.vertx.core.json.JsonObject().put("code", "HANDED_BACK").put("retryAt", now.toString())
                        .put("requestMade", false).encode(), null, false));
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
        // one instant per pass: the holds it defers and the budget it spends are measured at the same moment
        pumpNanos = clockNanos();
        try {
            pumpChannels();
        } finally {
            pumpNanos = -1;
        }
    }

    private void pumpChannels() {
        for (Channel c : Channel.values()) {
            int room = capacity(c);
            ArrayDeque<Gated> queue = ready.get(c);
            ArrayDeque<Held> held = heldRetries.get(c);
            deferHeld(held, running ? budgetNanos() - MAX_HOLD_NANOS : Long.MAX_VALUE);
            boolean accepting = accepting(c);
            // never claim more than the channel's rate lets start within its wait: a claimed task the guard then
            // refuses only comes back (free, but after a pause), and its rules were judged for nothing
            int claimable = Math.min(room, startable(c));
            while (running && accepting && gatingBatches < MAX_GATING_BATCHES && !exhausted.get(c)[0]
                    && (claimFailures == 0 || System.nanoTime() >= claimsPausedUntil)
                    && queue.size() + held.size() + gating.get(c)[0] < claimable) {
                claimAndGate(c, Math.min(Math.min(config.batchSize(), room),
                        claimable - queue.size() - held.size() - gating.get(c)[0]));
            }
            while (inFlight < config.maxInFlight() && sending.get(c)[0] < room) {
                Gated next = nextToSend(queue, held);
                if (next == null) {
                    break;
                }
                send(next);
            }
        }
        if (budgetTimer < 0 && heldCount() > 0) {
            budgetTimer = vertx.setTimer(budget.millisToNextRetry(), id -> {
                budgetTimer = -1;
                pump();
            });
        }
        if (!running && idle != null && gatingBatches == 0 && inFlight == 0 && readyCount() == 0) {
            Promise<Void> p = idle;
            idle = null;
            p.complete();
        }
    }

    /**
     * The next send of a channel: a waiting retry when the budget has one, else the next ready task (a
     * retry among them waits when the budget has none); null when nothing may go now.
     */
    private Gated nextToSend(ArrayDeque<Gated> queue, ArrayDeque<Held> held) {
        if (!held.isEmpty() && budget.tryRetry()) {
            return held.poll().gated();
        }
        while (!queue.isEmpty()) {
            Gated g = queue.poll();
            if (g.task().attempts() == 0) {
                budget.firstAttempt();
                return g;
            }
            if (held.isEmpty() && budget.tryRetry()) {
                return g;
            }
            budget.held.increment();
            held.add(new Held(g, budgetNanos()));
        }
        return null;
    }

    /**
     * Retries held since before {@code heldBefore} (all of them when the dispatcher stops) are not sent but
     * deferred, never failed, and cost no attempt: they did not reach the provider. Due again after the first
     * back-off, they go back through the gate then.
     */
    private void deferHeld(ArrayDeque<Held> held, long heldBefore) {
        while (!held.isEmpty() && held.peek().heldAt() - heldBefore < 0) {
            Gated g = held.poll().gated();
            Instant retryAt = clock.instant().plus(config.retryBase());
            String why = running ? "the retry budget had no room in time" : "stopped before the retry budget allowed it";
            completions.add(Outcomes.notStarted(g.task().taskId(), g.task().attempts() + 1, "RETRY_BUDGET", why, retryAt));
        }
    }

    /**
     * The injected clock in nanoseconds: the retry budget and its holds are measured on it, so a test moves them with
     * the clock the rules are judged on.
     */
    /** The instant of the pass under way (its start), else now: what the retry budget and its holds are measured at. */
    private long budgetNanos() {
        return pumpNanos >= 0 ? pumpNanos : clockNanos();
    }

    private long clockNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private boolean accepting(Channel c) {
        try {
            return channels.of(c).accepting();
        } catch (IllegalStateException noChannel) {
            return true;
        }
    }

    private int startable(Channel c) {
        try {
            return channels.of(c).startable();
        } catch (IllegalStateException noChannel) {
            return Integer.MAX_VALUE;
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
        int n = heldCount();
        for (ArrayDeque<Gated> q : ready.values()) {
            n += q.size();
        }
        return n;
    }

    private int heldCount() {
        int n = 0;
        for (ArrayDeque<Held> q : heldRetries.values()) {
            n += q.size();
        }
        return n;
    }

    private void claimAndGate(Channel channel, int size) {
        gatingBatches++;
        gating.get(channel)[0] += size;
        Instant now = clock.instant();
        long claimedAt = System.nanoTime();
        BatchGate judge = new BatchGate(gate, contexts, now);
        store.claimAndGate(owner, channel, now, size, now.plus(config.lease()), now.minus(config.historyLookback()), judge)
                .onComplete(ar -> {
                    gatingBatches--;
                    gating.get(channel)[0] -= size;
                    if (ar.succeeded()) {
                        if (claimFailures > 0) {
                            LOG.info("claims recovered owner={} afterFailures={}", owner, claimFailures);
                            claimFailures = 0;
                        }
                        exhausted.get(channel)[0] = ar.result().size() < size;
                        stats.claimAnswered(channel);
                        accept(ar.result(), claimedAt);
                    } else {
                        // rolled back: the tasks are still due. The database may be down: pause claims,
                        // longer after each failure in a row (up to 5 s), and log the first and every 20th
                        claimFailures++;
                        long pauseMs = Math.min(5_000, 50L << Math.min(claimFailures, 7));
                        claimsPausedUntil = System.nanoTime() + pauseMs * 1_000_000;
                        if (claimFailures == 1 || claimFailures % 20 == 0) {
                            LOG.warn("claim and gate failed owner={} channel={} failures={} pauseMs={} error={}", owner,
                                    channel.code(), claimFailures, pauseMs, ar.cause().toString());
                        }
                        exhausted.get(channel)[0] = true;
                    }
                    pump();
                });
    }

    private void accept(List<Gated> gated, long claimedAt) {
        stats.claimed.add(gated.size());
        metrics.claimed(gated.size());
        for (Gated g : gated) {
            metrics.decided(g.decision(), g.task().channel());
            if (g.decision() instanceof Decision.Allow) {
                stats.allowed.increment();
                if (!running) {
                    handBack(g);   // gated while the dispatcher was stopping
                    continue;
                }
                claimedAtNanos.put(g.task().taskId(), claimedAt);
                holding.add(g.task().taskId());
                ready.get(g.task().channel()).add(g);
            } else if (g.decision() instanceof Decision.Defer) {
                stats.deferred.increment();
            } else {
                stats.blocked.increment();
            }
        }
    }

    private void send(Gated g) {
        TaskRow t = g.task();
        Channel channel = t.channel();
        inFlight++;
        sending.get(channel)[0]++;
        int attempt = t.attempts() + 1;
        // the time left in the borrower's allowed window, measured on the gate's clock as the send starts
        java.time.Duration deliverWithin = g.decision() instanceof Decision.Allow allow && allow.openUntil() != null
                ? java.time.Duration.between(clock.instant(), allow.openUntil()) : null;
        Optional<OutboundContact> contact = composer.compose(t, attempt, deliverWithin);
        Future<SendResult> result;
        if (contact.isEmpty()) {
            result = Future.succeededFuture(new SendResult.Rejected("NO_APPROVED_TEMPLATE",
                    "no approved version of template '" + t.template() + "' renders for " + channel.code() + "/" + t.locale(),
                    SendResult.Suppression.NONE));
        } else {
            try {
                ContactChannel out = channels.of(channel);
                result = SendDeadline.bound(vertx, out.send(contact.get()), config.sendTimeout(), channel.code() + " task=" + t.taskId());
            } catch (RuntimeException e) {
                result = Future.succeededFuture(new SendResult.NotStarted("NO_CHANNEL", String.valueOf(e.getMessage()), null));
            }
        }
        long started = System.nanoTime();
        result.otherwise(e -> new SendResult.Ambiguous("channel error: " + e))
                .onComplete(ar -> finish(g, attempt, ar.result(), System.nanoTime() - started));
    }

    /** A send's answer (or a send that never went): counted, handed to the completion writer, and on. */
    private void finish(Gated g, int attempt, SendResult r, long nanos) {
        Channel channel = g.task().channel();
        report(channel, r, nanos);
        if (r instanceof SendResult.NotStarted) {
            budget.notStarted(g.task().attempts() > 0);
        }
        inFlight--;
        sending.get(channel)[0]--;
        completions.add(Outcomes.of(g.task().taskId(), attempt, r, clock.instant(), config.maxAttempts(), config.retryBase(),
                channel != Channel.EMAIL));
        pump();
    }

    private void report(Channel channel, SendResult r, long nanos) {
        if (r instanceof SendResult.Accepted) {
            metrics.providerCall(channel, "accepted", "", nanos);
        } else if (r instanceof SendResult.Rejected rejected) {
            metrics.providerCall(channel, "rejected", rejected.code(), nanos);
        } else if (r instanceof SendResult.RetryLater retry) {
            metrics.providerCall(channel, "retry", retry.code(), nanos);
        } else if (r instanceof SendResult.NotStarted refused) {
            metrics.providerCall(channel, "not_started", refused.code(), nanos);
        } else {
            metrics.providerCall(channel, "ambiguous", "", nanos);
        }
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
            holding.remove(c.taskId());
            Long at = claimedAtNanos.remove(c.taskId());
            if (at != null) {
                latencySink.accept(now - at);
            }
        }
    }

    /**
     * Renews the leases of the sends this dispatcher really holds, and no others: a row left 'sending' under this
     * owner that it no longer holds lets its lease run out, and lease recovery turns it 'unknown'.
     */
    Future<Integer> heartbeat() {
        if (holding.isEmpty()) {
            return Future.succeededFuture(0);
        }
        Instant now = clock.instant();
        return store.extendLeases(owner, List.copyOf(holding), now.plus(config.lease()))
                .onFailure(e -> LOG.warn("lease heart-beat failed owner={} error={}", owner, e.toString()));
    }

    private void recover() {
        store.recoverExpiredLeases(clock.instant(), owner).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("lease recovery failed owner={} error={}", owner, ar.cause().toString());
            } else if (ar.result() > 0) {
                LOG.warn("expired leases recovered sendsTurnedUnknown={}", ar.result());
            }
        });
    }
}
