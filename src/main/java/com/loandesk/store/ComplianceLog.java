package com.loandesk.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.streams.WriteStream;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.RowSet;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads of the compliance log: a page at a time, or streamed row by row through a cursor. Streams go through a pool
 * of their own ({@code database.exportPoolSize}), so slow downloads never take the connections of claims,
 * completions and logins; a stream stops, and frees its connection, when its client goes away or reads nothing
 * for {@code database.exportStallMs}.
 */
public final class ComplianceLog {

    private static final Logger LOG = LoggerFactory.getLogger(ComplianceLog.class);
    private static final int FETCH = 500;
    private static final int WRITE_BYTES = 32 * 1024;

    private final Vertx vertx;
    private final Pool pool;
    private final Pool exports;
    private final Duration stall;

    private ComplianceLog(Vertx vertx, Pool pool, Pool exports, Duration stall) {
        this.vertx = vertx;
        this.pool = pool;
        this.exports = exports;
        this.stall = stall;
    }

    /** Pages from {@code pool}; streams through {@code exports}, abandoned after {@code stall} without a reader. */
    public static ComplianceLog create(Vertx vertx, Pool pool, Pool exports, Duration stall) {
        return new ComplianceLog(vertx, pool, exports, stall);
    }

    /** A page of the entries {@code q} asks for, in its order. */
    public Future<java.util.List<LogEntry>> page(LogQuery q) {
        LogQuery.Sql sql = q.toSql();
        return pool.preparedQuery(sql.text()).execute(sql.params()).map(LogEntry::all);
    }

    /** How many rows match {@code q}'s filters, up to {@link LogQuery#COUNT_CAP} plus one (more: "over the cap"). */
    public Future<Long> count(LogQuery q) {
        LogQuery.Sql sql = q.toCountSql();
        return pool.preparedQuery(sql.text()).execute(sql.params()).map(rows -> rows.iterator().next().getLong("n"));
    }

    /**
     * Every rule the history names, in order, found by skipping along the index of the rows with a rule (one probe a
     * rule and month, whatever the history holds).
     */
    static final String RULES = """
            with recursive r(rule_id) as (
                select min(rule_id) from case_history where rule_id is not null
                union all
                select (select min(h.rule_id) from case_history h where h.rule_id is not null and h.rule_id > r.rule_id)
                  from r where r.rule_id is not null)
            select rule_id from r where rule_id is not null
            """;

    /** The rules the history names, for the log's rule filter. */
    public Future<java.util.List<String>> rules() {
        return pool.query(RULES).execute().map(rows -> {
            java.util.List<String> out = new java.util.ArrayList<>();
            rows.forEach(r -> out.add(r.getString("rule_id")));
            return out;
        });
    }

    /**
     * The export's transaction: read only, and planned for what it is, a stream read in batches. A portal read in
     * batches runs without parallel workers, and the cost of a stream should follow the rows it writes: every join is
     * a lookup by key, never a hash of a whole table. Left to its own costs, the planner hashes all the cases,
     * borrowers and contact points, or at a lender's volume all the tasks (27 M rows: 17 s for one day of 98,000 rows,
     * against 1.4 s by lookups; docs/volume.md).
     */
    static final String EXPORT_SETTINGS = "set transaction read only; set local max_parallel_workers_per_gather = 0; "
            + "set local enable_hashjoin = off; set local enable_mergejoin = off";

