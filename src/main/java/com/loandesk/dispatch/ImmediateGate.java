package com.loandesk.dispatch;

import com.loandesk.config.DispatchConfig;
import com.loandesk.rules.ContactGate;
import com.loandesk.store.Completion;
import com.loandesk.store.Gated;
import com.loandesk.store.TaskStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The gate for given tasks, now: what collectors' click-to-call goes through. Same locks, rules,
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
     * Inside the caller's transaction {@code c}: claims and judges the tasks {@code owners} names (by id, each with
     * its owner), now. Leaves out those not pending/deferred or held elsewhere; an allowed task is left 'sending'
     * under its owner, to be completed with {@link #complete}.
     */
    public Future<List<Gated>> check(SqlConnection c, Map<Long, String> owners) {
        if (owners.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        Instant now = clock.instant();
        return store.claimAndGateTasks(c, owners, now, now.plus(config.lease()), now.minus(config.historyLookback()),
                new BatchGate(gate, contexts, now));
    }

    /** Writes the provider's answer for a task this owner marked 'sending'; 1 when written. */
    public Future<Integer> complete(Completion completion, String owner) {
        return store.complete(List.of(completion), owner, clock.instant());
    }
}
