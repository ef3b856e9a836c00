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

    /**
     * $1 username. The caller's own phone, to ring first; null when none is on file. Locks the caller: one
     * collector's clicks are created one at a time, so {@link #CREATE_TASK}'s check of their live call holds.
     */
    static final String CALLER_PHONE = """
            select phone from users where username = $1 and disabled_at is null for no key update
            """;

    /**
     * $1 case id, $2 contact point id, $3 now (due and created), $4 created by, $5 the caller's gate owner, $6 since
     * when a pending click of the caller still counts as live. Unless the caller has a call live (being placed:
     * 'sending' under their owner; or created and not yet judged: 'pending' since $6), a pending voice task due
     * now with its 'task_created' history row. Returns the new task id, or null and the live call's task id.
     * Both reads of live calls go through partial indexes (contact_task_leased, contact_task_due).
     */
    static final String CREATE_TASK = """
            with live as (
                (select id from contact_task
                  where state = 'sending' and claimed_by = $5::text and template = 'click-to-call' limit 1)
                union all
                (select id from contact_task
                  where channel = 'voice' and state = 'pending' and due_at >= $6::timestamptz
                    and created_by = $4::text and template = 'click-to-call' limit 1)
                limit 1),
            t as (
                insert into contact_task (case_id, contact_point_id, channel, template, due_at, created_by, created_at, updated_at)
                select $1::bigint, $2::bigint, 'voice', 'click-to-call', $3::timestamptz, $4::text, $3::timestamptz, $3::timestamptz
                 where not exists (select 1 from live)
                returning id, case_id, channel, template, due_at, created_by),
            h as (
                insert into case_history (case_id, task_id, at, event, state, actor, detail)
                select case_id, id, due_at, 'task_created', 'pending', created_by,
                       jsonb_build_object('channel', channel, 'template', template, 'dueAt', due_at, 'clickToCall', true)
                  from t)
            select (select id from t) as task_id, (select id from live) as live_task_id
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
