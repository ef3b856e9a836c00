package com.loandesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V32 turns a live case history, and V34 a live contact ledger, into monthly partitions: every row keeps its id and
 * fields and lands in the partition of its month, the id sequence goes on, the history stays append-only, and the
 * ledger's reads keep their indexes.
 */
class RecordsMigrateIntoMonthsTest {

    @Test
    void a_history_filled_by_the_old_schema_is_moved_into_its_months_without_losing_or_changing_a_row() throws Exception {
        DatabaseTarget db = TestDatabase.target().withDatabase(TestDatabase.target().database() + "_v31");
        recreate(db);
        try {
            flyway(db, "31").migrate();
            String before;
            try (Connection c = connect(db)) {
                c.createStatement().execute("""
                        insert into case_history (case_id, task_id, at, event, state, rule_id, actor, detail)
                        select g % 37, nullif(g % 5, 0), timestamptz '2024-12-30T22:00:00Z' + g * interval '97 minutes',
                               case when g % 3 = 0 then 'blocked' else 'sent' end, 'sent',
                               case when g % 3 = 0 then 'QUIET_HOURS' end, 'dispatcher', jsonb_build_object('n', g)
                          from generate_series(1, 5000) g
                        """);
                before = fingerprint(c);
            }

            flyway(db, "latest").migrate();

            try (Connection c = connect(db)) {
                assertEquals(before, fingerprint(c), "every row, its id and its fields");
                assertEquals(0, one(c, "select count(*) from case_history where tableoid::regclass::text <> "
                        + "'case_history_' || to_char(at at time zone 'UTC', 'YYYY_MM')"), "each row in its month's partition");
                assertEquals(1, one(c, "select count(*) from pg_partitioned_table where partrelid = 'case_history'::regclass"));
                long next = one(c, "insert into case_history (case_id, at, event, actor) values (1, now(), 'sent', 'd') returning id");
                assertEquals(5001, next, "the id sequence goes on");
                assertTrue(one(c, "select count(*) from pg_inherits where inhparent = 'case_history'::regclass") >= 10);
                SQLException refused = assertThrows(SQLException.class, () -> c.createStatement().execute("delete from case_history where id = 1"));
                assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
            }
        } finally {
            drop(db);
        }
    }

    @Test
    void a_ledger_filled_by_the_old_schema_is_moved_into_its_months_without_losing_or_changing_a_row() throws Exception {
        DatabaseTarget db = TestDatabase.target().withDatabase(TestDatabase.target().database() + "_v33");
        recreate(db);
        try {
            flyway(db, "33").migrate();
            String before;
            try (Connection c = connect(db)) {
                c.createStatement().execute("""
                        insert into contact_attempt (borrower_id, case_id, contact_point_id, task_id, attempt_no, channel, at,
                                                     connected, conversation, duration_s, outcome, inbound, point_kind)
                        select g % 41, g % 43, g % 47, g, 1 + g % 2, (array['sms', 'voice', 'email'])[1 + g % 3],
                               timestamptz '2024-12-30T22:00:00Z' + g * interval '97 minutes', g % 4 = 0, g % 8 = 0, g % 300,
                               case when g % 4 = 0 then 'answered' else 'pending' end, g % 50 = 0, 'mobile'
                          from generate_series(1, 5000) g
                        """);
                before = fingerprint(c, "contact_attempt");
            }

            flyway(db, "latest").migrate();

            try (Connection c = connect(db)) {
                assertEquals(before, fingerprint(c, "contact_attempt"), "every row, its id and its fields");
                assertEquals(0, one(c, "select count(*) from contact_attempt where tableoid::regclass::text <> "
                        + "'contact_attempt_' || to_char(at at time zone 'UTC', 'YYYY_MM')"), "each row in its month's partition");
                assertEquals(1, one(c, "select count(*) from pg_partitioned_table where partrelid = 'contact_attempt'::regclass"));
                long next = one(c, "insert into contact_attempt (borrower_id, case_id, contact_point_id, channel, at) "
                        + "values (1, 1, 1, 'sms', now()) returning id");
                assertEquals(5001, next, "the id sequence goes on");
                assertEquals(1, one(c, "select count(*) from contact_attempt where task_id = 77 and attempt_no = 2"));
                c.createStatement().execute("analyze contact_attempt");
                String gate = plan(c, "select a.borrower_id, a.at, a.channel, a.case_id, a.contact_point_id, a.connected, "
                        + "a.conversation, a.duration_s, a.outcome, a.inbound, a.point_kind, a.also_about_cases from contact_attempt a "
                        + "where a.borrower_id = any('{1,2,3}') and a.at >= timestamptz '2025-06-20T00:00:00Z' order by a.at");
                assertTrue(gate.contains("Index Only Scan") && !gate.contains("contact_attempt_2025_05"),
                        "the gate reads recent months by the covering index only: " + gate);
            }
        } finally {
            drop(db);
        }
    }

    private static String plan(Connection c, String sql) throws SQLException {
        c.createStatement().execute("set enable_seqscan = off");
        ResultSet rs = c.createStatement().executeQuery("explain " + sql);
        StringBuilder plan = new StringBuilder();
        while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
        }
        return plan.toString();
    }

    private static String fingerprint(Connection c) throws SQLException {
        return fingerprint(c, "case_history");
    }

    private static String fingerprint(Connection c, String table) throws SQLException {
        ResultSet rs = c.createStatement().executeQuery("select count(*) || ':' || md5(string_agg(h::text, '|' order by id)) "
                + "from " + table + " h");
        rs.next();
        return rs.getString(1);
    }

    private static long one(Connection c, String sql) throws SQLException {
        ResultSet rs = c.createStatement().executeQuery(sql);
        rs.next();
        return rs.getLong(1);
    }

    private static Connection connect(DatabaseTarget db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    private static void recreate(DatabaseTarget db) throws SQLException {
        drop(db);
        DatabaseLocator.createDatabaseIfMissing(db);
    }

    private static void drop(DatabaseTarget db) throws SQLException {
        try (Connection admin = DriverManager.getConnection(db.withDatabase("postgres").jdbcUrl(), db.user(), db.password())) {
            admin.createStatement().execute("drop database if exists \"" + db.database() + "\" with (force)");
        }
    }

    private static Flyway flyway(DatabaseTarget db, String target) {
        return Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations("classpath:db/migration")
                .target(target).load();
    }
}
