package com.loandesk.store;

/**
 * The SQL of reminder waves: creation (the members), feeding (tasks made from members at the wave's rate),
 * progress, pause/resume/cancel, and the wave_event trail.
 */
final class WaveSql {

    private WaveSql() {
    }

    /** Task states that may still lead to a contact: another wave's task in one of these makes a case busy. */
    static final String OPEN_STATES = TaskState.openSqlList();

    /**
     * $1 lock key, $2 template, $3 channel. Serialises wave creation per (channel, template) until commit, so
     * two waves created at once cannot both miss each other's tasks; and says whether the template has an
     * approved version for the channel.
     */
    static final String LOCK_AND_CHECK_TEMPLATE = """
            select pg_advisory_xact_lock(hashtext($1))::text as locked,
                   exists (select 1 from template where code = $2 and channel = $3 and approved_at is not null) as approved
            """;

    /**
     * $1 name, $2 channel, $3 template, $4 stage, $5/$6 dpd range, $7 product, $8 jurisdiction, $9/$10 balance
     * range, $11 risk grade, $12/$13 window start/end, $14 rate per minute, $15 not after, $16 created by, $17 now,
     * $18 starts at (null: now).
     */
    static final String INSERT_WAVE = """
            insert into wave (name, channel, template, stage, dpd_min, dpd_max, product, jurisdiction, balance_min,
                              balance_max, risk_grade, window_start, window_end, rate_per_minute, not_after,
                              created_by, created_at, updated_at, state, starts_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, 'running', $18)
            returning id
            """;

    /**
     * The body of a CTE of the cases busy for a wave of {@code channel} and {@code template} (SQL parameters or
     * literals): each has an open task of the same channel and template in another running or paused wave than
     * {@code waveId} (found through the wave's tasks, by contact_task_wave; there is no index on case_id), or is a
     * member such a wave has not fed yet and may still feed (before its not_after, against {@code now}). Wave
     * creation skips them and the dry run leaves them out: one definition for both.
     */
    static String busyCases(String waveId, String channel, String template, String now) {
        return """
                select distinct o.case_id
                  from wave w
                  join contact_task o on o.wave_id = w.id
                 where w.id <> %1$s and w.state in ('running', 'paused') and w.channel = %2$s and w.template = %3$s
                   and o.state in %5$s
                union
                select m.case_id
                  from wave w
                  join wave_member m on m.wave_id = w.id and m.seq > w.fed
                 where w.id <> %1$s and w.state in ('running', 'paused') and w.channel = %2$s and w.template = %3$s
                   and (w.not_after is null or w.not_after > %4$s)""".formatted(waveId, channel, template, now, OPEN_STATES);
    }

    /**
     * The selection, as CTEs {@code busy} ({@link #busyCases}) and {@code sel}: every matching case with the contact point a wave
     * uses, chosen exactly as TaskSql.DRY_RUN_SELECTION chooses it (the borrower's own point of the first
     * fitting kind in the desk's order, then priority, then id; never guarantors or third parties; never a
     * paid or withdrawn case), and
     * whether the case is busy.
     * $1 this wave's id (0 for none), $2 channel, $3 point kinds in order, $4 template, $5 stage, $6/$7 dpd
     * range, $8 product, $9 jurisdiction, $10/$11 balance range, $12 risk grade (each null = any), $13 now (the
     * service's clock, never the database's: a wave past its not_after no longer makes cases busy).
     */
    private static final String SELECTION = """
            with busy as (%s),
            sel as (
                select c.id as case_id, p.id as point_id, (busy.case_id is not null) as busy
                  from collection_case c
                  join borrower b on b.id = c.borrower_id
                  join lateral (select cp.id from contact_point cp
                                 where cp.borrower_id = c.borrower_id and cp.role = 'borrower' and cp.kind = any($3)
                                 order by array_position($3, cp.kind), cp.priority, cp.id
                                 limit 1) p on true
                  left join busy on busy.case_id = c.id
                 where ($5::text is null or c.stage = $5)
                   and ($6::int is null or c.days_past_due >= $6) and ($7::int is null or c.days_past_due <= $7)
                   and ($8::text is null or c.product = $8) and ($9::text is null or b.jurisdiction = $9)
                   and ($10::numeric is null or c.amount_overdue >= $10) and ($11::numeric is null or c.amount_overdue <= $11)
                   and ($12::text is null or c.risk_grade = $12)
                   and c.status not in ('paid', 'withdrawn'))
            """.formatted(busyCases("$1", "$2", "$4", "$13"));

    /**
     * $1..$13 as {@link #SELECTION}. One statement: the wave's members, numbered 1..n in no particular order,
     * each a case and the contact point its task will use. Returns enqueued (members) and skipped (busy).
     */
    static final String ENQUEUE_MEMBERS = SELECTION + """
            , m as (
                insert into wave_member (wave_id, seq, case_id, contact_point_id)
                select $1, row_number() over (), s.case_id, s.point_id from sel s where not s.busy
                returning 1)
            select (select count(*) from m) as enqueued, (select count(*) from sel where busy) as skipped
            """;

