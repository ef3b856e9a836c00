package com.loandesk.store;

/**
 * The SQL of provider events, statuses and inbound messages. Every statement takes arrays, so a batch
 * of events costs the same number of round trips as one. Parameters are positional.
 */
final class ProviderEventSql {

    private ProviderEventSql() {
    }

    /**
     * The first key of the transaction locks a replay check takes ({@code pg_advisory_xact_lock(int, int)}: a key
     * space of its own, apart from the single-key locks of the jobs): provider events, inbound messages.
     */
    static final int EVENT_LOCKS = 1;
    static final int INBOUND_LOCKS = 2;

    /**
     * $1 lock class, $2 keys (distinct, ascending, so two batches never wait on each other in a cycle). Takes a
     * transaction lock per key: a replay arriving at once waits for this transaction and then sees its rows.
     */
    static final String LOCK_KEYS = """
            select count(pg_advisory_xact_lock($1, k))::int as locked from unnest($2::int[]) with ordinality as x(k, o)
            """;

    /**
     * $1 sids, $2 kinds, $3 dedupe keys, $4 statuses, $5 details (json text), $6 received at (arrays), $7 the replay
     * window's start. The events whose key has no event received since $7 (a key repeated within the batch: its first),
     * in the batch's order; replays do nothing. The keys are locked first ({@link #LOCK_KEYS}): this statement's
     * snapshot then holds every earlier event of them.
     */
    static final String INSERT_EVENTS = """
            insert into provider_event (provider_sid, kind, dedupe_key, status, received_at, detail)
            select s, k, d, st, at, coalesce(x::jsonb, '{}'::jsonb)
              from (select distinct on (s, k, d) *
                      from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
                           with ordinality as e(s, k, d, st, x, at, o)
                     order by s, k, d, o) e
             where not exists (select 1 from provider_event p
                                where p.provider_sid = e.s and p.kind = e.k and p.dedupe_key = e.d and p.received_at >= $7)
             order by o
            returning id, provider_sid, kind, dedupe_key
            """;

    /**
     * $1 sids, $2 media, $3 statuses, $4 ranks, $5 durations, $6 answered by (arrays, one row per sid), $7 now.
     * A status replaces the stored one only when its rank is higher. The facts the caps read only ever move
     * towards more contact: the longest duration reported is kept, and a person answering ('human') is never
     * replaced by a later machine or unknown; otherwise answered-by is kept once known.
     */
    static final String ADVANCE_STATUS = """
            insert into provider_status as p (provider_sid, medium, status, rank, duration_s, answered_by, updated_at)
            select s, m, coalesce(st, 'unknown'), greatest(r, 0), d, a, $7
              from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[]) as x(s, m, st, r, d, a)
            on conflict (provider_sid) do update
               set status      = case when excluded.rank > p.rank then excluded.status else p.status end,
                   rank        = greatest(p.rank, excluded.rank),
                   duration_s  = greatest(p.duration_s, excluded.duration_s),
                   answered_by = case when p.answered_by = 'human' or excluded.answered_by is null then p.answered_by
                                      else excluded.answered_by end,
                   updated_at  = excluded.updated_at
            """;

    /**
     * $1 parent call sids, $2 borrower-leg statuses, $3 durations (arrays, in arrival order), $4 now. The
     * borrower's leg of a bridged call, on its parent's row: its status moves only towards more contact
     * (answered and completed over no answer) and its duration only grows.
     */
    static final String ADVANCE_LEG = """
            insert into provider_status as p (provider_sid, medium, status, rank, leg_status, leg_duration_s, updated_at)
            select s, 'call', 'unknown', 0, st, d, $4
              from unnest($1::text[], $2::text[], $3::int[]) with ordinality as x(s, st, d, o)
            on conflict (provider_sid) do update
               set leg_status     = case when %s > %s then excluded.leg_status else p.leg_status end,
                   leg_duration_s = greatest(p.leg_duration_s, excluded.leg_duration_s),
                   updated_at     = excluded.updated_at
            """.formatted(legRank("excluded.leg_status"), legRank("p.leg_status"));

    /** How far a borrower's leg got: completed (answered) highest. */
    private static String legRank(String column) {
        return "(case " + column + " when 'completed' then 5 when 'in-progress' then 4 when 'busy' then 3 when 'no-answer' then 3"
                + " when 'ringing' then 2 when 'failed' then 1 when 'canceled' then 1 else 0 end)";
    }

