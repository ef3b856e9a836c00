package com.loandesk.retention;

import com.loandesk.audit.ChainedTable;

/** The purge of records past their retention. $1 cutoff, $2 batch limit: every statement deletes at most a batch. */
final class RetentionSql {

    private RetentionSql() {
    }

    /** Lets this transaction delete from the append-only case history (the trigger checks it). */
    static final String ALLOW_HISTORY_PURGE = "select set_config('loandesk.retention_purge', 'on', true)";

    /**
     * Holds the history chain's head while a batch is deleted (a sealing pass skips meanwhile); answers the id up to
     * which the history is sealed.
     */
    static final String LOCK_HISTORY_CHAIN = "select sealed_to from chain_head where chain = 'case_history' for update";

    /**
     * $1 cutoff, $2 batch, $3 sealed_to; answers {@code n}, the rows deleted. The hashes of the sealed ones stay in
     * chain_purged, so what remains of their blocks still verifies (see com.loandesk.audit).
     */
    static final String HISTORY = """
            with gone as (
                delete from case_history where ctid = any(array(
                    select ctid from case_history where at < $1 limit $2))
                returning id, at, %s as rh
            ), kept as (
                insert into chain_purged (chain, id, at, row_hash)
                select 'case_history', id, at, rh from gone where id <= $3
            )
            select count(*)::int as n from gone
            """.formatted(ChainedTable.CASE_HISTORY.rowHash());

    /**
     * $1 now. Blocks of the history chain whose every row is purged are marked so (their digest stays, and the
     * chain through them still verifies), and their rows' hashes go: chain_purged holds only partly purged blocks.
     */
    static final String FOLD_PURGED_BLOCKS = """
            with whole as (
                update chain_block b set purged_at = $1
                 where b.chain = 'case_history' and b.purged_at is null and b.row_count > 0
                   and b.last_id >= (select min(id) from chain_purged where chain = 'case_history')
                   and b.row_count = (select count(*) from chain_purged p
                                       where p.chain = 'case_history' and p.id between b.first_id and b.last_id)
                returning first_id, last_id
            )
            delete from chain_purged p using whole w
             where p.chain = 'case_history' and p.id between w.first_id and w.last_id
            """;

    static final String LEDGER = """
            delete from contact_attempt where ctid = any(array(
                select ctid from contact_attempt where at < $1 limit $2))
            """;

    static final String PROVIDER_EVENTS = """
            delete from provider_event where id = any(array(
                select id from provider_event where received_at < $1 limit $2))
            """;

    static final String INBOUND = """
            delete from inbound_message where id = any(array(
                select id from inbound_message where received_at < $1 limit $2))
            """;

    /** Finished tasks whose last change is past the cutoff (their history goes with the history purge). */
    static final String TASKS = """
            delete from contact_task where id = any(array(
                select id from contact_task
                 where state in ('sent', 'delivered', 'failed', 'blocked') and updated_at < $1 limit $2))
            """;

    /** $1 cutoff, $2 batch. The members of waves that ended (cancelled or done) or began before the cutoff. */
    static final String WAVE_MEMBERS = """
            delete from wave_member where (wave_id, seq) in (
                select m.wave_id, m.seq from wave_member m join wave w on w.id = m.wave_id
                 where w.created_at < $1 and (w.state in ('cancelled', 'done') or m.seq <= w.fed) limit $2)
            """;

    /** When the newest run finished (null when none ever did). */
    static final String LAST_FINISHED = "select max(finished_at) as finished_at from retention_run";

    /** $1 started, $2 finished, $3 cutoff, $4 deleted counts (json), $5 actor. */
    static final String LOG_RUN = """
            insert into retention_run (started_at, finished_at, cutoff, deleted, actor)
            values ($1, $2, $3, $4, $5)
            """;
}
