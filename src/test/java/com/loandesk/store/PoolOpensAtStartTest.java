package com.loandesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.config.DatabaseConfig;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service opens its pool's connections when it starts ({@link Pools#open}): the first import or wave after a start
 * does not pay for opening connections on its event loops, and a database that cannot give the pool its size fails
 * the start, naming the setting. Connections are told apart by a login role of the test's own. A connection lives
 * no longer than {@code database.connectionLifetimeMs}.
 */
class PoolOpensAtStartTest {

    private static final String ROLE = "pool_opens_at_start";

    private Vertx vertx;
    private Connection admin;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        DatabaseTarget t = TestDatabase.target();
        admin = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
        try (var st = admin.createStatement()) {
            st.execute("do $$ begin create role " + ROLE + " login; exception when duplicate_object then null; end $$");
            if (t.password() != null) {
                st.execute("alter role " + ROLE + " password '" + t.password().replace("'", "''") + "'");
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        Await.result(vertx.close());
        admin.close();
    }

    private void limitRoleTo(int connections) throws Exception {
        try (var st = admin.createStatement()) {
            st.execute("alter role " + ROLE + " connection limit " + connections);
        }
    }

    private int connectionsOfRole() throws Exception {
        try (var st = admin.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from pg_stat_activity where usename = '" + ROLE + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private Pool poolOf(int size) {
        DatabaseTarget t = TestDatabase.target();
        DatabaseTarget asRole = new DatabaseTarget(t.host(), t.port(), t.database(), ROLE, t.password(), "the test's role");
        return Pools.create(vertx, asRole, DatabaseConfig.from(new JsonObject().put("database", new JsonObject().put("poolSize", size))));
    }

    @Test
    void opening_the_pool_connects_all_its_connections_before_any_request() throws Exception {
        limitRoleTo(-1);
        Pool pool = poolOf(3);
        try {
            assertEquals(0, connectionsOfRole(), "a pool connects lazily until it is opened");
            Await.result(Pools.open(pool, 3));
            assertEquals(3, connectionsOfRole(), "every connection of the pool is open, and kept open");
            Await.result(pool.query("select 1").execute());
            assertEquals(3, connectionsOfRole(), "a request uses an open connection");
        } finally {
            Await.result(pool.close());
        }
    }

    @Test
    void a_connection_handed_back_older_than_its_lifetime_is_closed_and_the_next_request_opens_a_new_one() {
        Pool pool = Pools.create(vertx, TestDatabase.target(), DatabaseConfig.from(new JsonObject().put("database",
                new JsonObject().put("poolSize", 1).put("connectionLifetimeMs", 1000))));
        try {
            int first = backend(pool);
            assertEquals(first, backend(pool), "a young connection is kept");
            // what the session cached (its prepared statements' plans) goes with the old connection
            Await.until("a new connection after the lifetime", java.time.Duration.ofSeconds(30), () -> backend(pool) != first);
        } finally {
            Await.result(pool.close());
        }
    }

    private static int backend(Pool pool) {
        return Await.result(pool.query("select pg_backend_pid()").execute()).iterator().next().getInteger(0);
    }

    @Test
    void a_database_that_cannot_give_the_pool_its_size_fails_the_open_naming_the_setting() throws Exception {
        limitRoleTo(2);
        Pool pool = poolOf(3);
        try {
            Throwable e = Await.failure(Pools.open(pool, 3));
            assertTrue(e.getMessage().contains("3 connections (database.poolSize)"), e.getMessage());
            assertTrue(e.getMessage().contains("too many connections"), "the database's own reason: " + e.getMessage());
        } finally {
            Await.result(pool.close());
            limitRoleTo(-1);
        }
    }
}
