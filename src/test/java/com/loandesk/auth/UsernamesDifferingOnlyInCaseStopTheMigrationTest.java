package com.loandesk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.store.DatabaseLocator;
import com.loandesk.store.DatabaseTarget;
import com.loandesk.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

/**
 * V16 makes usernames unique regardless of case. A live database holding 'Cole' and 'cole' stops the migration with a
 * message naming them (nothing renamed, nothing half-done); once one is renamed the migration goes through.
 */
class UsernamesDifferingOnlyInCaseStopTheMigrationTest {

    @Test
    void existing_usernames_differing_only_in_case_stop_the_migration_naming_them_and_it_goes_through_once_renamed()
            throws Exception {
        DatabaseTarget db = TestDatabase.target().withDatabase(TestDatabase.target().database() + "_v16");
        try (Connection admin = DriverManager.getConnection(db.withDatabase("postgres").jdbcUrl(), db.user(), db.password())) {
            admin.createStatement().execute("drop database if exists \"" + db.database() + "\" with (force)");
        }
        DatabaseLocator.createDatabaseIfMissing(db);
        try {
            flyway(db, "14").migrate();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
                c.createStatement().execute("insert into users (username, role) values ('cole', 'collector'), ('Cole', 'scheduler'), "
                        + "('sam', 'scheduler')");
            }
            FlywayException e = assertThrows(FlywayException.class, () -> flyway(db, "latest").migrate());
            assertTrue(e.getMessage().contains("cole (id 1), Cole (id 2)"), e.getMessage());
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
                ResultSet rs = c.createStatement().executeQuery("select count(*) from pg_indexes where indexname = 'users_username_lower'");
                rs.next();
                assertEquals(0, rs.getInt(1), "nothing half-done");
                c.createStatement().execute("update users set username = 'cole.s' where id = 2");
            }
            // the failed attempt left no row in flyway's history (PostgreSQL migrations are transactional)
            flyway(db, "latest").migrate();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
                assertThrows(java.sql.SQLException.class,
                        () -> c.createStatement().execute("insert into users (username, role) values ('SAM', 'collector')"));
            }
        } finally {
            try (Connection admin = DriverManager.getConnection(db.withDatabase("postgres").jdbcUrl(), db.user(), db.password())) {
                admin.createStatement().execute("drop database if exists \"" + db.database() + "\" with (force)");
            }
        }
    }

    private static Flyway flyway(DatabaseTarget db, String target) {
        return Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations("classpath:db/migration")
                .target(target).load();
    }
}
