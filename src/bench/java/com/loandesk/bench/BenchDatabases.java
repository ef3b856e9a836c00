package com.loandesk.bench;

import com.loandesk.store.DatabaseTarget;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** What the benchmark and crash-test mains share: a database of their own, and borrowers awake now. */
final class BenchDatabases {

    private BenchDatabases() {
    }

    /** Drops and creates {@code db} (never the server's 'postgres' database). */
    static void recreate(DatabaseTarget db) throws SQLException {
        if ("postgres".equals(db.database())) {
            throw new IllegalStateException("refusing to recreate the 'postgres' database; point DATABASE_URL at a database of its own");
        }
        try (Connection c = DriverManager.getConnection(db.withDatabase("postgres").jdbcUrl(), db.user(), db.password());
             var st = c.createStatement()) {
            st.execute("drop database if exists \"" + db.database() + "\" with (force)");
            st.execute("create database \"" + db.database() + "\"");
        }
    }

    /** A zone (a fixed UTC offset) where it is between 12:00 and 13:00 right now. */
    static ZoneId middayZone() {
        int hour = ZonedDateTime.now(ZoneOffset.UTC).getHour();
        int offset = 12 - hour;
        if (offset < -12) {
            offset += 24;
        } else if (offset > 14) {
            offset -= 24;
        }
        return ZoneOffset.ofHours(offset);
    }
}