    /**
     * $1 wave, $2 now, $3 the most members to feed. Feeds a running wave whose start has come: makes the tasks
     * of its next members (due now, with a 'task_created' history row each, by the wave's creator) and moves
     * its cursor, in one statement under the wave's row lock (skipped when another feeder holds it). With a
     * rate, a member is earned every 60/rate seconds, at most one second's worth (or one member) at once: fed_at
     * runs ahead of the clock by what was taken and never lags it by more than that, so no minute sees more
     * than the rate plus one second's worth. Returns fed (0 when nothing was
     * due or the wave is locked, paused, past its not_after, finished or gone: members of a wave past its
     * not_after are never fed, since their tasks could only expire).
     */
    static final String FEED = """
            with w0 as (
                select id, channel, template, not_after, created_by, fed, enqueued, rate_per_minute,
                       greatest(coalesce(fed_at, $2::timestamptz - burst), $2::timestamptz - burst) as base
                  from wave
                 cross join lateral (select make_interval(secs => greatest(1.0, 60.0 / coalesce(rate_per_minute, 60))) as burst) b
                 where id = $1 and state = 'running' and fed < enqueued and (starts_at is null or starts_at <= $2)
                   and (not_after is null or not_after > $2)
                   for no key update of wave skip locked),
            w as (
                select w0.*, least(enqueued - fed, $3::int,
                                   case when rate_per_minute is null then $3::int
                                        else floor(extract(epoch from ($2::timestamptz - base)) * rate_per_minute / 60)::int
                                   end) as take
                  from w0),
            t as (
                insert into contact_task (case_id, contact_point_id, channel, template, wave_id, due_at, not_after,
                                          created_by, created_at, updated_at)
                select m.case_id, m.contact_point_id, w.channel, w.template, w.id, $2, w.not_after, w.created_by, $2, $2
                  from w join wave_member m on m.wave_id = w.id and m.seq > w.fed and m.seq <= w.fed + w.take
                returning id, case_id),
            h as (
                insert into case_history (case_id, task_id, at, event, state, actor, detail)
                select t.case_id, t.id, $2, 'task_created', 'pending', w.created_by,
                       jsonb_build_object('waveId', w.id, 'channel', w.channel, 'template', w.template, 'dueAt', $2::timestamptz)
                  from t cross join w),
            u as (
                update wave set fed = w.fed + w.take, updated_at = $2,
                                fed_at = case when w.rate_per_minute is null then $2
                                              else w.base + make_interval(secs => w.take * 60.0 / w.rate_per_minute) end
                  from w
                 where wave.id = w.id and w.take > 0
                returning wave.id)
            select coalesce((select take from w where take > 0 and exists (select 1 from u)), 0) as fed
            """;

    /** $1 now. Running waves with members to feed whose start has come and whose end has not, oldest first. */
    static final String FEEDABLE = """
            select id, channel from wave
             where state = 'running' and fed < enqueued and (starts_at is null or starts_at <= $1)
               and (not_after is null or not_after > $1)
             order by id
            """;

    /**
     * $1 channel, $2 now, $3 limit. How many tasks of the channel are due now, counted up to the limit: the
     * dispatcher's backlog, which feeding keeps below a high-water mark.
     */
    static final String DUE_BACKLOG = """
            select count(*) as n from (
                select 1 from contact_task
                 where state in ('pending', 'deferred') and channel = $1 and due_at <= $2
                 limit $3) due
            """;

    /** $1..$13 as {@link #SELECTION} with $1 = 0. What a wave would enqueue and skip now; writes nothing. */
    static final String COUNT_SELECTION = SELECTION + """
            select count(*) filter (where not busy) as enqueued, count(*) filter (where busy) as skipped from sel
            """;

    /** $1 wave, $2 enqueued, $3 skipped, $4 now, $5 actor, $6 detail. The counts, and the wave's 'created' event. */
    static final String FINISH_CREATE = """
            with u as (
                update wave set enqueued = $2, skipped = $3, updated_at = $4 where id = $1 returning id)
            insert into wave_event (wave_id, at, actor, event, detail)
            select id, $4, $5, 'created', $6::text::jsonb from u
            """;

    private static final String WAVE_COLUMNS = """
            id, name, channel, template, state, stage, dpd_min, dpd_max, product, jurisdiction, balance_min, balance_max,
            risk_grade, to_char(window_start, 'HH24:MI') as window_start, to_char(window_end, 'HH24:MI') as window_end,
            rate_per_minute, not_after, enqueued, skipped, created_by, created_at, updated_at, starts_at, fed""";

    /** $1 wave id. */
    static final String WAVE = "select " + WAVE_COLUMNS + " from wave where id = $1";

    /** $1 limit. The newest waves first, each with its latest sample (by the sample's key: no task is counted). */
    static final String LIST = """
            select w.*, s.at as sampled_at, s.counts as sampled_counts
              from (select %s from wave order by id desc limit $1) w
              left join lateral (select at, counts from wave_sample where wave_id = w.id order by at desc limit 1) s on true
             order by w.id desc
            """.formatted(WAVE_COLUMNS);

