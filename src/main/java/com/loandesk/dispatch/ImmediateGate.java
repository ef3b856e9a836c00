package com.loandesk.dispatch;

import com.loandesk.config.DispatchConfig;
import com.loandesk.rules.ContactGate;
import com.loandesk.store.Completion;
import com.loandesk.store.Gated;
import com.loandesk.store.TaskStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The gate for one task, now: what a collector's click-to-call goes through. Same locks, rules,
 * ledger and history as the dispatcher's batches, so a manual call can never take a borrower past a cap.
 */
public final class ImmediateGate {

    private final TaskStore store;
    private final ContactGate gate;
    private final ContextBuilder contexts;
    private final Clock clock;
    private final DispatchConfig config;

    public ImmediateGate(TaskStore store, ContactGate gate, ContextBuilder contexts, Clock clock, DispatchConfig config) {
        this.store = store;
        this.gate = gate;
        this.contexts = contexts;
        this.clock = clock;
        this.config = config;
    }

    /**
     * Claims and judges task {@code taskId} for {@code owner}: empty if it is not pending/deferred or is
     * held elsewhere; an allowed task is left 'sending' under {@code owner}, to be completed with {@link #complete}.
     */
    public Future<Optional<Gated>> check(long taskId, String owner) {
        Instant now = clock.instant();
        return store.claimAndGateTask(taskId, owner, now, now.plus(config.lease()), now.minus(config.historyLookback()),
                        new BatchGate(gate, contexts, now))
                .map(gated -> gated.stream().findFirst());
    }

    /** Writes the provider's answer for a task this owner marked 'sending'; 1 when written. */
    public Future<Integer> complete(Completion completion, String owner) {
        return store.complete(List.of(completion), owner, clock.instant());
    }
}
