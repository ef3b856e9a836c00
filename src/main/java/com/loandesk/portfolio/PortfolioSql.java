package com.loandesk.portfolio;

/** The SQL of the nightly recompute and of its run log. */
final class PortfolioSql {

    private PortfolioSql() {
    }

    /** The id range of the cases: the recompute walks it in batches. */
    static final String ID_RANGE = "select coalesce(min(id), 0) as lo, coalesce(max(id), -1) as hi from collection_case";

    /**
     * $1/$2 id range (inclusive), $3 business date, $4 grace days, $5 early max DPD, $6 middle max DPD, $7 now,
     * $8 actor. Sets days_past_due = max(0, business date - due date), status (0 current, 1..grace warning, beyond
     * overdue) and stage (by DPD) of every case in the range that is neither paid nor withdrawn and whose values
     * change, and appends a 'stage_changed' and a 'status_changed' history row ({from, to, daysPastDue,
     * businessDate}) for each change of those. Running it again for the same date changes nothing. The update
     * checks paid/withdrawn again on the row it locks, so a case paid meanwhile keeps its status.
     */
    static final String RECOMPUTE_RANGE = """
            with calc as (
                select c.id, c.stage as old_stage, c.status as old_status, v.dpd,
                       case when v.dpd = 0 then 'current' when v.dpd <= $4 then 'warning' else 'overdue' end as status,
                       case when v.dpd <= $5 then 'early' when v.dpd <= $6 then 'middle' else 'late' end as stage
                  from collection_case c
                  cross join lateral (select greatest(0, $3::date - c.due_date) as dpd) v
                 where c.id between $1 and $2 and c.status not in ('paid', 'withdrawn')),
            u as (
                update collection_case c
                   set days_past_due = n.dpd, status = n.status, stage = n.stage, updated_at = $7
                  from calc n
                 where c.id = n.id and c.status not in ('paid', 'withdrawn')
                   and (c.days_past_due, c.status, c.stage) is distinct from (n.dpd, n.status, n.stage)
                returning c.id, n.old_stage, n.stage, n.old_status, n.status, n.dpd),
            h as (
                insert into case_history (case_id, at, event, actor, detail)
                select u.id, $7, e.event, $8,
                       jsonb_build_object('from', e.old, 'to', e.new, 'daysPastDue', u.dpd, 'businessDate', $3::date)
                  from u
                 cross join lateral (values ('stage_changed', u.old_stage, u.stage),
                                            ('status_changed', u.old_status, u.status)) e(event, old, new)
                 where e.old <> e.new)
            select count(*) as updated,
                   count(*) filter (where old_stage <> stage) as stage_changes,
                   count(*) filter (where old_status <> status) as status_changes
              from u
            """;

    /** $1 business date. Whether that date's recompute has finished. */
    static final String RUN_DONE = "select exists (select 1 from recompute_run where business_date = $1) as done";

    /** $1 business date, $2 started, $3 finished, $4 updated, $5 stage changes, $6 status changes, $7 actor. */
    static final String LOG_RUN = """
            insert into recompute_run (business_date, started_at, finished_at, cases_updated, stage_changes, status_changes, actor)
            values ($1, $2, $3, $4, $5, $6, $7)
            on conflict (business_date) do nothing
            """;

    /** $1 lock key. A session lock: held until unlocked or the connection ends (a crashed process lets go). */
    static final String TRY_LOCK = "select pg_try_advisory_lock(hashtext($1)) as locked";

    /** $1 lock key. */
    static final String UNLOCK = "select pg_advisory_unlock(hashtext($1)) as unlocked";
}
