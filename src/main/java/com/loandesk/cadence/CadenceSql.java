package com.loandesk.cadence;

/** The SQL of the cadence scheduler's run log, cadence_run: one row per (step, business date). */
final class CadenceSql {

    private CadenceSql() {
    }

    /**
     * $1 step key, $2 business date, $3 wave name, $4 claimed by, $5 now. Claims the step for the date, or
     * returns nothing when any process claimed it before (then {@link #READ} says how far it got).
     */
    static final String CLAIM = """
            insert into cadence_run (step_key, business_date, state, wave_name, claimed_by, started_at)
            values ($1, $2, 'creating', $3, $4, $5)
            on conflict (step_key, business_date) do nothing
            returning id
            """;

    /** $1 step key, $2 business date. */
    static final String READ = "select id, state, wave_name from cadence_run where step_key = $1 and business_date = $2";

    /**
     * $1 lock key (WaveSql.LOCK_AND_CHECK_TEMPLATE's: 'wave:' channel ':' template). Taken in a transaction before
     * {@link #FIND_WAVE}: waits for any creation of a wave of that channel and template still in flight (a crashed
     * process's, whose outcome is then final).
     */
    static final String WAIT_FOR_WAVE_CREATION = "select pg_advisory_xact_lock(hashtext($1))::text as locked";

    /** $1 wave name, $2 actor. The wave a 'creating' row may have made after all. */
    static final String FIND_WAVE = "select id, enqueued from wave where name = $1 and created_by = $2 order by id limit 1";

    /** $1 run id, $2 wave id, $3 enqueued, $4 now. */
    static final String MARK_CREATED = """
            update cadence_run set state = 'created', wave_id = $2, enqueued = $3, finished_at = $4
             where id = $1 and state = 'creating'
            """;

    /** $1 run id, $2 now. No case was on the step's day: no wave. */
    static final String MARK_EMPTY = """
            update cadence_run set state = 'empty', enqueued = 0, finished_at = $2
             where id = $1 and state = 'creating'
            """;

    /** $1 run id, $2 reason, $3 now. */
    static final String MARK_SKIPPED = """
            update cadence_run set state = 'skipped', reason = $2, finished_at = $3
             where id = $1 and state = 'creating'
            """;
}
