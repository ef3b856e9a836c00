package com.loandesk.store;

/** The SQL of collectors' click-to-call: the call's task, and the outcome the collector records afterwards. */
final class CallSql {

    private CallSql() {
    }

    /**
     * $1 case ref, $2 username. Locks the case (against concurrent changes of it) and the caller (one collector's
     * clicks are created one at a time, so that {@link #CREATE_CALL}, the next statement, sees their live call).
     */
    static final String LOCK_FOR_CALL = """
            select (select id from collection_case where external_id = $1 for no key update) as case_id,
                   (select id from users where username = $2 for no key update) as user_id
            """;

    /**
     * $1 case ref, $2 contact point id, $3 username (the task's creator), $4 the caller's gate owner, $5 the collector
     * whose cases the caller may call (null: any), $6 since when a pending click of the caller still counts as live,
     * $7 now (due and created). A pending voice task due now with its 'task_created' history row, when all holds: the
     * case exists (and is the collector's), the point is a phone of its borrower, the caller has a phone of their own,
     * and the caller has no call live (being placed: 'sending' under their owner; or created and not yet judged:
     * 'pending' since $6; both read through partial indexes, contact_task_leased and contact_task_due).
     * One row: what was checked (to name what failed) and the new task's id, or null.
     */
    static final String CREATE_CALL = """
            with kase as (
                select id, borrower_id, assigned_collector from collection_case where external_id = $1),
            point as (
                select borrower_id, kind, value from contact_point where id = $2),
            caller as (
                select phone from users where username = $3 and disabled_at is null),
            live as (
                (select id from contact_task
                  where state = 'sending' and claimed_by = $4 and template = 'click-to-call' limit 1)
                union all
                (select id from contact_task
                  where channel = 'voice' and state = 'pending' and due_at >= $6
                    and created_by = $3 and template = 'click-to-call' limit 1)
                limit 1),
            callable as (
                select k.id from kase k join point p on p.borrower_id = k.borrower_id
                 where ($5::text is null or k.assigned_collector = $5::text)
                   and p.kind in ('mobile', 'home', 'work', 'emergency')
                   and exists (select 1 from caller where phone is not null)
                   and not exists (select 1 from live)),
            t as (
                insert into contact_task (case_id, contact_point_id, channel, template, due_at, created_by, created_at, updated_at)
                select id, $2::bigint, 'voice', 'click-to-call', $7::timestamptz, $3::text, $7::timestamptz, $7::timestamptz from callable
                returning id, case_id, channel, template, due_at, created_by),
            h as (
                insert into case_history (case_id, task_id, at, event, state, actor, detail)
                select case_id, id, due_at, 'task_created', 'pending', created_by,
                       jsonb_build_object('channel', channel, 'template', template, 'dueAt', due_at, 'clickToCall', true)
                  from t)
            select (select id from kase) as case_id, (select borrower_id from kase) as borrower_id,
                   (select assigned_collector from kase) as assigned_collector,
                   (select borrower_id from point) as point_borrower_id, (select kind from point) as point_kind,
                   (select value from point) as point_value, (select phone from caller) as caller_phone,
                   (select id from live) as live_task_id, (select id from t) as task_id
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
