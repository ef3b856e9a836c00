package com.loandesk.store;

/** The SQL of the contact_task table and the history rows its changes write. Parameters are positional. */
final class TaskSql {

    private TaskSql() {
    }

    /**
     * $1 now, $2 limit, $3 channel. The claim: due tasks of one channel in due order (not those of a paused or
     * cancelled wave), row-locked with
     * SKIP LOCKED so concurrent dispatchers take disjoint sets; then their borrowers are locked (in id
     * order, so two dispatchers never deadlock) and what the rules need is read, by column position.
     * Caps are counted under the borrower's lock. The claim and the gate share one transaction: a task
     * is row-locked while that transaction holds it, and leaves it 'sending' (leased), deferred or blocked.
     */
    /** The columns the gate reads ({@link GateColumn}). */
    static final String GATE_COLUMNS = GateColumn.SELECT;

    /** From a task {@code t} to what the gate reads of it: its case, borrower, contact point and wave. */
    private static final String TASK_JOINS = """
              join collection_case c on c.id = t.case_id
              join borrower b on b.id = c.borrower_id
              join contact_point p on p.id = t.contact_point_id
              left join wave w on w.id = t.wave_id
            """;

    static final String CLAIM_FOR_GATE = """
            with due as (
                select id from contact_task t
                 where state in ('pending', 'deferred') and channel = $3 and due_at <= $1
                   and t.template <> 'click-to-call'   -- a collector's call goes only when the collector clicks
                   and (t.wave_id is null
                        or not exists (select 1 from wave w where w.id = t.wave_id and w.state in ('paused', 'cancelled')))
                 order by due_at, id
                 limit $2
                   for update skip locked)
            """ + GATE_COLUMNS + """
              from due
              join contact_task t on t.id = due.id
            """ + TASK_JOINS + """
             order by b.id, t.due_at, t.id
               for no key update of b
            """;

    /**
     * $1 task ids. Claims these pending or deferred tasks whatever their due time (collectors' click-to-call is
     * "now"), with the same locks (borrowers in id order) and reads as {@link #CLAIM_FOR_GATE}; skips those
     * another transaction holds.
     */
    static final String CLAIM_THESE_FOR_GATE = """
            with due as (
                select id from contact_task where id = any($1) and state in ('pending', 'deferred')
                   for update skip locked)
            """ + GATE_COLUMNS + """
              from due
              join contact_task t on t.id = due.id
            """ + TASK_JOINS + """
             order by b.id, t.id
               for no key update of b
            """;

    /** $1 task ids. A dry run's read of existing tasks: the gate's columns, no locks, nothing written. */
    static final String DRY_RUN_TASKS = GATE_COLUMNS + """
              from contact_task t
            """ + TASK_JOINS + """
             where t.id = any($1)
             order by b.id, t.due_at, t.id
            """;

    /**
     * A dry run of a wave selection: for each matching case, the contact the wave would create (the
     * borrower's own contact point of the first fitting kind, in the desk's order), as the gate reads it.
     * $1 channel, $2 contact point kinds in order, $3 template, $4 stage, $5/$6 days-past-due range,
     * $7 product, $8 jurisdiction, $9/$10 balance range, $11 risk grade (each null = any), $12 limit, $13/$14 the page
     * cursor (after this borrower id and case id; null: from the start), $15/$16 the wave's local window (null: none),
     * $17 now. A case busy in another wave (WaveSql.busyCases) is left out, as wave creation skips it.
     */
    static final String DRY_RUN_SELECTION = "with busy as (" + WaveSql.busyCases("0", "$1", "$3", "$17::timestamptz") + ")\n"
            + GATE_COLUMNS + """
              from collection_case c
              join borrower b on b.id = c.borrower_id
              join lateral (select * from contact_point cp
                             where cp.borrower_id = c.borrower_id and cp.role = 'borrower' and cp.kind = any($2)
                             order by array_position($2, cp.kind), cp.priority, cp.id
                             limit 1) p on true
              cross join lateral (select 0::bigint as id, c.id as case_id, p.id as contact_point_id, $1::text as channel,
                                         $3::text as template, null::timestamptz as not_after, 0 as attempts) t
              cross join lateral (select $15::time as window_start, $16::time as window_end) w
             where ($4::text is null or c.stage = $4)
               and ($5::int is null or c.days_past_due >= $5) and ($6::int is null or c.days_past_due <= $6)
               and ($7::text is null or c.product = $7) and ($8::text is null or b.jurisdiction = $8)
               and ($9::numeric is null or c.amount_overdue >= $9) and ($10::numeric is null or c.amount_overdue <= $10)
               and ($11::text is null or c.risk_grade = $11)
               and c.status not in ('paid', 'withdrawn')
               and ($13::bigint is null or (b.id, c.id) > ($13::bigint, $14::bigint))
               and not exists (select 1 from busy where busy.case_id = c.id)
             order by b.id, c.id
             limit $12
            """;