    /**
     * $1 event ids, $2 actor, $3 received no earlier than (the months to read). Links not-yet-linked events to the
     * task that holds their sid as provider_ref and appends each to that task's case history (event name = kind).
     */
    static final String MATCH_AND_HISTORY = """
            with m as (
                update provider_event e set task_id = t.id
                  from contact_task t
                 where e.id = any($1) and e.received_at >= $3 and e.task_id is null and t.provider_ref = e.provider_sid
                returning e.id, e.kind, e.status, e.provider_sid, e.received_at, e.detail, t.id as task_id, t.case_id)
            insert into case_history (case_id, task_id, at, event, state, provider_ref, actor, detail)
            select case_id, task_id, received_at, kind, status, provider_sid, $2, detail from m order by id
            returning task_id
            """;

    /**
     * $1 sids, $2 now. Moves tasks forward from the furthest provider status: a delivered message (or a
     * completed call) is 'delivered', an undelivered or failed one 'failed'. Only 'sent' or 'unknown'
     * tasks move, so nothing goes backwards and a task still being written by its dispatcher is untouched.
     */
    static final String APPLY_TASK_STATE = """
            with x as (
                select s.provider_sid, s.status,
                       case when s.medium = 'message' and s.status in ('delivered', 'read', 'partially_delivered') then 'delivered'
                            when s.medium = 'message' and s.status in ('undelivered', 'failed') then 'failed'
                            when s.medium = 'call' and s.status = 'completed' then 'delivered'
                            when s.medium = 'call' and s.status in ('failed', 'canceled') then 'failed'
                       end as next_state
                  from provider_status s
                 where s.provider_sid = any($1))
            update contact_task t
               set state = x.next_state,
                   last_error = case when x.next_state = 'failed' then 'provider status ' || x.status else t.last_error end,
                   version = t.version + 1,
                   updated_at = $2
              from x
             where t.provider_ref = x.provider_sid and x.next_state is not null and t.state in ('sent', 'unknown')
            returning t.id
            """;

    /**
     * $1 message or call sids. Writes what a finished contact really was to its contact_attempt row, for
     * the caps: connected, duration, whether it was a conversation (a human answered, or nothing was
     * detected, and there was talk time), and its
     * outcome (delivered / no answer / voicemail left / machine without a message / answered / not connected).
     *
     * <p>These facts only ever move towards more contact: a row once connected stays connected, a
     * conversation stays one, the duration only grows, and the outcome only moves up
     * not_connected → no_answer → machine_no_message → voicemail_left → answered / delivered. A late or
     * contradicting callback is kept as an event and changes nothing here.
     */
    static final String APPLY_ATTEMPT_OUTCOMES = """
            with n as (
                -- a collector's bridged call (click-to-call) is judged by the borrower's leg alone: the
                -- collector answering says nothing of the borrower; no leg yet means not connected (yet)
                select t.id as task_id, t.attempts,
                       case when t.template = 'click-to-call' then coalesce(s.leg_status = 'completed', false)
                            when s.medium = 'call' then s.status = 'completed'
                            else s.status in ('delivered', 'read', 'partially_delivered') end as connected,
                       case when t.template = 'click-to-call' then coalesce(s.leg_duration_s, 0)
                            else coalesce(s.duration_s, 0) end as duration_s,
                       -- no AnsweredBy (a collector's bridged call has no machine detection): talk time counts
                       -- as a conversation, the stricter reading for the caps
                       case when t.template = 'click-to-call'
                            then coalesce(s.leg_status = 'completed' and s.leg_duration_s > 0, false)
                            else (s.medium = 'call' and s.status = 'completed' and coalesce(s.answered_by = 'human', true)
                                  and coalesce(s.duration_s, 0) > 0) end as conversation,
                       case
                           when t.template = 'click-to-call' then case
                               when s.leg_status = 'completed' then 'answered'
                               when s.leg_status in ('busy', 'no-answer') then 'no_answer'
                               else 'not_connected' end
                           when s.medium = 'message' and s.status in ('delivered', 'read', 'partially_delivered') then 'delivered'
                           when s.medium = 'message' then 'not_connected'
                           when s.status in ('busy', 'no-answer') then 'no_answer'
                           when s.status in ('failed', 'canceled') then 'not_connected'
                           when s.answered_by like 'machine_end%%' then 'voicemail_left'
                           when s.answered_by in ('machine_start', 'fax') then 'machine_no_message'
                           else 'answered' end as outcome
                  from provider_status s
                  join contact_task t on t.provider_ref = s.provider_sid
                 where s.provider_sid = any($1)
                   and ((s.medium = 'call' and s.rank >= 4)
                        or (s.medium = 'message' and s.status in ('delivered', 'read', 'partially_delivered', 'undelivered', 'failed'))))
            update contact_attempt a
               set connected    = coalesce(a.connected, false) or n.connected,
                   duration_s   = greatest(a.duration_s, n.duration_s),
                   conversation = a.conversation or n.conversation,
                   outcome      = case when %s >= %s then a.outcome else n.outcome end
              from n
             where a.task_id = n.task_id and a.attempt_no = n.attempts
            """.formatted(outcomeRank("a.outcome"), outcomeRank("n.outcome"));