    /** $1 wave id. The wave's tasks by state and rule (block_rule holds the rule of blocked and deferred tasks). */
    static final String TASK_COUNTS = """
            select state, block_rule, count(*) as n, min(due_at) as next_due
              from contact_task where wave_id = $1 group by state, block_rule
            """;

    /**
     * $1 wave id. When its first and last contacts left, from the contact ledger (by its task index), in the ledger's
     * months since the wave began only: a day's margin for the clocks of several instances, which stamp both.
     */
    static final String CONTACT_SPAN = """
            select min(a.at) as first_at, max(a.at) as last_at, count(*) as contacts
              from contact_task t join contact_attempt a on a.task_id = t.id
             where t.wave_id = $1
               and a.at >= (select w.created_at - interval '1 day' from wave w where w.id = $1)
            """;

    /** $1 wave id, $2 limit. Its audit trail, oldest first. */
    static final String EVENTS = """
            select id, at, actor, event, detail from wave_event where wave_id = $1 order by id limit $2
            """;

    /**
     * $1 wave, $2 from state, $3 to state, $4 now, $5 actor, $6 event. Pause or resume: the wave's state and its
     * event in one statement; no row when the wave is not in the from state.
     */
    static final String TRANSITION = """
            with u as (
                update wave set state = $3, updated_at = $4 where id = $1 and state = $2 returning id)
            insert into wave_event (wave_id, at, actor, event, detail)
            select id, $4, $5, $6, jsonb_build_object('from', $2::text, 'to', $3::text) from u
            returning wave_id
            """;

    /**
     * $1 wave, $2 now, $3 actor. Cancel, in one statement: the wave becomes 'cancelled'; every pending or
     * deferred task of it becomes 'blocked' by WAVE_CANCELLED with a history row each; tasks already sending,
     * sent or final are untouched; one wave_event. A task a dispatcher holds claimed is waited for and then
     * skipped if it left 'pending'/'deferred'. Returns changed (0 when the wave was not running or paused)
     * and blocked. Members not fed yet never become tasks: the event records how many (unfed).
     */
    /** $1 wave. Waits for a feeder holding the wave, so that CANCEL's own snapshot sees every task it made. */
    static final String LOCK_WAVE = "select id from wave where id = $1 for update";

    static final String CANCEL = """
            with w as (
                update wave set state = 'cancelled', updated_at = $2
                 where id = $1 and state in ('running', 'paused')
                returning id, state, enqueued - fed as unfed),
            t as (
                update contact_task set state = 'blocked', block_rule = 'WAVE_CANCELLED', version = version + 1, updated_at = $2
                 where wave_id = (select id from w) and state in ('pending', 'deferred')
                returning id, case_id),
            h as (
                insert into case_history (case_id, task_id, at, event, state, rule_id, actor, detail)
                select t.case_id, t.id, $2, 'blocked', 'blocked', 'WAVE_CANCELLED', $3,
                       jsonb_build_object('waveId', $1::bigint, 'why', 'wave cancelled')
                  from t),
            e as (
                insert into wave_event (wave_id, at, actor, event, detail)
                select w.id, $2, $3, 'cancelled', jsonb_build_object('blocked', (select count(*) from t), 'unfed', w.unfed) from w
                returning wave_id)
            select (select count(*) from e) as changed, (select count(*) from t) as blocked,
                   coalesce((select unfed from w), 0) as unfed
            """;

    /**
     * $1 now, $2 sampled since (now less most of an interval). One sample of every wave that still had work at its
     * last sample (or has none yet), unless another instance sampled it since $2: its tasks by state,
     * its members still to be fed (queued; 0 once cancelled) and open (queued plus tasks that may still go). A wave
     * whose sample says open 0 is not sampled again: a finished wave costs nothing. Counts go by contact_task_wave.
     */
    static final String SAMPLE_OPEN_WAVES = """
            insert into wave_sample (wave_id, at, counts)
            select w.id, $1, c.counts || jsonb_build_object('queued', q.queued, 'open', q.queued + c.open)
              from wave w
              cross join lateral (select case when w.state = 'cancelled' then 0 else greatest(w.enqueued - w.fed, 0) end as queued) q
              cross join lateral (
                  select coalesce(jsonb_object_agg(state, n), '{}'::jsonb) as counts,
                         coalesce(sum(n) filter (where state in %s), 0) as open
                    from (select state, count(*) as n from contact_task t where t.wave_id = w.id group by state) by_state) c
              left join lateral (select s.at, (s.counts ->> 'open')::bigint as open from wave_sample s
                                  where s.wave_id = w.id order by s.at desc limit 1) last on true
             where w.state in ('running', 'paused', 'cancelled')
               and coalesce(last.open, 1) > 0 and (last.at is null or last.at < $2)
            on conflict do nothing
            """.formatted(OPEN_STATES);

    /** $1 wave id, $2 the most. Its newest samples, oldest first. */
    static final String SAMPLES = """
            select at, counts from (select at, counts from wave_sample where wave_id = $1 order by at desc limit $2) s order by at
            """;
}
