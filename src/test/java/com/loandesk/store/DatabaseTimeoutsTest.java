package com.loandesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.config.DatabaseConfig;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every wait on PostgreSQL has an end: the service's connections carry statement, lock and idle-in-transaction
 * time-outs, and a {@link Batches} run stuck behind a lock fails its own requests without holding up the next.
 */
class DatabaseTimeoutsTest {

    private Vertx vertx;
    private Connection holder;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        DatabaseTarget t = TestDatabase.target();
        holder = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
        holder.setAutoCommit(false);
    }

    @AfterEach
    void stop() throws Exception {
        holder.rollback();
        holder.close();
        Await.result(vertx.close());
    }

    /** Another session holds advisory lock 4242 until the test ends. */
    private void holdLock() throws Exception {
        try (var st = holder.createStatement()) {
            st.execute("select pg_advisory_xact_lock(4242)");
        }
    }

    private static String show(Pool pool, String setting) {
        return Await.result(pool.query("show " + setting).execute()).iterator().next().getString(0);
    }

    @Test
    void every_connection_of_the_service_pool_carries_the_configured_timeouts() {
        DatabaseConfig config = DatabaseConfig.from(new JsonObject().put("database", new JsonObject()
                .put("statementTimeoutMs", 1500).put("lockTimeoutMs", 700).put("idleInTransactionTimeoutMs", 2500)));
        Pool pool = Pools.create(vertx, TestDatabase.target(), config);
        Pool exports = Pools.exports(vertx, TestDatabase.target(), config);
        try {
            for (Pool p : List.of(pool, exports)) {
                assertEquals("1500ms", show(p, "statement_timeout"));
                assertEquals("700ms", show(p, "lock_timeout"));
                assertEquals("2500ms", show(p, "idle_in_transaction_session_timeout"));
                assertEquals("off", show(p, "jit"), "the JIT costs the service's joins more than it saves");
            }
        } finally {
            Await.result(pool.close().compose(v -> exports.close()));
        }
    }

    @Test
    void the_defaults_bound_every_statement_lock_wait_and_idle_transaction() {
        Pool pool = Pools.create(vertx, TestDatabase.target(), DatabaseConfig.from(new JsonObject()));
        try {
            assertEquals("1min", show(pool, "statement_timeout"));
            assertEquals("15s", show(pool, "lock_timeout"));
            assertEquals("1min", show(pool, "idle_in_transaction_session_timeout"));
        } finally {
            Await.result(pool.close());
        }
    }

    @Test
    void a_statement_waiting_for_a_lock_fails_once_the_lock_timeout_passes() throws Exception {
        holdLock();
        Pool pool = Pools.create(vertx, TestDatabase.target(), DatabaseConfig.from(new JsonObject().put("database",
                new JsonObject().put("lockTimeoutMs", 300))));
        try {
            Throwable e = Await.result(pool.query("select pg_advisory_xact_lock(4242)").execute().map(r -> (Throwable) null)
                    .otherwise(x -> x));
            assertEquals("55P03", assertInstanceOf(PgException.class, e).getSqlState(), "lock_not_available");
        } finally {
            Await.result(pool.close());
        }
    }

    @Test
    void a_batches_run_stuck_on_a_lock_times_out_and_later_requests_still_answer() throws Exception {
        holdLock();
        Pool pool = TestDatabase.pool(vertx, 4); // the default lock_timeout (15 s) is far longer than the run's deadline
        Batches<String, String> lookups = new Batches<>(vertx, Duration.ofMillis(300), 100, null, batch -> {
            String sql = batch.contains("stuck") ? "select pg_advisory_xact_lock(4242)::text" : "select 'answered'";
            return pool.query(sql).execute().map(rows -> batch.stream()
                    .map(r -> Future.succeededFuture(r + ":" + rows.iterator().next().getString(0))).toList());
        });
        try {
            Future<String> stuck = lookups.submit("stuck");
            Future<String> later = lookups.submit("later");
            Throwable timedOut = Await.result(stuck.map(r -> (Throwable) null).otherwise(x -> x));
            assertInstanceOf(TimeoutException.class, timedOut);
            assertEquals("later:answered", Await.result(later), "the next batch went after the stuck run's deadline");
            assertEquals("again:answered", Await.result(lookups.submit("again")));
            assertTrue(lookups.waiting() == 0);
        } finally {
            holder.rollback();
            Await.result(pool.close());
        }
    }
}
