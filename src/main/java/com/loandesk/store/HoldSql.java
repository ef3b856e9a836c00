package com.loandesk.store;

/** The SQL of case holds. Each change writes its case_history row in the same statement. */
final class HoldSql {

    private HoldSql() {
    }

    /** $1 case ref. The case's id and collector, locked against concurrent hold changes of the same case. */
    static final String CASE_FOR_UPDATE = """
            select id, assigned_collector from collection_case where external_id = $1 for no key update
            """;

    /** $1 case id, $2 kind, $3 reason, $4 set by, $5 set at. Inserts the hold and its hold_set history row. */
    static final String SET = """
            with h as (
                insert into case_hold (case_id, kind, reason, set_by, set_at) values ($1, $2, $3, $4, $5)
                returning id, case_id, kind, reason, set_by, set_at, cleared_by, cleared_at, clear_reason),
            x as (
                insert into case_history (case_id, at, event, actor, detail)
                select case_id, set_at, 'hold_set', set_by, jsonb_build_object('holdId', id, 'kind', kind, 'reason', reason)
                  from h)
            select * from h
            """;

    /** $1 hold id, $2 case id. */
    static final String LOCK = """
            select id, kind, cleared_at from case_hold where id = $1 and case_id = $2 for update
            """;

    /** $1 hold id, $2 cleared by, $3 cleared at, $4 reason. Clears an open hold and appends hold_cleared. */
    static final String CLEAR = """
            with h as (
                update case_hold set cleared_by = $2, cleared_at = $3, clear_reason = $4
                 where id = $1 and cleared_at is null
                returning id, case_id, kind, reason, set_by, set_at, cleared_by, cleared_at, clear_reason),
            x as (
                insert into case_history (case_id, at, event, actor, detail)
                select case_id, cleared_at, 'hold_cleared', cleared_by,
                       jsonb_build_object('holdId', id, 'kind', kind, 'reason', clear_reason, 'setReason', reason, 'setBy', set_by)
                  from h)
            select * from h
            """;

    /** $1 case id. Open holds, oldest first. */
    static final String OPEN = """
            select id, case_id, kind, reason, set_by, set_at, cleared_by, cleared_at, clear_reason
              from case_hold where case_id = $1 and cleared_at is null order by set_at, id
            """;

    /**
     * $1 kind (null: any), $2/$3 after this (set at, id), newest first (null: from the newest), $4 page size.
     * Open holds of every case with the case's reference, by case_hold_open_newest.
     */
    static final String OPEN_NEWEST = """
            select h.id, h.kind, h.reason, h.set_by, h.set_at, h.cleared_by, h.cleared_at, h.clear_reason,
                   c.external_id as case_ref
              from case_hold h
              join collection_case c on c.id = h.case_id
             where h.cleared_at is null and ($1::text is null or h.kind = $1)
               and ($2::timestamptz is null or (h.set_at, h.id) < ($2::timestamptz, $3::bigint))
             order by h.set_at desc, h.id desc
             limit $4
            """;
}