    /** $1 case ref, $2 collector (null: any). The case's id, when it is in that collector's scope. */
    static final String CASE_IN_SCOPE = """
            select id from collection_case where external_id = $1 and ($2::text is null or assigned_collector = $2)
            """;

    /**
     * $1 case id. The desk's dry run of click-to-call: for each phone of the case's borrower a collector may call, the
     * call a click would create (voice, click-to-call), as the gate reads it; nothing written.
     */
    static final String DRY_RUN_CASE_CALLS = GATE_COLUMNS + """
              from collection_case c
              join borrower b on b.id = c.borrower_id
              join contact_point p on p.borrower_id = c.borrower_id and p.kind in ('mobile', 'home', 'work', 'emergency')
              cross join lateral (select 0::bigint as id, c.id as case_id, p.id as contact_point_id, 'voice'::text as channel,
                                         'click-to-call'::text as template, null::timestamptz as not_after, 0 as attempts) t
              cross join lateral (select null::time as window_start, null::time as window_end) w
             where c.id = $1
             order by p.priority, p.id
            """;

    /** $1 borrower ids, $2 since. The borrowers' recent contacts, all cases and channels, read under their locks. */
    static final String RECENT_CONTACTS = """
            select a.borrower_id, a.at, a.channel, a.case_id, a.contact_point_id, a.connected, a.conversation, a.duration_s,
                   a.outcome, a.inbound, a.point_kind, a.also_about_cases
              from contact_attempt a
             where a.borrower_id = any($1) and a.at >= $2
             order by a.at
            """;

    /** $1 borrower ids. Their consents not revoked (expiry is the rules' business). */
    static final String CONSENTS = """
            select borrower_id, purpose, channel, contact_point_id, granted_at, expires_at, source
              from consent where borrower_id = any($1) and revoked_at is null
            """;

    /** $1 borrower ids, $2 now. Call-backs the borrowers asked for that have not passed. */
    static final String CALLBACKS = """
            select borrower_id, from_at, until_at from callback_request
             where borrower_id = any($1) and cancelled_at is null and until_at > $2
            """;

    /** $1 borrower ids. Local times the borrowers named as inconvenient. */
    static final String INCONVENIENT_TIMES = """
            select borrower_id, days, start_local, end_local from inconvenient_time
             where borrower_id = any($1) and removed_at is null
            """;

    /** $1 case ids. Their open holds. */
    static final String OPEN_HOLDS = """
            select h.case_id, h.kind from case_hold h
             where h.case_id = any($1) and h.cleared_at is null
            """;

    /**
     * $1 ids, $2 states, $3 due_at (deferrals), $4 rule ids, $5 now, $6 owner, $7 lease until, $8 each task's own
     * owner (an empty array, or nulls: $6). Applies the gate's decisions to the tasks this transaction claimed:
     * allowed ones become 'sending' under their owner's lease, before any provider is called. The claim counts
     * the attempt (a process that dies now leaves a send that may have gone); a send refused here before any
     * request leaves gives it back ({@link #COMPLETE}).
     */
    static final String APPLY_DECISIONS = """
            update contact_task t
               set state = d.state,
                   due_at = coalesce(d.due_at, t.due_at),
                   block_rule = d.rule_id,
                   attempts = t.attempts + case when d.state = 'sending' then 1 else 0 end,
                   claimed_by = case when d.state = 'sending' then coalesce(d.owner, $6) end,
                   lease_until = case when d.state = 'sending' then $7::timestamptz end,
                   version = t.version + 1,
                   updated_at = $5
              from unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[], $8::text[]) as d(id, state, due_at, rule_id, owner)
             where t.id = d.id and t.state in ('pending', 'deferred')
            """;

    /**
     * $1 borrower, $2 case, $3 contact point, $4 task, $5 attempt no, $6 channel, $7 point kind (arrays), $8 now.
     * The contact counts against the caps from this moment, as 'pending' until the provider reports.
     */
    static final String RECORD_CONTACTS = """
            insert into contact_attempt (borrower_id, case_id, contact_point_id, task_id, attempt_no, channel, point_kind, outcome, at)
            select b, c, p, t, n, ch, k, 'pending', $8
              from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::int[], $6::text[], $7::text[])
                   as x(b, c, p, t, n, ch, k)
            """;

