package com.loandesk.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.streams.WriteStream;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.RowStream;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads of the compliance log: a page at a time, or streamed row by row through a cursor. */
public final class ComplianceLog {

    private static final Logger LOG = LoggerFactory.getLogger(ComplianceLog.class);
    private static final int FETCH = 500;

    private final Pool pool;

    private ComplianceLog(Pool pool) {
        this.pool = pool;
    }

    public static ComplianceLog create(Pool pool) {
        return new ComplianceLog(pool);
    }

    public Future<RowSet<Row>> page(LogQuery q) {
        LogQuery.Sql sql = q.toSql();
        return pool.preparedQuery(sql.text()).execute(sql.params());
    }

    /**
     * Streams every row of {@code q} into {@code out}, each formatted by {@code line}, through a cursor
     * inside a read-only transaction, {@value #FETCH} rows per fetch, pausing while {@code out} is full.
     * Completes with the number of rows written; does not end {@code out}.
     */
    public Future<Long> stream(LogQuery q, WriteStream<Buffer> out, Function<Row, Buffer> line) {
        LogQuery.Sql sql = q.toSql();
        return pool.withTransaction(c -> c.query("set transaction read only").execute()
                .compose(v -> c.prepare(sql.text()))
                .compose(ps -> {
                    Promise<Long> done = Promise.promise();
                    long[] count = {0};
                    RowStream<Row> rows = ps.createStream(FETCH, sql.params());
                    rows.exceptionHandler(e -> {
                        LOG.warn("log stream failed rows={} error={}", count[0], e.toString());
                        done.tryFail(e);
                    });
                    rows.endHandler(v -> done.tryComplete(count[0]));
                    rows.handler(row -> {
                        try {
                            out.write(line.apply(row));
                        } catch (IllegalStateException closed) {
                            rows.pause();
                            done.tryFail(closed);
                            return;
                        }
                        count[0]++;
                        if (out.writeQueueFull()) {
                            rows.pause();
                            out.drainHandler(v -> rows.resume());
                        }
                    });
                    return done.future().eventually(() -> rows.close()).eventually(ps::close);
                }));
    }
}
