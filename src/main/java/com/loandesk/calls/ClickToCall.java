package com.loandesk.calls;

import com.loandesk.channel.SendResult;
import com.loandesk.channel.twilio.TwilioBridgeCall;
import com.loandesk.dispatch.ImmediateGate;
import com.loandesk.rules.Decision;
import com.loandesk.store.CallStore;
import com.loandesk.store.Completion;
import com.loandesk.store.Gated;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collector's click-to-call: a voice task on the case, judged now by the same gate as every automated
 * contact ({@link ImmediateGate}: same locks, rules, ledger and history), then, only when allowed, a bridge
 * call that rings the collector's own phone and dials the borrower, recorded. The task is completed with
 * the provider's answer. Afterwards the collector records the outcome ({@link #recordOutcome}).
 */
public final class ClickToCall {

    private static final Logger LOG = LoggerFactory.getLogger(ClickToCall.class);

    private final CallStore store;
    private final ImmediateGate gate;
    private final TwilioBridgeCall bridge;
    private final Clock clock;

    public ClickToCall(Pool pool, ImmediateGate gate, TwilioBridgeCall bridge, Clock clock) {
        this.store = CallStore.create(pool);
        this.gate = gate;
        this.bridge = bridge;
        this.clock = clock;
    }

    /** What became of a click. */
    public sealed interface Result permits Placed, NotAllowed, NotPlaced, Busy {
        long taskId();
    }

    /** The provider took the call: the collector's phone is ringing. */
    public record Placed(long taskId, String callSid) implements Result {
    }

    /** The gate deferred or blocked it; the task stays as the gate left it. {@code until*} only for a deferral. */
    public record NotAllowed(long taskId, String state, String ruleId, String policy, String reason, String until,
                             String untilLocal) implements Result {
    }

    /** Allowed, but the provider did not take it ({@code state} failed) or may have ({@code state} unknown). */
    public record NotPlaced(long taskId, String state, String reason) implements Result {
    }

    /** The task was taken by someone else between its creation and the gate (should not happen). */
    public record Busy(long taskId) implements Result {
    }

    /** The gate's owner name for calls placed by {@code username}. */
    public static String owner(String username) {
        return "collector:" + username;
    }

    /**
     * Places a call from {@code caller} (whose own phone rings first) on case {@code caseRef} to contact point
     * {@code contactPointId}. {@code collectorScope} restricts a collector to their cases (null for admins).
     * Fails as {@link CallStore#create} does.
     */
    public Future<Result> call(String caseRef, String collectorScope, long contactPointId, String caller) {
        String owner = owner(caller);
        return store.create(caseRef, collectorScope, contactPointId, caller, clock.instant())
                .compose(call -> gate.check(call.taskId(), owner).compose(gated -> {
                    if (gated.isEmpty()) {
                        LOG.warn("click-to-call task taken elsewhere task={} by={}", call.taskId(), caller);
                        return Future.succeededFuture((Result) new Busy(call.taskId()));
                    }
                    return decided(call, gated.get(), owner);
                }));
    }

    private Future<Result> decided(CallStore.NewCall call, Gated gated, String owner) {
        Decision d = gated.decision();
        if (d instanceof Decision.Allow) {
            int attempt = gated.task().attempts() + 1;
            return bridge.call(call.taskId(), call.callerPhone(), call.borrowerPhone()).compose(result -> {
                Completion completion = CallCompletions.of(call.taskId(), attempt, result);
                return gate.complete(completion, owner).map(written -> {
                    if (written != 1) {
                        LOG.warn("click-to-call completion not written task={} state={}", call.taskId(), completion.state());
                    }
                    return result instanceof SendResult.Accepted a
                            ? (Result) new Placed(call.taskId(), a.providerRef())
                            : new NotPlaced(call.taskId(), completion.state(), CallCompletions.reason(result));
                });
            });
        }
        JsonObject detail = gated.detailJson() == null ? new JsonObject() : new JsonObject(gated.detailJson());
        Result r;
        if (d instanceof Decision.Defer defer) {
            r = new NotAllowed(call.taskId(), "deferred", defer.ruleId(), defer.policy(), defer.reason(),
                    detail.getString("until", defer.until().toString()), detail.getString("untilLocal"));
        } else {
            Decision.Block block = (Decision.Block) d;
            r = new NotAllowed(call.taskId(), "blocked", block.ruleId(), block.policy(), block.reason(), null, null);
        }
        LOG.info("click-to-call not allowed task={} rule={} policy={}", call.taskId(), ((NotAllowed) r).ruleId(), d.policy());
        return Future.succeededFuture(r);
    }

    /** Records the outcome of call {@code taskId}; see {@link CallStore#recordOutcome}. */
    public Future<CallStore.Recorded> recordOutcome(long taskId, String actor, String collectorScope, CallStore.Outcome outcome) {
        return store.recordOutcome(taskId, actor, collectorScope, outcome, clock.instant());
    }

    public Instant now() {
        return clock.instant();
    }

    /** Closes the bridge (and its account, when it owns one). */
    public Future<Void> close() {
        return bridge.close();
    }
}
