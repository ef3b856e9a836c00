package com.loandesk.chaos;

import com.loandesk.store.DatabaseTarget;
import com.loandesk.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;

/** A database of a chaos test's own on the test server (CrashSeed recreates it), dropped afterwards. */
final class ChaosDatabase {

    private ChaosDatabase() {
    }

    static DatabaseTarget named(String suffix) {
        return TestDatabase.target().withDatabase("loandesk_chaos_" + suffix + "_" + ProcessHandle.current().pid());
    }

    static void drop(DatabaseTarget db) {
        try (Connection c = DriverManager.getConnection(db.withDatabase("postgres").jdbcUrl(), db.user(), db.password());
             var st = c.createStatement()) {
            st.execute("drop database if exists \"" + db.database() + "\" with (force)");
        } catch (Exception ignored) {
            // best effort
        }
    }
}
