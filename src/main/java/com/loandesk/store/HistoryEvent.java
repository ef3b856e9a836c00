package com.loandesk.store;

import java.util.Locale;

/**
 * The events a case's history records (its {@code event} column), each written by the store named beside it. The
 * compliance log offers them as the choices of its event filter; a new kind of history row adds its event here.
 */
public enum HistoryEvent {
    /** A task was scheduled (a wave, a cadence, a click, the API): TaskSql, WaveSql, CallSql. */
    TASK_CREATED,
    /** The gate allowed the contact; the request is going to the provider: TaskStore. */
    SENDING,
    /** The gate deferred the contact to a later time, or the provider asked to try later: TaskStore, Outcomes. */
    DEFERRED,
    /** The gate blocked the contact for good (the rule is on the row), or a wave was cancelled: TaskStore, WaveSql. */
    BLOCKED,
    /** A click-to-call the gate would only defer: refused at the click, never placed: TaskStore. */
    REFUSED,
    /** The provider accepted the message or call: Outcomes, CallCompletions. */
    SENT,
    /** The provider refused it, or it failed for good: Outcomes, CallCompletions. */
    FAILED,
    /** Whether it reached the provider is not known (a timeout, a lost answer): Outcomes, TaskSql. */
    UNKNOWN,
    /** An unknown task the provider's records settled: TaskSql. */
    RECONCILED,
    /** An unknown task a person settled (sent or not sent, with a reason): SettlementSql. */
    SETTLED,
    /** The provider's reports, one event per kind of report: ProviderEventSql (see {@link ProviderEvent}). */
    DELIVERY_STATUS, CALL_STATUS, RECORDING, ANSWERED_BY, VOICEMAIL_DROP, CALL_LEG, GATHER, AMD_VERDICT,
    /** The collector's outcome of a call: CallSql. */
    CALL_OUTCOME,
    /** A message from the borrower: ProviderEventSql. */
    INBOUND_SMS,
    /** The case came in or changed through an import: CaseSql. */
    CASE_IMPORTED,
    /** Evidence of consent to a contact point, and a reassigned-number check: CaseSql, NumberFactsSql. */
    CONSENT_EVIDENCE, RND_CHECK,
    /** A hold (dispute, complaint, opt-out…) was set or cleared: HoldSql. */
    HOLD_SET, HOLD_CLEARED,
    /** The portfolio moved the case to another stage or status: PortfolioSql. */
    STAGE_CHANGED, STATUS_CHANGED;

    /** The event as the history writes it. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
