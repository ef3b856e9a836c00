package com.loandesk.retention;

/** The purge of records past their retention. $1 cutoff, $2 batch limit: every statement deletes at most a batch. */
final class RetentionSql {

    private RetentionSql() {
    }

    /** Lets this transaction delete from the append-only case history (the trigger checks it). */
    static final String ALLOW_HISTORY_PURGE = "select set_config('loandesk.retention_purge', 'on', true)";

    /**
     * Holds the history chain's head while a batch is deleted (a sealing pass skips meanwhile); answers the id up to
     * which the history is sealed (no row when the chain has no head).
     */
    static final String LOCK_HISTORY_CHAIN = "select sealed_to from chain_head where chain = 'case_history' for update";

    /**
     * The oldest blocks of the history chain not purged yet. Sealed history is purged a whole block at a time, from
     * the oldest on, so what remains still verifies (see com.loandesk.audit).
     */
    static final String OLDEST_BLOCKS = """
            select block_no, last_id, row_count, max_at from chain_block
             where chain = 'case_history' and purged_at is null order by block_no limit 100
            """;

    /** $1 last id: the rows of whole blocks up to it, every one past retention (the blocks before are purged already). */
    static final String HISTORY_BLOCKS = "delete from case_history where id <= $1";

    /** $1 last id, $2 now: those blocks are purged (their digests and links stay). */
    static final String MARK_PURGED = """
            update chain_block set purged_at = $2 where chain = 'case_history' and purged_at is null and last_id <= $1
            """;

    /**
     * $1 cutoff, $2 batch, $3 sealed_to: rows past retention and not sealed yet (nothing of them to keep). A row is
     * named by its partition and place (a place alone repeats from partition to partition).
     */
    static final String HISTORY = """
            delete from case_history where (tableoid, ctid) in (
                select tableoid, ctid from case_history where at < $1 and id > $3 limit $2)
            """;

    /**
     * $1 from, $2 to: the monthly partitions of the history and of the ledger from the month of $1 to the month of $2,
     * created where missing (rows of a month waiting in a default partition move into it); how many were created.
     */
    static final String ENSURE_MONTHS = """
            select month_partitions_ensure('case_history', $1, $2) + month_partitions_ensure('contact_attempt', $1, $2) as created
            """;

    /**
     * $1 cutoff month, $2 a table partitioned by month: its oldest monthly partition that ends by then (none: no row).
     */
    static final String OLDEST_MONTH = """
            select name, upper from (
                select c.relname as name,
                       (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz as upper
                  from pg_inherits i join pg_class c on c.oid = i.inhrelid
                 where i.inhparent = $2::regclass) p
             where upper <= $1
             order by upper limit 1
            """;

    /** $1 a partition's highest id: the unpurged blocks up to it, how many still hold a row within retention ($2). */
    static final String BLOCKS_UP_TO = """
            select count(*) filter (where max_at is null or max_at >= $2)::int as held, max(last_id) as up_to
              from chain_block where chain = 'case_history' and purged_at is null and first_id <= $1
            """;

    /** Waits at most this long for the history's lock to detach a month (the writers' transactions are short). */
    static final String DETACH_LOCK_TIMEOUT = "set local lock_timeout = '5s'";

    /** $1 last id, $2 cutoff month: the rest of the purged blocks' rows, in the months not dropped (a block's tail). */
    static final String HISTORY_BLOCK_TAILS = "delete from case_history where id <= $1 and at < $2";

    /**
     * $1 cutoff month, $2 batch: ledger rows of a month past retention outside its month's partition (they waited in
     * the default partition); a row is named by its partition and place.
     */
    static final String LEDGER = """
            delete from contact_attempt where (tableoid, ctid) in (
                select tableoid, ctid from contact_attempt where at < $1 limit $2)
            """;

    /**
     * $1 after id, $2 page size, $3 cutoff. The next page of {@code table} by id (the order its rows came in), reading
     * {@code columns}: the rows where {@code goes} holds (of the page {@code p}) are deleted. Answers the page's last id
     * and its newest {@code time} (null: no row after $1) and how many went. A purge walks the pages oldest first and
     * stops at the first page newer than the cutoff: it reads the rows old enough to go and one page more, never the
     * whole table.
     */
    private static String inIdOrder(String table, String columns, String time, String goes) {
        return """
                with page as (select %2$s from %1$s where id > $1 order by id limit $2),
                gone as (delete from %1$s x using page p where x.id = p.id and %4$s returning x.id)
                select (select max(id) from page) as last_id, (select max(%3$s) from page) as newest,
                       (select count(*)::int from gone) as deleted
                """.formatted(table, columns, time, goes);
    }

    /** Provider events received before the cutoff. */
    static final String PROVIDER_EVENTS = inIdOrder("provider_event", "id, received_at", "received_at", "p.received_at < $3");

    /** The borrowers' inbound messages received before the cutoff. */
    static final String INBOUND = inIdOrder("inbound_message", "id, received_at", "received_at", "p.received_at < $3");

    /**
     * Finished tasks whose last change is before the cutoff (their history goes with the history's months); pages end
     * by the tasks' creation, which no later change can precede.
     */
    static final String TASKS = inIdOrder("contact_task", "id, created_at, state, updated_at", "created_at",
            "p.state in ('sent', 'delivered', 'failed', 'blocked') and p.updated_at < $3");

    /** $1 cutoff, $2 batch. The members of waves that ended (cancelled or done) or began before the cutoff. */
    static final String WAVE_MEMBERS = """
            delete from wave_member where (wave_id, seq) in (
                select m.wave_id, m.seq from wave_member m join wave w on w.id = m.wave_id
                 where w.created_at < $1 and (w.state in ('cancelled', 'done') or m.seq <= w.fed) limit $2)
            """;

    /** $1 cutoff, $2 batch. The board's samples of a wave's progress, past the cutoff like the tasks they counted. */
    static final String WAVE_SAMPLES = """
            delete from wave_sample where (wave_id, at) in (select wave_id, at from wave_sample where at < $1 limit $2)
            """;

    /**
     * $1 cutoff, $2 batch. A reminder call's script (its debt content, for the person who confirmed with 1) is read
     * only while the call lasts: it goes long before the task it belongs to.
     */
    static final String VOICE_SCRIPTS = """
            delete from voice_script where (task_id, attempt) in (
                select task_id, attempt from voice_script where created_at < $1 limit $2)
            """;

    /** When the newest run finished (null when none ever did). */
    static final String LAST_FINISHED = "select max(finished_at) as finished_at from retention_run";

    /** $1 started, $2 finished, $3 cutoff, $4 deleted counts (json), $5 actor. */
    static final String LOG_RUN = """
            insert into retention_run (started_at, finished_at, cutoff, deleted, actor)
            values ($1, $2, $3, $4, $5)
            """;
}
