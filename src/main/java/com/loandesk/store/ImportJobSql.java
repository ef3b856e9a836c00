package com.loandesk.store;

/** The SQL of import jobs (import_job) and their rejected rows (import_reject). */
final class ImportJobSql {

    private ImportJobSql() {
    }

    /** $1 created by, $2 bytes, $3 now. */
    static final String CREATE = """
            insert into import_job (state, created_by, created_at, updated_at, bytes)
            values ('queued', $1, $3, $3, $2)
            returning id
            """;

    /** $1 id, $2 state, $3 now, $4 rows in the file (null: keep). */
    static final String MOVE = """
            update import_job set state = $2, updated_at = $3, rows_total = coalesce($4, rows_total)
             where id = $1
            """;

    /** An import batch's transaction commits without waiting for the disk (see ImportJobStore.writeBatch). */
    static final String ASYNC_COMMIT = "set local synchronous_commit = off";

    /** $1 id, $2 rows done, $3 inserted, $4 updated, $5 rejected (all this batch's), $6 now. */
    static final String ADVANCE = """
            update import_job
               set rows_done = rows_done + $2, inserted = inserted + $3, updated = updated + $4, rejected = rejected + $5, updated_at = $6
             where id = $1
            """;

    /** $1 id, $2 row numbers, $3 fields, $4 reasons. */
    static final String ADD_REJECTS = """
            insert into import_reject (job_id, row_no, field, reason)
            select $1, r, f, why from unnest($2::bigint[], $3::text[], $4::text[]) as x(r, f, why)
            """;

    /** $1 id, $2 done or failed, $3 now, $4 error or null. */
    static final String FINISH = """
            update import_job set state = $2, updated_at = $3, finished_at = $3, error = $4 where id = $1
            """;

    /**
     * $1 now. Jobs a stopped process left unfinished (their upload file and reader went with it): failed, saying so.
     * A running job touches updated_at with every batch, so one untouched for 10 minutes has no process behind it.
     */
    static final String FAIL_UNFINISHED = """
            update import_job set state = 'failed', updated_at = $1, finished_at = $1,
                   error = 'the service stopped during the import; import the file again (imports are idempotent)'
             where state in ('queued', 'checking', 'importing') and updated_at < $1::timestamptz - interval '10 minutes'
            """;

    /** $1 id. */
    static final String GET = """
            select id, state, created_by, created_at, updated_at, finished_at, bytes, rows_total, rows_done,
                   inserted, updated, rejected, error
              from import_job where id = $1
            """;

    /** $1 limit. The newest jobs first. */
    static final String RECENT = """
            select id, state, created_by, created_at, updated_at, finished_at, bytes, rows_total, rows_done,
                   inserted, updated, rejected, error
              from import_job order by id desc limit $1
            """;

    /** $1 id, $2 after this row number, $3 limit. A page of the rejected rows, in row order. */
    static final String REJECTS = """
            select row_no, field, reason from import_reject where job_id = $1 and row_no > $2 order by row_no limit $3
            """;
}
