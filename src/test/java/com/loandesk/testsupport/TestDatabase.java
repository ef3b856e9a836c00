package com.loandesk.testsupport;

import com.loandesk.config.DatabaseConfig;
import com.loandesk.config.DatabaseFallback;
import com.loandesk.store.DatabaseLocator;
import com.loandesk.store.DatabaseTarget;
import com.loandesk.store.Migrations;
import com.loandesk.store.Pools;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * One real PostgreSQL database per test JVM: found like the service finds one (DATABASE_URL, PG*,
 * 127.0.0.1:5432, else embedded), created fresh under a name of its own, migrated by Flyway, and
 * dropped when the JVM exits. Tests truncate between themselves with {@link #truncate}.
 */
public final class TestDatabase {

    private static DatabaseTarget target;
    private static DatabaseLocator locator;

    private TestDatabase() {
    }

    public static synchronized DatabaseTarget target() {
        if (target == null) {
            locator = new DatabaseLocator(System.getenv());
            DatabaseTarget server = locator.locate("postgres", true);
            String name = "loandesk_test_" + ProcessHandle.current().pid();
            DatabaseTarget fresh = server.withDatabase(name);
            drop(fresh);
            DatabaseLocator.createDatabaseIfMissing(fresh);
            Migrations.migrate(fresh);
            target = fresh;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                drop(fresh);
                try {
                    locator.close();
                } catch (Exception ignored) {
                    // the embedded server dies with the JVM anyway
                }
            }));
        }
        return target;
    }

    public static Pool pool(Vertx vertx) {
        return pool(vertx, 8);
    }

    public static Pool pool(Vertx vertx, int size) {
        return Pools.create(vertx, target(), new DatabaseConfig(size, 10_000, target().database(), DatabaseFallback.LOCAL_OR_EMBEDDED));
    }

    /** A pool for CSV exports, as the service's own ({@link Pools#exports}). */
    public static Pool exportPool(Vertx vertx, int size) {
        DatabaseConfig base = new DatabaseConfig(size, 10_000, target().database(), DatabaseFallback.LOCAL_OR_EMBEDDED);
        return Pools.exports(vertx, target(), new DatabaseConfig(base.poolSize(), base.maxWaitQueue(), base.localDatabase(),
                base.fallback(), base.statementTimeout(), base.lockTimeout(), base.idleInTransactionTimeout(), size, base.exportStall(), base.connectionLifetime()));
    }

    /** Empties every table of the schema (history included: its trigger guards rows, not truncation). */
    public static void truncate() {
        try (Connection c = DriverManager.getConnection(target().jdbcUrl(), target().user(), target().password());
             var st = c.createStatement()) {
            var rs = st.executeQuery("""
                    select string_agg(format('%I', tablename), ', ') from pg_tables
                     where schemaname = 'public' and tablename <> 'flyway_schema_history'
                    """);
            rs.next();
            String tables = rs.getString(1);
            st.execute("truncate " + tables + " restart identity cascade");
        } catch (Exception e) {
            throw new IllegalStateException("cannot truncate the test database: " + e.getMessage(), e);
        }
    }

    /** Runs SQL through JDBC, for test set-up that does not need to be asynchronous. */
    public static void exec(String sql) {
        try (Connection c = DriverManager.getConnection(target().jdbcUrl(), target().user(), target().password());
             var st = c.createStatement()) {
            st.execute(sql);
        } catch (Exception e) {
            throw new IllegalStateException("cannot run test SQL: " + e.getMessage(), e);
        }
    }

    private static void drop(DatabaseTarget db) {
        try (Connection c = DriverManager.getConnection(db.withDatabase("postgres").jdbcUrl(), db.user(), db.password());
             var st = c.createStatement()) {
            st.execute("drop database if exists \"" + db.database() + "\" with (force)");
        } catch (Exception ignored) {
            // best effort
        }
    }

}
