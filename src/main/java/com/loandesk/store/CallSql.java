package com.loandesk.store;

/** The SQL of collectors' click-to-call: the call's task, and the outcome the collector records afterwards. */
final class CallSql {

    private CallSql() {
    }

    /** $1 case ref. The case, its borrower and collector, locked against concurrent changes of the case. */
    static final String CASE_FOR_CALL = """
            select id, borrower_id, assigned_collector from collection_case where external_id = $1 for no key update
            """;

    /** $1 contact point id. The point (its borrower, kind and number). */
    static final String POINT = """
            select id, borrower_id, kind, value from contact_point where id = $1
            """;

    /** $1 username. The caller's own phone, to ring first; null when none is on file. */
    static final String CALLER_PHONE = """
            select phone from users where username = $1 and disabled_at is null
            """;

    /**
     * $1 case id, $2 contact point id, $3 now (due and created), $4 created by. A pending voice task, due now,
     * with its 'task_created' history row; returns the task id.
     */
    static final String CREATE_TASK = """
            with t as (
                insert into contact_task (case_id, contact_point_id, channel, template, due_at, created_by, created_at, updated_at)
                values ($1, $2, 'voice', 'click-to-call', $3, $4, $3, $3)
                returning id, case_id, channel, template, due_at, created_by)
            insert into case_history (case_id, task_id, at, event, state, actor, detail)
            select case_id, id, due_at, 'task_created', 'pending', created_by,
                   jsonb_build_object('channel', channel, 'template', template, 'dueAt', due_at, 'clickToCall', true)
              from t
            returning task_id
            """;

    /** $1 task id. A task with its case's borrower, locked: outcomes of one call are recorded one at a time. */
    static final String TASK_FOR_OUTCOME = """
            select t.id, t.case_id, t.contact_point_id, t.template, t.state, t.created_by, t.provider_ref, c.borrower_id
              from contact_task t
              join collection_case c on c.id = t.case_id
             where t.id = $1
               for update of t
            """;

    /** $1 task id. Whether an outcome was already recorded for the call. */
    static final String OUTCOME_EXISTS = """
            select 1 from case_history where task_id = $1 and event = 'call_outcome' limit 1
            """;

    /** $1 case id, $2 task id, $3 at, $4 actor, $5 provider ref, $6 detail. */
    static final String RECORD_OUTCOME = """
            insert into case_history (case_id, task_id, at, event, provider_ref, actor, detail)
            values ($1, $2, $3, 'call_outcome', $5, $4, $6::text::jsonb)
            """;

    /** $1 borrower, $2 case, $3 contact point, $4 from, $5 until, $6 recorded by, $7 now. A call-back the borrower asked for. */
    static final String CALLBACK = """
            insert into callback_request (borrower_id, case_id, contact_point_id, from_at, until_at, requested_via, recorded_by, created_at)
            values ($1, $2, $3, $4, $5, 'call', $6, $7)
            returning id
            """;

    /** $1 contact point id. The number is wrong: never call or text it again (the rules read invalid_channels). */
    static final String WRONG_NUMBER = """
            update contact_point
               set invalid_channels = array(select distinct c from unnest(invalid_channels || array['voice', 'sms']) as c order by c)
             where id = $1
            """;
}
