package com.loandesk.portfolio;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

/**
 * A PostgreSQL session advisory lock held on one pooled connection while some work runs: at most one
 * holder across every process on the database. A process that dies loses its connection and with it the
 * lock, so a restart never waits for a dead holder.
 */
public final class SessionLock {

    private SessionLock() {
    }

    /**
     * Runs {@code work} while holding {@code key}, handing it the connection that holds the lock (work that needs
     * no other connection then needs one connection in all); answers {@code whenBusy} at once when someone else
     * holds the lock.
     */
    public static <T> Future<T> whileHeld(Pool pool, String key, Function<SqlConnection, Future<T>> work, T whenBusy) {
        return pool.getConnection().compose(conn -> conn.preparedQuery(PortfolioSql.TRY_LOCK).execute(Tuple.of(key))
                .compose(rows -> {
                    if (!Boolean.TRUE.equals(rows.iterator().next().getBoolean("locked"))) {
                        return Future.succeededFuture(whenBusy);
                    }
                    Future<T> done;
                    try {
                        done = work.apply(conn);
                    } catch (RuntimeException e) {
                        done = Future.failedFuture(e);
                    }
                    return done.eventually(() -> conn.preparedQuery(PortfolioSql.UNLOCK).execute(Tuple.of(key)));
                })
                .eventually(conn::close));
    }
}
