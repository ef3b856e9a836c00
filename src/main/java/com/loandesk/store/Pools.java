package com.loandesk.store;

import com.loandesk.config.DatabaseConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the connection pools, with a bounded wait queue and cached prepared statements. Every connection starts
 * with PostgreSQL's {@code statement_timeout}, {@code lock_timeout} and {@code idle_in_transaction_session_timeout}
 * set (from {@code database.*}), so no statement, lock wait or forgotten transaction holds a connection for ever; and
 * with {@code jit} off: the service's statements are joins and index reads, for which PostgreSQL's JIT compiles for
 * longer than it saves (one day of the log's export at a lender's volume: 2.4 s with it, 2.0 s without; a count of the
 * log by channel over a day: 0.7 s, 0.5 s).
 */
public final class Pools {

    private Pools() {
    }

    /** The service's pool: claims, completions, logins, the API. */
    public static Pool create(Vertx vertx, DatabaseTarget target, DatabaseConfig config) {
        return build(vertx, target, config, config.poolSize(), "loandesk");
    }

    /** A pool of their own for CSV exports, whose cursors stay open while a client downloads. */
    public static Pool exports(Vertx vertx, DatabaseTarget target, DatabaseConfig config) {
        return build(vertx, target, config, config.exportPoolSize(), "loandesk-exports");
    }

    /**
     * Opens {@code size} connections of {@code pool} at once and asks each {@code select 1}, then hands them back: the
     * service starts with its pool open, so a database that cannot give it its connections fails the start rather
     * than a wave, and the costs of a first connection on a fresh JVM (the network stack's classes, a name resolver
     * for its event loop, the first buffers), 30 to 100 ms of an event loop, are paid before any request or import.
     */
    public static Future<Void> open(Pool pool, int size) {
        List<Future<SqlConnection>> connections = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            connections.add(pool.getConnection());
        }
        return Future.join(connections)
                .compose(all -> Future.join(connections.stream()
                        .map(c -> c.result().query("select 1").execute())
                        .toList()))
                .eventually(() -> Future.join(connections.stream()
                        .filter(Future::succeeded)
                        .map(c -> c.result().close())
                        .toList()))
                .<Void>mapEmpty()
                .recover(e -> Future.failedFuture(new IllegalStateException("the database did not give the pool its "
                        + size + " connections (database.poolSize): " + e.getMessage(), e)));
    }

    /** The connect options with the session time-outs and JIT off, sent in the start-up message of every connection. */
    static PgConnectOptions withTimeouts(PgConnectOptions options, DatabaseConfig config) {
        return options
                .addProperty("jit", "off")
                .addProperty("statement_timeout", String.valueOf(config.statementTimeout().toMillis()))
                .addProperty("lock_timeout", String.valueOf(config.lockTimeout().toMillis()))
                .addProperty("idle_in_transaction_session_timeout", String.valueOf(config.idleInTransactionTimeout().toMillis()));
    }

    private static Pool build(Vertx vertx, DatabaseTarget target, DatabaseConfig config, int size, String name) {
        return PgBuilder.pool()
                .with(new PoolOptions()
                        .setMaxSize(size)
                        .setMaxWaitQueueSize(config.maxWaitQueue())
                        .setShared(true)
                        .setMaxLifetime((int) config.connectionLifetime().toMillis())
                        .setMaxLifetimeUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
                        .setName(name))
                .connectingTo(withTimeouts(target.connectOptions(), config))
                .using(vertx)
                .build();
    }
}