    /**
     * $1 case, $2 task, $3 event, $4 state, $5 rule, $6 policy, $7 detail (arrays), $8 at, $9 actor,
     * $10 each row's own actor (an empty array, or nulls: $9). The gate's rows: no provider has answered yet.
     */
    static final String APPEND_HISTORY = """
            insert into case_history (case_id, task_id, at, event, state, rule_id, policy, actor, detail)
            select c, t, $8, e, s, r, p, coalesce(a, $9), d::jsonb
              from unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                          $10::text[])
                   as x(c, t, e, s, r, p, d, a)
            """;

    /**
     * $1 ids, $2 states, $3 provider refs, $4 errors, $5 retry-at, $6 details, $9 attempt spent (arrays), $7 now,
     * $8 owner. Writes providers' answers and their history in one statement; a task no longer 'sending' under
     * this owner (its lease was recovered) is left alone. A send that never started (refused here, no request
     * made) gives back the attempt its claim counted.
     */
    static final String COMPLETE = """
            with o as (
                select * from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[],
                                     $9::boolean[])
                    as o(id, state, provider_ref, error, retry_at, detail, spent)),
            u as (
                update contact_task t
                   set state = o.state,
                       attempts = t.attempts - case when o.spent then 0 else 1 end,
                       provider_ref = coalesce(o.provider_ref, t.provider_ref),
                       last_error = o.error,
                       due_at = coalesce(o.retry_at, t.due_at),
                       claimed_by = null, lease_until = null,
                       version = t.version + 1, updated_at = $7
                  from o
                 where t.id = o.id and t.state = 'sending' and t.claimed_by = $8
                returning t.id, t.case_id, o.state, o.provider_ref, o.detail)
            insert into case_history (case_id, task_id, at, event, state, provider_ref, actor, detail)
            select u.case_id, u.id, $7, u.state, u.state, u.provider_ref, $8, u.detail::jsonb from u
            """;

    /**
     * $1 task ids, $2 attempt numbers. A contact that never left (rejected, or to be retried) comes off
     * the ledger so it does not count against the caps.
     */
    static final String FORGET_CONTACTS = """
            delete from contact_attempt a
             using unnest($1::bigint[], $2::int[]) as f(task_id, attempt_no)
             where a.task_id = f.task_id and a.attempt_no = f.attempt_no
            """;

    /**
     * $1 task ids, $2 suppressions (OPTED_OUT or INVALID). The provider said the address must not be used
     * on the task's channel again (21610 unsubscribed; 21211/21612/21614 invalid or unroutable).
     */
    static final String SUPPRESS_POINTS = """
            update contact_point p
               set sms_opted_out   = p.sms_opted_out   or (x.s = 'OPTED_OUT' and t.channel = 'sms'),
                   voice_opted_out = p.voice_opted_out or (x.s = 'OPTED_OUT' and t.channel = 'voice'),
                   email_opted_out = p.email_opted_out or (x.s = 'OPTED_OUT' and t.channel = 'email'),
                   invalid_channels = case when x.s = 'INVALID' and not (t.channel = any(p.invalid_channels))
                                           then p.invalid_channels || t.channel else p.invalid_channels end
              from unnest($1::bigint[], $2::text[]) as x(task_id, s)
              join contact_task t on t.id = x.task_id
             where p.id = t.contact_point_id
            """;

    /**
     * $1 owner, $2 lease until, $3 the task ids the owner really holds. The heart-beat: those leases live on; a row
     * left 'sending' under the owner but no longer held lets its lease run out (and recovery turns it 'unknown').
     */
    static final String EXTEND_LEASES = """
            update contact_task set lease_until = $2
             where id = any($3) and state = 'sending' and claimed_by = $1
            """;

    /**
     * $1 now, $2 actor. Sends whose owner vanished may or may not have reached the provider: they
     * become 'unknown' and wait for reconciliation. They are never sent again blindly.
     */
    static final String RECOVER_EXPIRED_SENDS = """
            with r as (
                update contact_task set state = 'unknown', claimed_by = null, lease_until = null,
                       version = version + 1, updated_at = $1
                 where state = 'sending' and lease_until < $1
                returning id, case_id, channel, template)
            insert into case_history (case_id, task_id, at, event, state, actor, detail)
            select case_id, id, $1, 'unknown', 'unknown', $2,
                   jsonb_build_object('why', 'lease expired while sending; the provider may have the contact',
                                      'next', case when channel = 'email' or template = 'click-to-call'
                                                   then 'no provider can be asked: a person settles it (POST /api/tasks/{taskId}/settle); never resent'
                                                   else 'reconcile with the provider before any resend' end) from r
            """;

