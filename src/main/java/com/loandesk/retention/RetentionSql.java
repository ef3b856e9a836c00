package com.loandesk.retention;

/** The purge of records past their retention. $1 cutoff, $2 batch limit: every statement deletes at most a batch. */
final class RetentionSql {

    private RetentionSql() {
    }

    /** Lets this transaction delete from the append-only case history and access audit (their triggers check it). */
    static final String ALLOW_CHAINED_PURGE = "select set_config('loandesk.retention_purge', 'on', true)";

    /**
     * $1 chain. Holds the chain's head while rows go (a sealing pass skips meanwhile); answers the id up to which the
     * table is sealed (no row when the chain has no head).
     */
    static final String LOCK_CHAIN = "select sealed_to from chain_head where chain = $1 for update";

    /**
     * $1 chain. Its oldest blocks not purged yet. Sealed rows are purged a whole block at a time, from the oldest on,
     * so what remains still verifies (see com.loandesk.audit).
     */
    static final String OLDEST_BLOCKS = """
            select block_no, last_id, row_count, max_at from chain_block
             where chain = $1 and purged_at is null order by block_no limit 100
            """;

    /** $1 last id: the rows of whole blocks up to it, every one past retention (the blocks before are purged already). */
    static String blockRows(MonthlyTable t) {
        return "delete from " + t.table() + " where id <= $1";
    }

    /** $1 chain, $2 last id, $3 now: the blocks up to that id are purged (their digests and links stay). */
    static final String MARK_PURGED = """
            update chain_block set purged_at = $3 where chain = $1 and purged_at is null and last_id <= $2
            """;

    /**
     * $1 cutoff, $2 batch, $3 sealed_to: rows past retention and not sealed yet (nothing of them to keep). A row is
     * named by its partition and place (a place alone repeats from partition to partition).
     */
    static String unsealed(MonthlyTable t) {
        return """
                delete from %1$s where (tableoid, ctid) in (
                    select tableoid, ctid from %1$s where %2$s < $1 and id > $3 limit $2)
                """.formatted(t.table(), t.time());
    }

    /**
     * $1 from, $2 to: the monthly partitions of every table kept by months from the month of $1 to the month of $2,
     * created where missing (rows of a month waiting in a default partition move into it); how many were created.
     */
    static final String ENSURE_MONTHS = MonthlyTable.ALL.stream()
            .map(t -> "month_partitions_ensure('" + t.table() + "', $1, $2)")
            .collect(java.util.stream.Collectors.joining(" + ", "select ", " as created"));

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

    /**
     * $1 chain, $2 a partition's highest id, $3 cutoff: the unpurged blocks up to that id, how many still hold a row
     * within retention.
     */
    static final String BLOCKS_UP_TO = """
            select count(*) filter (where max_at is null or max_at >= $3)::int as held, max(last_id) as up_to
              from chain_block where chain = $1 and purged_at is null and first_id <= $2
            """;

    /** Waits at most this long for a table's lock to detach a month (the writers' transactions are short). */
    static final String DETACH_LOCK_TIMEOUT = "set local lock_timeout = '5s'";

    /** $1 last id, $2 cutoff month: the rest of the purged blocks' rows, in the months not dropped (a block's tail). */
    static String blockTails(MonthlyTable t) {
        return "delete from " + t.table() + " where id <= $1 and " + t.time() + " < $2";
    }

    /**
     * $1 cutoff month, $2 batch: rows of a month past retention outside its month's partition (they waited in the
     * default partition); a row is named by its partition and place.
     */
    static String outsideMonths(MonthlyTable t) {
        return """
                delete from %1$s where (tableoid, ctid) in (
                    select tableoid, ctid from %1$s where %2$s < $1 limit $2)
                """.formatted(t.table(), t.time());
    }

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
