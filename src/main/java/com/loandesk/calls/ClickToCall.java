package com.loandesk.calls;

import com.loandesk.logging.LogText;
import com.loandesk.channel.SendResult;
import com.loandesk.channel.twilio.TwilioBridgeCall;
import com.loandesk.dispatch.ImmediateGate;
import com.loandesk.metrics.DispatchMetrics;
import com.loandesk.rules.Channel;
import com.loandesk.rules.Decision;
import com.loandesk.store.Batches;
import com.loandesk.store.CallStore;
import com.loandesk.store.Completion;
import com.loandesk.store.Gated;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collector's click-to-call: a voice task on the case, judged now by the same gate as every automated
 * contact ({@link ImmediateGate}: same locks, rules, ledger and history). The click is answered as soon as the
 * gate's decision is committed: refused with the rule, or {@link Placing}. Only then, and only when allowed, the
 * bridge call rings the collector's own phone and dials the borrower, recorded, while the collector already has
 * the answer; the provider's answer completes the task (sent with the call sid, failed, or unknown), where the
 * case's history shows it. One call at a time per collector: a click while their previous call is still being
 * placed is {@link InProgress}. Afterwards the collector records the outcome ({@link #recordOutcome}).
 */
public final class ClickToCall {

    private static final Logger LOG = LoggerFactory.getLogger(ClickToCall.class);
    /** Tries to write a placed call's answer: 0.5 + 1 + 2 + 4 + 8 + 16 s of pauses between them. */
    static final int COMPLETION_TRIES = 7;

    /** The most clicks one transaction judges. */
    static final int MAX_BATCH = 250;
    /** Postgres's deadlock_detected. */
    private static final String DEADLOCK = "40P01";

    private final Pool pool;
    private final DispatchMetrics metrics;
    private final CallStore store;
    private final ImmediateGate gate;
    private final TwilioBridgeCall bridge;
    private final Clock clock;
    private final Set<Future<Placement>> placing = ConcurrentHashMap.newKeySet();
    /** Clicks arriving together are judged together, each caller once per batch. */
    private final Batches<CallStore.Click, Result> batches;
    /** The longest a batch of clicks may take to be judged before its collectors get an error (a lock held elsewhere). */
    static final java.time.Duration BATCH_DEADLINE = java.time.Duration.ofSeconds(10);

    public ClickToCall(Pool pool, ImmediateGate gate, TwilioBridgeCall bridge, Clock clock) {
        this(pool, gate, bridge, clock, DispatchMetrics.none());
    }

    /** With {@code metrics}: decision latency, batch sizes and decisions by rule (as the dispatcher's, channel voice). */
    public ClickToCall(Pool pool, ImmediateGate gate, TwilioBridgeCall bridge, Clock clock, DispatchMetrics metrics) {
        this.metrics = metrics;
        this.pool = pool;
        this.store = CallStore.create(pool);
        this.gate = gate;
        this.bridge = bridge;
        this.clock = clock;
        this.batches = new Batches<>(bridge == null ? null : bridge.vertx(), BATCH_DEADLINE, MAX_BATCH, click -> click.caller(),
                clicks -> judge(clicks, 1));
    }

    /** What became of a click, as answered to the collector. */
    public sealed interface Result permits Placing, NotAllowed, InProgress, Busy {
        long taskId();
    }

    /**
     * Allowed: the task is 'sending' under the collector, and the call is being placed. {@code placed} completes
     * with the provider's answer ({@link Placed} or {@link NotPlaced}) once it is written to the task.
     */
    public record Placing(long taskId, Future<Placement> placed) implements Result {
    }

    /** The gate deferred or blocked it; the task stays as the gate left it. {@code until*} only for a deferral. */
    public record NotAllowed(long taskId, String state, String ruleId, String policy, String reason, String until,
                             String untilLocal) implements Result {
    }

    /** Not judged: the caller already has a call live, task {@code taskId}; nothing was written. */
    public record InProgress(long taskId) implements Result {
    }

    /** The task was taken by someone else between its creation and the gate (should not happen). */
    public record Busy(long taskId) implements Result {
    }

    /** What the provider made of an allowed call, as written to its task. */
    public sealed interface Placement permits Placed, NotPlaced {
        long taskId();
    }

    /** The provider took the call: the collector's phone is ringing. The task is 'sent' with the call sid. */
    public record Placed(long taskId, String callSid) implements Placement {
    }

    /** The provider did not take it ({@code state} failed) or may have ({@code state} unknown). */
    public record NotPlaced(long taskId, String state, String reason) implements Placement {
    }

    /** The gate's owner name for calls placed by {@code username}. */
    public static String owner(String username) {
        return "collector:" + username;
    }

    /**
     * Judges a call from {@code caller} (whose own phone rings first) on case {@code caseRef} to contact point
     * {@code contactPointId} and answers once the decision is committed; an allowed call is then placed in the
     * background. {@code collectorScope} restricts a collector to their cases (null for admins). Fails as
     * {@link CallStore#createCalls} refuses a click, except that a live call of the caller's is {@link InProgress}.
     * Clicks arriving together are judged together, in one transaction ({@link Batches}).
     */
    public Future<Result> call(String caseRef, String collectorScope, long contactPointId, String caller) {
        long start = System.nanoTime();
        return batches.submit(new CallStore.Click(caseRef, collectorScope, contactPointId, caller, owner(caller)))
                .recover(e -> e instanceof CallStore.InProgress live
                        ? Future.succeededFuture(new InProgress(live.liveTaskId()))
                        : Future.failedFuture(e))
                .onSuccess(r -> metrics.clickDecided(System.nanoTime() - start));
    }

    /**
     * One transaction for a batch of clicks: their tasks are created and judged together (same locks, rules, ledger
     * and history as any contact), then the allowed calls are placed. A deadlock with another process's transaction
     * is tried again once, whole.
     */
    private Future<List<Future<Result>>> judge(List<CallStore.Click> clicks, int attempt) {
        metrics.clicksJudged(clicks.size());
        Instant now = clock.instant();
        return pool.withTransaction(c -> store.createCalls(c, clicks, now).compose(created -> {
                    Map<Long, String> owners = new LinkedHashMap<>();
                    for (int i = 0; i < clicks.size(); i++) {
                        Future<CallStore.NewCall> one = created.get(i);
                        if (one.succeeded()) {
                            owners.put(one.result().taskId(), clicks.get(i).owner());
                        }
                    }
                    return gate.check(c, owners).map(gated -> new Judged(created, gated));
                }))
                .map(judged -> {
                    List<Runnable> placements = new ArrayList<>();
                    List<Future<Result>> answers = judged.answers(clicks, placements);
                    // the answers go out first (queued to the requests' contexts), the calls are placed right after
                    if (!placements.isEmpty()) {
                        bridge.vertx().getOrCreateContext().runOnContext(v -> placements.forEach(Runnable::run));
                    }
                    return answers;
                })
                .recover(e -> attempt == 1 && e instanceof PgException pg && DEADLOCK.equals(pg.getSqlState())
                        ? judge(clicks, attempt + 1)
                        : Future.failedFuture(e));
    }

    /** A committed batch: each click's created call (or why none was) and the gate's decisions by task. */
    private final class Judged {
        private final List<Future<CallStore.NewCall>> created;
        private final Map<Long, Gated> byTask = new HashMap<>();

        Judged(List<Future<CallStore.NewCall>> created, List<Gated> gated) {
            this.created = created;
            for (Gated g : gated) {
                byTask.put(g.task().taskId(), g);
            }
        }

        /** Each click's answer, in order; the allowed calls' placements are added to {@code placements}, to be run. */
        List<Future<Result>> answers(List<CallStore.Click> clicks, List<Runnable> placements) {
            List<Future<Result>> out = new ArrayList<>(clicks.size());
            for (int i = 0; i < clicks.size(); i++) {
                Future<CallStore.NewCall> one = created.get(i);
                if (one.failed()) {
                    out.add(Future.failedFuture(one.cause()));
                    continue;
                }
                CallStore.NewCall call = one.result();
                Gated gated = byTask.get(call.taskId());
                if (gated == null) {
                    LOG.warn("click-to-call task taken elsewhere task={} by={}", call.taskId(), LogText.of(clicks.get(i).caller()));
                    out.add(Future.succeededFuture(new Busy(call.taskId())));
                } else {
                    LOG.info("click-to-call task created task={} case={} by={}", call.taskId(), LogText.of(clicks.get(i).caseRef()),
                            LogText.of(clicks.get(i).caller()));
                    out.add(Future.succeededFuture(decided(call, gated, clicks.get(i).owner(), placements)));
                }
            }
            return out;
        }
    }

    private Result decided(CallStore.NewCall call, Gated gated, String owner, List<Runnable> placements) {
        Decision d = gated.decision();
        metrics.decided(d, Channel.VOICE);
        if (d instanceof Decision.Allow) {
            Promise<Placement> placed = Promise.promise();
            placing.add(placed.future());
            placed.future().onComplete(ar -> placing.remove(placed.future()));
            placements.add(() -> place(call, gated.task().attempts() + 1, owner).onComplete(placed));
            return new Placing(call.taskId(), placed.future());
        }
        JsonObject detail = gated.detailJson() == null ? new JsonObject() : new JsonObject(gated.detailJson());
        NotAllowed r;
        if (d instanceof Decision.Defer defer) {
            // a click is for now: refused, with the next time it would be allowed; no call is left to come
            r = new NotAllowed(call.taskId(), "blocked", defer.ruleId(), defer.policy(), defer.reason(),
                    detail.getString("until", defer.until().toString()), detail.getString("untilLocal"));
        } else {
            Decision.Block block = (Decision.Block) d;
            r = new NotAllowed(call.taskId(), "blocked", block.ruleId(), block.policy(), block.reason(), null, null);
        }
        LOG.info("click-to-call not allowed task={} rule={} policy={}", call.taskId(), r.ruleId(), d.policy());
        return r;
    }

    /** Places the allowed call and writes the provider's answer to its task; never fails (trouble is logged). */
    private Future<Placement> place(CallStore.NewCall call, int attempt, String owner) {
        Future<Placement> placed = bridge.call(call.taskId(), call.callerPhone(), call.borrowerPhone()).compose(result -> {
            Completion completion = CallCompletions.of(call.taskId(), attempt, result);
            return completeRetrying(completion, owner, 1).map(written -> {
                if (written != 1) {
                    LOG.warn("click-to-call completion not written task={} state={}", call.taskId(), completion.state());
                }
                return result instanceof SendResult.Accepted a
                        ? (Placement) new Placed(call.taskId(), a.providerRef())
                        : new NotPlaced(call.taskId(), completion.state(), CallCompletions.reason(result));
            });
        }).onFailure(e -> LOG.error("click-to-call completion failed task={} error={} (the lease's expiry makes it unknown)",
                call.taskId(), e.toString()));
        return placed;
    }

    /**
     * Writes the provider's answer, retrying a failed write (the database may be away for a moment) with a
     * doubling pause, up to {@link #COMPLETION_TRIES} tries (about a minute, well inside the lease): the call
     * sid must reach the task, or Twilio's status callbacks, which find the task by it, never reach the ledger
     * the caps read. After the last try the lease's expiry makes the task 'unknown'.
     */
    private Future<Integer> completeRetrying(Completion completion, String owner, int attempt) {
        return gate.complete(completion, owner).recover(e -> {
            if (attempt >= COMPLETION_TRIES) {
                return Future.failedFuture(e);
            }
            long pauseMs = 500L << (attempt - 1);
            LOG.warn("click-to-call completion write failed task={} try={} retryInMs={} error={}", completion.taskId(), attempt,
                    pauseMs, e.toString());
            return bridge.vertx().timer(pauseMs).compose(v -> completeRetrying(completion, owner, attempt + 1));
        });
    }

    /** {@code caller}'s placed calls still awaiting an outcome; see {@link CallStore#awaitingOutcome}. */
    public Future<List<CallStore.AwaitingOutcome>> awaitingOutcome(String caller, String collectorScope, int limit) {
        return store.awaitingOutcome(caller, collectorScope, limit);
    }

    /** Records the outcome of call {@code taskId}; see {@link CallStore#recordOutcome}. */
    public Future<CallStore.Recorded> recordOutcome(long taskId, String actor, String collectorScope, CallStore.Outcome outcome) {
        return store.recordOutcome(taskId, actor, collectorScope, outcome, clock.instant());
    }

    public Instant now() {
        return clock.instant();
    }

    /** Clicks waiting for their batch now: while one batch is judged, the clicks arriving meanwhile wait to go together. */
    public int waiting() {
        return batches.waiting();
    }

    /**
     * Waits for the calls being placed to be written (each is bounded by the provider's request time-out), then
     * closes the bridge (and its account, when it owns one).
     */
    public Future<Void> close() {
        return Future.join(List.copyOf(placing)).<Void>mapEmpty().otherwiseEmpty().eventually(bridge::close);
    }
}