    /** How much contact an outcome is, for moving only towards more: pending / unknown lowest. */
    private static String outcomeRank(String column) {
        return "(case " + column + " when 'not_connected' then 1 when 'no_answer' then 2 when 'machine_no_message' then 3"
                + " when 'voicemail_left' then 4 when 'answered' then 5 when 'delivered' then 5 else 0 end)";
    }



    /** $1 since, $2 limit. Unlinked events whose task is now known. */
    static final String UNMATCHED = """
            select e.id, e.provider_sid from provider_event e
             where e.task_id is null and e.received_at >= $1
               and exists (select 1 from contact_task t where t.provider_ref = e.provider_sid)
             order by e.id
             limit $2
            """;

    /**
     * $1 sid, $2 from, $3 to, $4 body, $5 keyword code, $6 matched keyword, $7 at, $8 the replay window's start. Once
     * per message sid: nothing when the sid has a message received since $8 (the sid locked first, {@link #LOCK_KEYS}).
     */
    static final String INSERT_INBOUND = """
            insert into inbound_message (message_sid, from_number, to_number, body, keyword, matched, received_at)
            select $1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::timestamptz
             where not exists (select 1 from inbound_message m where m.message_sid = $1::text and m.received_at >= $8)
            returning id
            """;

    /** $1 number, $2 received at. The last text from the number, kept at its latest. */
    static final String SET_LAST_INBOUND_TEXT = """
            update contact_point set last_inbound_text_at = greatest(last_inbound_text_at, $2) where value = $1
            """;

    /**
     * $1 event ids, $2 received no earlier than. A message's delivery error that says the number cannot take texts marks its contact
     * point unfit for SMS (30005 unknown handset, 30006 landline or unreachable carrier, 21211 / 21612 / 21614
     * invalid or unroutable), and 21610 (the recipient replied STOP to the sender) opts it out of SMS: the
     * same suppressions a refused send makes.
     */
    static final String SUPPRESS_BY_DELIVERY_ERROR = """
            with x as (
                select t.contact_point_id as point_id,
                       bool_or(e.detail->>'errorCode' = '21610') as opted_out,
                       bool_or(e.detail->>'errorCode' in ('30005', '30006', '21211', '21612', '21614')) as unfit
                  from provider_event e
                  join contact_task t on t.provider_ref = e.provider_sid and t.channel = 'sms'
                 where e.id = any($1) and e.received_at >= $2 and e.kind = 'delivery_status'
                   and e.detail->>'errorCode' in ('30005', '30006', '21211', '21612', '21614', '21610')
                 group by t.contact_point_id)
            update contact_point p
               set sms_opted_out    = p.sms_opted_out or x.opted_out,
                   invalid_channels = case when x.unfit and not ('sms' = any(p.invalid_channels))
                                           then p.invalid_channels || 'sms'::text else p.invalid_channels end
              from x
             where p.id = x.point_id
            """;

    /** $1 number, $2 opted out. */
    static final String SET_SMS_OPT_OUT = """
            update contact_point set sms_opted_out = $2 where value = $1
            """;

    /** $1 number, $2 at, $3 keyword code, $4 detail (json text). One history row per case of each matching borrower. */
    static final String INBOUND_HISTORY = """
            with p as (select id, borrower_id from contact_point where value = $1),
            h as (
                insert into case_history (case_id, task_id, at, event, state, actor, detail)
                select c.id, null, $2, 'inbound_sms', $3, 'borrower', $4::jsonb || jsonb_build_object('contactPointId', p.id)
                  from p join collection_case c on c.borrower_id = p.borrower_id
                returning 1)
            select (select count(*) from p) as points, (select count(*) from h) as rows
            """;
}