    /** The client of a stream went away, or read nothing for too long: the stream stopped. */
    public static final class ReaderGone extends RuntimeException {
        ReaderGone(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Streams every row of {@code q} into {@code out}, each formatted by {@code line}, through a cursor
     * inside a read-only transaction, {@value #FETCH} rows per fetch, the next fetch asked for as soon as a batch
     * arrives (the database reads it while this one is written out) and pausing while {@code out} is full. Lines are
     * written {@value #WRITE_BYTES} bytes or more at a time (a write per line costs a chunk and a flush each).
     * Completes with the number of rows written; does not end {@code out}. Fails with {@link ReaderGone} as soon as
     * {@code gone} completes (the client disconnected) or {@code out} stays full for the stall time; the cursor is
     * then closed and the transaction rolled back, which gives the connection back.
     */
    public Future<Long> stream(LogQuery q, WriteStream<Buffer> out, Function<LogEntry, Buffer> line, Future<Void> gone) {
        LogQuery.Sql sql = q.toSql();
        return exports.withTransaction(c -> c.query(EXPORT_SETTINGS).execute()
                .compose(v -> c.prepare(sql.text()))
                .compose(ps -> {
                    Export export = new Export(ps.cursor(sql.params()), out, line);
                    gone.onComplete(v -> export.done.tryFail(new ReaderGone("the client went away after " + export.count + " rows")));
                    export.read();
                    return export.done.future().eventually(() -> {
                        vertx.cancelTimer(export.stallTimer);
                        return export.cursor.close();
                    }).eventually(ps::close);
                }));
    }

    /**
     * One export's pump, on its connection's event loop: at most one fetch in flight and one batch read ahead of
     * what is written, so memory stays two batches and a buffer whatever the size of the export.
     */
    private final class Export {
        final Cursor cursor;
        final WriteStream<Buffer> out;
        final Function<LogEntry, Buffer> line;
        final Promise<Long> done = Promise.promise();
        long count;
        long stallTimer = -1;
        private Buffer pending = Buffer.buffer(WRITE_BYTES * 2);
        private RowSet<Row> ahead;
        private boolean reading;
        private boolean more = true;
        private boolean full;

        Export(Cursor cursor, WriteStream<Buffer> out, Function<LogEntry, Buffer> line) {
            this.cursor = cursor;
            this.out = out;
            this.line = line;
        }

        /** Fetches the next batch, unless one is in flight or waiting to be written, or the rows are all read. */
        void read() {
            if (reading || ahead != null || !more || done.future().isComplete()) {
                return;
            }
            reading = true;
            cursor.read(FETCH).onComplete(ar -> {
                reading = false;
                if (done.future().isComplete()) {
                    return;   // stopped meanwhile: the cursor is closed
                }
                if (ar.failed()) {
                    LOG.warn("log stream failed rows={} error={}", count, ar.cause().toString());
                    done.tryFail(ar.cause());
                    return;
                }
                more = cursor.hasMore();
                ahead = ar.result();
                pump();
            });
        }

        /** Writes the batch read ahead, asking for the next one first; ends when every row is written. */
        private void pump() {
            while (ahead != null && !full && !done.future().isComplete()) {
                RowSet<Row> batch = ahead;
                ahead = null;
                read();
                write(batch);
            }
            if (!reading && ahead == null && !more && !full && !done.future().isComplete()) {
                if (pending.length() > 0 && !send()) {
                    return;
                }
                done.tryComplete(count);
            }
        }

        private void write(RowSet<Row> batch) {
            for (LogEntry entry : LogEntry.all(batch)) {
                pending.appendBuffer(line.apply(entry));
                count++;
                if (pending.length() >= WRITE_BYTES && !send()) {
                    return;
                }
            }
        }

        /** Writes what is pending; false when the client is gone. Pauses the pump while {@code out} is full. */
        private boolean send() {
            try {
                out.write(pending);
            } catch (IllegalStateException closed) {
                done.tryFail(closed);
                return false;
            }
            pending = Buffer.buffer(WRITE_BYTES * 2);
            if (out.writeQueueFull() && !full) {
                full = true;
                stallTimer = vertx.setTimer(stall.toMillis(), id -> done.tryFail(
                        new ReaderGone("the client read nothing for " + stall.toMillis() + " ms after " + count + " rows")));
                out.drainHandler(v -> {
                    vertx.cancelTimer(stallTimer);
                    full = false;
                    pump();
                });
            }
            return true;
        }
    }
}
