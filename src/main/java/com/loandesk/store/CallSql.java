package com.loandesk.store;

/** The SQL of collectors' click-to-call: the call's task, and the outcome the collector records afterwards. */
final class CallSql {

    private CallSql() {
    }

    /**
     * $1 case refs, $2 usernames. Locks the cases (against concurrent changes of them) and the callers (one
     * collector's clicks are created one at a time, in every process, so that {@link #CREATE_CALLS}, the next
     * statement, sees their live call), each in id order so that two transactions never deadlock on them.
     */
    static final String LOCK_FOR_CALLS = """
            select (select count(*) from (select id from collection_case where external_id = any($1)
                                           order by id for no key update) k) as cases,
                   (select count(*) from (select id from users where username = any($2)
                                           order by id for no key update) u) as users
            """;

    /**
     * Clicks, by position in arrays: $1 case refs, $2 contact point ids, $3 usernames (the tasks' creators; each at
     * most once), $4 the callers' gate owners, $5 the collectors whose cases each caller may call (null: any); and
     * $6 now (due and created). For each click whose checks all hold, a pending voice task due now with its
     * 'task_created' history row: the case exists (and is the collector's), the point is a phone of its borrower, the
     * caller has a phone of their own, and the caller has no call live (being placed: 'sending' under their owner,
     * read once for the whole batch through the partial index contact_task_leased). One row per click, in order: what was checked (to name
     * what failed) and the new task's id, or null.
     */
    static final String CREATE_CALLS = """
            with click as (
                select * from unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[]) with ordinality
                    as x(case_ref, point_id, caller, owner, scope, i)),
            live as (
                select claimed_by as owner, min(id) as id from contact_task
                 where state = 'sending' and claimed_by = any($4) and template = 'click-to-call'
                 group by claimed_by),
            checked as (
                select x.i, x.point_id, x.caller, x.scope, k.id as case_id, k.borrower_id, k.assigned_collector,
                       p.borrower_id as point_borrower_id, p.kind as point_kind, p.value as point_value, u.phone as caller_phone,
                       l.id as live_task_id
                  from click x
                  left join live l on l.owner = x.owner
                  left join collection_case k on k.external_id = x.case_ref
                  left join contact_point p on p.id = x.point_id
                  left join users u on u.username = x.caller and u.disabled_at is null),
            t as (
                insert into contact_task (case_id, contact_point_id, channel, template, due_at, created_by, created_at, updated_at)
                select case_id, point_id, 'voice', 'click-to-call', $6::timestamptz, caller, $6::timestamptz, $6::timestamptz
                  from checked
                 where case_id is not null and (scope is null or assigned_collector = scope)
                   and point_borrower_id = borrower_id and point_kind in ('mobile', 'home', 'work', 'emergency')
                   and caller_phone is not null and live_task_id is null
                 order by i
                returning id, case_id, channel, template, due_at, created_by),
            h as (
                insert into case_history (case_id, task_id, at, event, state, actor, detail)
                select case_id, id, due_at, 'task_created', 'pending', created_by,
                       jsonb_build_object('channel', channel, 'template', template, 'dueAt', due_at, 'clickToCall', true)
                  from t)
            select c.case_id, c.borrower_id, c.assigned_collector, c.point_borrower_id, c.point_kind, c.point_value,
                   c.caller_phone, c.live_task_id, t.id as task_id
              from checked c left join t on t.created_by = c.caller
             order by c.i
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
            select 1 from case_history
             where case_id = (select case_id from contact_task where id = $1) and task_id = $1 and event = 'call_outcome'
             limit 1
            """;

    /**
     * $1 caller, $2 limit, $3 collector scope (null: any case). The caller's placed calls with no outcome recorded yet,
     * newest first, with what Twilio last said of them: a call's outcome can be recorded after a reload, a day later,
     * from another page. Refused clicks (blocked) were never placed and are not listed.
     */
    static final String AWAITING_OUTCOME = """
            select t.id as task_id, c.external_id as case_ref, t.state, t.created_at, t.provider_ref, p.kind, p.value,
                   s.status as call_status, coalesce(s.leg_duration_s, s.duration_s) as duration_s, s.leg_status
              from contact_task t
              join collection_case c on c.id = t.case_id
              join contact_point p on p.id = t.contact_point_id
              left join provider_status s on s.provider_sid = t.provider_ref
             where t.template = 'click-to-call' and t.created_by = $1
               and t.state in ('sending', 'sent', 'delivered', 'unknown')
               and ($3::text is null or c.assigned_collector = $3)
               and not exists (select 1 from case_history h
                                where h.case_id = t.case_id and h.task_id = t.id and h.event = 'call_outcome')
             order by t.id desc
             limit $2
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