    /** $1..$8 arrays of new tasks, $9 now. Tasks and their 'task_created' history rows in one statement. */
    static final String ENQUEUE = """
            with n as (
                select * from unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::bigint[],
                                     $6::timestamptz[], $7::timestamptz[], $8::text[])
                    as n(case_id, contact_point_id, channel, template, wave_id, due_at, not_after, created_by)),
            t as (
                insert into contact_task (case_id, contact_point_id, channel, template, wave_id, due_at, not_after,
                                          created_by, created_at, updated_at)
                select n.case_id, n.contact_point_id, n.channel, n.template, n.wave_id, n.due_at, n.not_after,
                       n.created_by, $9, $9
                  from n
                returning id, case_id, channel, template, due_at, created_by)
            insert into case_history (case_id, task_id, at, event, state, actor, detail)
            select case_id, id, $9, 'task_created', 'pending', created_by,
                   jsonb_build_object('channel', channel, 'template', template, 'dueAt', due_at)
              from t
            """;

    /**
     * $1 left unknown before, $2 channels that can be reconciled, $3 limit. Tasks whose send may or may not
     * have reached the provider, with the number used and when the send was started.
     */
    static final String UNKNOWN_TO_RECONCILE = """
            select t.id, t.case_id, t.channel, t.attempts, p.value,
                   -- by the case's history index (its case's events), never a scan of all the history by task_id
                   coalesce((select max(h.at) from case_history h
                              where h.case_id = t.case_id and h.task_id = t.id and h.event = 'sending'),
                            t.updated_at) as sending_at
              from contact_task t join contact_point p on p.id = t.contact_point_id
             where t.state = 'unknown' and t.updated_at < $1 and t.channel = any($2)
               and t.template <> 'click-to-call'   -- its call went to the collector's phone: a person settles it
             order by t.updated_at
             limit $3
            """;

    /** $1 task, $2 provider ref, $3 now, $4 actor. The provider has it: the task was sent after all. */
    static final String RECONCILED_SENT = """
            with u as (
                update contact_task set state = 'sent', provider_ref = $2, version = version + 1, updated_at = $3
                 where id = $1 and state = 'unknown'
                   and not exists (select 1 from contact_task o where o.provider_ref = $2 and o.id <> $1)
                returning id, case_id)
            insert into case_history (case_id, task_id, at, event, state, provider_ref, actor, detail)
            select case_id, id, $3, 'reconciled', 'sent', $2, $4, '{"provider":"has the contact"}'::jsonb from u
            """;

    /**
     * $1 task, $2 now, $3 actor. The provider has no record: nothing left the building, so the task goes
     * back to the queue (through the gate again) and its contact comes off the cap ledger.
     */
    static final String RECONCILED_NOT_SENT = """
            with u as (
                update contact_task set state = 'pending', due_at = $2, version = version + 1, updated_at = $2
                 where id = $1 and state = 'unknown'
                returning id, case_id, attempts),
            forget as (
                delete from contact_attempt a using u where a.task_id = u.id and a.attempt_no = u.attempts)
            insert into case_history (case_id, task_id, at, event, state, actor, detail)
            select case_id, id, $2, 'reconciled', 'pending', $3, '{"provider":"has no record; queued again"}'::jsonb from u
            """;

    /** How many template versions are approved, read in the judging transaction (see TaskStore#checkingTemplates). */
    static final String APPROVED_TEMPLATE_VERSIONS = "select count(*) as approvals from template where approved_at is not null";

    /** The open tasks by state, exactly, from contact_task_open_state alone (V30): the finished tasks are never read. */
    static final String COUNT_OPEN_BY_STATE = "select state, count(*) as n from contact_task where state in "
            + TaskState.openSqlList() + " group by state";

    /**
     * Every state's share of contact_task times its estimated rows, from the planner's statistics (as of the last
     * ANALYZE, which autovacuum runs as the table grows): no row is read. Empty before the first ANALYZE.
     */
    static final String ESTIMATE_BY_STATE = """
            select v.state, round(v.freq * greatest(c.reltuples, 0))::bigint as n, greatest(t.last_analyze, t.last_autoanalyze) as at
              from pg_class c
              join pg_stat_user_tables t on t.relid = c.oid
              join pg_stats s on s.schemaname = t.schemaname and s.tablename = t.relname and s.attname = 'state'
              cross join lateral unnest(s.most_common_vals::text::text[], s.most_common_freqs) as v(state, freq)
             where c.oid = 'contact_task'::regclass
            """;
}
