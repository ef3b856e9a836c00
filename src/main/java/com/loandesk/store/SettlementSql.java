package com.loandesk.store;

/**
 * The SQL of unknown sends that no provider can be asked about (e-mail over SMTP, click-to-call bridged to the
 * collector's phone), which a person settles. Parameters are positional.
 */
final class SettlementSql {

    private SettlementSql() {
    }

    /** Which unknown tasks only a person can settle. */
    static final String PERSON_SETTLES = "(t.channel = 'email' or t.template = 'click-to-call')";

    /** $1 limit. The unknown sends waiting for a person, oldest first. */
    static final String LIST = """
            select t.id, t.channel, t.template, t.attempts, t.updated_at, t.last_error, c.external_id as case_ref,
                   b.external_id as borrower_ref, c.assigned_collector, p.kind as point_kind, p.value as point_value
              from contact_task t
              join collection_case c on c.id = t.case_id
              join borrower b on b.id = c.borrower_id
              join contact_point p on p.id = t.contact_point_id
             where t.state = 'unknown' and """ + PERSON_SETTLES + """

             order by t.updated_at, t.id
             limit $1
            """;

    /** $1 task. The task as a settlement sees it, locked. */
    static final String LOCK = """
            select t.id, t.case_id, t.state, t.channel, t.template, t.attempts,
                   t.state = 'unknown' and """ + PERSON_SETTLES + """
             as settleable
              from contact_task t where t.id = $1 for update
            """;

    /**
     * $1 task, $2 outcome (sent or not_sent), $3 reason, $4 actor, $5 now. Sent: the task is 'sent' and its contact
     * stays on the ledger. Not sent: its contact comes off the ledger, and an e-mail goes back to the queue (through
     * the gate again), while a click-to-call fails (the collector clicks again). The decision is in the history.
     */
    static final String SETTLE = """
            with u as (
                update contact_task t
                   set state = case when $2 = 'sent' then 'sent' when t.template = 'click-to-call' then 'failed' else 'pending' end,
                       due_at = case when $2 = 'not_sent' and t.template <> 'click-to-call' then $5 else t.due_at end,
                       last_error = case when $2 = 'not_sent' then 'settled not sent: ' || $3 else t.last_error end,
                       version = t.version + 1, updated_at = $5
                 where t.id = $1 and t.state = 'unknown' and """ + PERSON_SETTLES + """

                returning t.id, t.case_id, t.state, t.attempts),
            forget as (
                delete from contact_attempt a using u
                 where $2 = 'not_sent' and a.task_id = u.id and a.attempt_no = u.attempts),
            h as (
                insert into case_history (case_id, task_id, at, event, state, actor, detail)
                select case_id, id, $5, 'settled', state, $4, jsonb_build_object('outcome', $2::text, 'reason', $3::text) from u)
            select id, case_id, state from u
            """;
}
