package com.loandesk.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/** Where provider callbacks and inbound messages are recorded. Implementations are idempotent. */
public interface ProviderEvents {

    /**
     * Records a batch of events. Replays are no-ops; statuses never move backwards; each new event
     * matched to a task is appended to its case history, delivered / failed messages move the task,
     * and finished calls write the truth (connected, duration, conversation) to the contact ledger.
     *
     * @return how many of the events were new
     */
    Future<Integer> record(List<ProviderEvent> events);

    /**
     * Keeps an inbound SMS (once per message sid), applies an opt-out / opt-in keyword to every
     * contact point with the sender's number, and appends it to those borrowers' case histories.
     */
    Future<InboundOutcome> inbound(InboundSms sms);

    /**
     * Applies events that arrived before their task's provider_ref was written (the dispatcher writes
     * outcomes in batches): run it periodically. Looks back to {@code since}, at most {@code limit}.
     *
     * @return how many events were matched to tasks
     */
    Future<Integer> settleUnmatched(Instant since, int limit);
}
