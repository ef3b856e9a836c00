package com.loandesk.store;

import com.loandesk.cases.ImportRow;
import com.loandesk.cases.ImportRow.Rejection;
import com.loandesk.imports.ImportState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Import jobs in the database: their state and counters, and their rejected rows. A batch's cases, its rejected
 * rows and the job's counters are written in one transaction, so the progress read is always what is committed.
 */
public final class ImportJobStore {

    private final Pool pool;
    private final CaseStore cases;
    private final Clock clock;

    private ImportJobStore(Pool pool, CaseStore cases, Clock clock) {
        this.pool = pool;
        this.cases = cases;
        this.clock = clock;
    }

    public static ImportJobStore create(Pool pool, Clock clock) {
        return new ImportJobStore(pool, CaseStore.create(pool, clock), clock);
    }

    /** A new queued job of {@code bytes} uploaded by {@code by}; its id. */
    public Future<Long> create(String by, long bytes) {
        return pool.preparedQuery(ImportJobSql.CREATE).execute(Tuple.of(by, bytes, Timestamps.ts(clock.instant())))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** Moves job {@code id} to {@code state}; {@code rowsTotal} (null: unchanged) once the file's rows are counted. */
    public Future<Void> move(long id, ImportState state, Long rowsTotal) {
        return pool.preparedQuery(ImportJobSql.MOVE).execute(Tuple.of(id, state.code(), Timestamps.ts(clock.instant()), rowsTotal))
                .mapEmpty();
    }

    /** What a batch did. */
    public record BatchResult(int inserted, int updated, int rejected) {
    }

    /**
     * Writes one batch in one transaction: the valid rows (idempotent upserts by external id), the rejected rows
     * (validation's and the store's), and the job's counters, adding {@code rows} rows done (this batch's, valid and
     * rejected). The transaction does not wait for its commit to reach the disk: a batch lost to a database crash
     * leaves its job failed (and importing the file again completes it), while the job's last word, done, is
     * committed durably and so makes every batch before it durable too (the write-ahead log is flushed in order).
     */
    public Future<BatchResult> writeBatch(long id, ImportChunks valid, List<Rejection> rejected, long rows) {
        return pool.withTransaction(c -> c.query(ImportJobSql.ASYNC_COMMIT).execute().compose(v -> cases.importIn(c, valid)).compose(result -> {
            List<Rejection> all = new ArrayList<>(rejected);
            all.addAll(result.rejected());
            all.sort(Comparator.comparingInt(Rejection::row));
            Future<?> rejects = all.isEmpty() ? Future.succeededFuture() : c.preparedQuery(ImportJobSql.ADD_REJECTS)
                    .execute(Tuple.of(id, all.stream().map(r -> (long) r.row()).toArray(Long[]::new),
                            all.stream().map(Rejection::field).toArray(String[]::new),
                            all.stream().map(Rejection::reason).toArray(String[]::new)));
            return rejects.compose(v -> c.preparedQuery(ImportJobSql.ADVANCE).execute(Tuple.of(id, rows, result.inserted(),
                            result.updated(), all.size(), Timestamps.ts(clock.instant()))))
                    .map(v -> new BatchResult(result.inserted(), result.updated(), all.size()));
        }));
    }

    /** Ends job {@code id} as done, or failed with {@code error}. */
    public Future<Void> finish(long id, ImportState state, String error) {
        return pool.preparedQuery(ImportJobSql.FINISH).execute(Tuple.of(id, state.code(), Timestamps.ts(clock.instant()), error))
                .mapEmpty();
    }

    /** Fails the jobs a stopped process left unfinished; how many. */
    public Future<Integer> failAbandoned() {
        return pool.preparedQuery(ImportJobSql.FAIL_UNFINISHED).execute(Tuple.of(Timestamps.ts(clock.instant())))
                .map(RowSet::rowCount);
    }

    /** An import job: its state, its progress (rowsTotal null until the file is counted) and its counts. */
    public record Job(long id, ImportState state, String createdBy, Instant createdAt, Instant updatedAt, Instant finishedAt,
                      long bytes, Long rowsTotal, long rowsDone, long inserted, long updated, long rejected, String error) {
        static Job of(Row r) {
            return new Job(r.getLong("id"), ImportState.of(r.getString("state")), r.getString("created_by"),
                    instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("updated_at")),
                    instant(r.getOffsetDateTime("finished_at")), r.getLong("bytes"), r.getLong("rows_total"), r.getLong("rows_done"),
                    r.getLong("inserted"), r.getLong("updated"), r.getLong("rejected"), r.getString("error"));
        }

        private static Instant instant(java.time.OffsetDateTime t) {
            return t == null ? null : t.toInstant();
        }
    }

    /** A rejected row of an import: its number in the file, the field to blame and why. */
    public record Reject(long row, String field, String reason) {
    }

    /** Job {@code id}, or null. */
    public Future<Job> get(long id) {
        return pool.preparedQuery(ImportJobSql.GET).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : Job.of(rows.iterator().next()));
    }

    /** The newest {@code limit} jobs, newest first. */
    public Future<List<Job>> recent(int limit) {
        return pool.preparedQuery(ImportJobSql.RECENT).execute(Tuple.of(limit)).map(rows -> {
            List<Job> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(Job.of(r)));
            return out;
        });
    }

    /** Up to {@code limit} rejected rows of job {@code id} after row {@code afterRow}, in row order. */
    public Future<List<Reject>> rejects(long id, long afterRow, int limit) {
        return pool.preparedQuery(ImportJobSql.REJECTS).execute(Tuple.of(id, afterRow, limit)).map(rows -> {
            List<Reject> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(new Reject(r.getLong("row_no"), r.getString("field"), r.getString("reason"))));
            return out;
        });
    }
}
