package com.loandesk.audit;

/** The SQL of the history chains. Statements naming a table are built per {@link ChainedTable}. */
final class ChainSql {

    private ChainSql() {
    }

    /** $1 chain. Recreates a head lost to a truncation (tests; a restored schema). */
    static final String ENSURE_HEAD = "insert into chain_head (chain) values ($1) on conflict do nothing";

    /**
     * $1 chain. The head, locked; none when another process holds it (sealing, or a retention purge): this pass
     * then does nothing. {@code ready}: every transaction in progress when the horizon was read has ended, so every
     * id up to the horizon is committed or will never be.
     */
    static final String LOCK_HEAD = """
            select block_no, hash, sealed_to, horizon, horizon_at,
                   coalesce((select bool_and(pg_xact_status(x) is distinct from 'in progress')
                               from unnest(horizon_xips) x), true) as ready
              from chain_head where chain = $1
               for update skip locked
            """;

    /** The ids handed out so far (0 when none). Read before the snapshot below, never after. */
    static String sequenceValue(ChainedTable t) {
        return "select case when is_called then last_value else 0 end as horizon from " + t.sequence();
    }

    /**
     * $1 sealed_to, $2 horizon, $3 ids per block. The rows of (sealed_to, horizon] in blocks of at most $3 consecutive
     * ids: each block's last id, row count, newest time and digest, sha256 of its rows' canonical texts in id order,
     * each followed by a newline ({@link ChainHash#digest}). A range without rows yields no block: the next one
     * begins where the last ended.
     */
    static String blocks(ChainedTable t) {
        return """
                select least($2, $1 + (grp + 1) * $3) as last_id, count(*)::int as n, max(at) as max_at,
                       sha256(convert_to(string_agg(c || E'\\n', '' order by id), 'UTF8')) as digest
                  from (select (id - $1 - 1) / $3 as grp, id, at, %s as c from %s where id > $1 and id <= $2) r
                 group by grp order by grp
                """.formatted(t.canonical(), t.table());
    }

    /** $1 chain … $9 sealed_at. */
    static final String INSERT_BLOCK = """
            insert into chain_block (chain, block_no, first_id, last_id, row_count, max_at, digest, hash, sealed_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """;

    /**
     * $1 chain, $2 block_no, $3 hash, $4 sealed_to, $5 horizon, $6 horizon_at. The horizon's transactions are those
     * in progress in this statement's snapshot, taken after the sequence was read ({@link #sequenceValue}): any
     * transaction holding an id up to the horizon has ended by then or is among them. Transaction ids are the whole
     * server's: those of sessions seen to be in other databases are left out (they cannot write these tables), so a
     * long transaction elsewhere does not hold the sealing up; a session this role may not see stays in.
     */
    static final String MOVE_HEAD = """
            update chain_head set block_no = $2, hash = $3, sealed_to = $4, horizon = $5,
                   horizon_xips = array(
                       select x from pg_snapshot_xip(pg_current_snapshot()) x
                        where not exists (select 1 from pg_stat_activity a
                                           where a.backend_xid = xid(x) and a.datname is distinct from current_database()
                                             and a.datid <> 0)),
                   horizon_at = $6
             where chain = $1
            """;

    /** $1 chain. The heads, for a checkpoint. */
    static final String HEADS = "select chain, block_no, hash, sealed_to from chain_head order by chain";
}
