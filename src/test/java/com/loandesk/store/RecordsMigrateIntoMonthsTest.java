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
 * V32 turns a live case history, V34 a live contact ledger, and V36 live provider events, inbound messages and access
 * audit into monthly partitions: every row keeps its id and fields and lands in the partition of its month, the id
 * sequences go on, the history and the audit stay append-only, and the ledger's reads keep their indexes.
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

    @Test
    void events_inbound_messages_and_the_access_audit_filled_by_the_old_schema_are_moved_into_their_months() throws Exception {
        DatabaseTarget db = TestDatabase.target().withDatabase(TestDatabase.target().database() + "_v35");
        recreate(db);
        String[][] tables = {{"provider_event", "received_at"}, {"inbound_message", "received_at"}, {"access_audit", "at"}};
        try {
            flyway(db, "35").migrate();
            String[] before = new String[tables.length];
            try (Connection c = connect(db)) {
                c.createStatement().execute("""
                        insert into provider_event (provider_sid, kind, dedupe_key, status, task_id, received_at, detail)
                        select 'SM' || (g / 3), (array['delivery_status', 'call_status', 'recording'])[1 + g % 3], 'k' || g, 'sent',
                               nullif(g % 7, 0), timestamptz '2024-12-30T22:00:00Z' + g * interval '97 minutes',
                               case when g % 3 = 2 then jsonb_build_object('recordingSid', 'RE' || g) else '{}' end
                          from generate_series(1, 3000) g;
                        insert into inbound_message (message_sid, from_number, to_number, body, keyword, matched, received_at)
                        select 'IN' || g, '+1212555' || lpad((g % 10000)::text, 4, '0'), '+14155550000', 'text ' || g,
                               case when g % 10 = 0 then 'opt_out' end, case when g % 10 = 0 then 'STOP' end,
                               timestamptz '2024-12-30T22:00:00Z' + g * interval '97 minutes'
                          from generate_series(1, 3000) g;
                        insert into access_audit (at, actor, role, action, case_id, target, detail)
                        select timestamptz '2024-12-30T22:00:00Z' + g * interval '97 minutes', 'user' || (g % 5), 'compliance',
                               'unmask', nullif(g % 4, 0), 'C' || g, jsonb_build_object('n', g)
                          from generate_series(1, 3000) g;
                        """);
                for (int i = 0; i < tables.length; i++) {
                    before[i] = fingerprint(c, tables[i][0]);
                }
            }

            flyway(db, "latest").migrate();

            try (Connection c = connect(db)) {
                for (int i = 0; i < tables.length; i++) {
                    String table = tables[i][0];
                    assertEquals(before[i], fingerprint(c, table), table + ": every row, its id and its fields");
                    assertEquals(0, one(c, "select count(*) from " + table + " where tableoid::regclass::text <> '" + table + "_' || "
                            + "to_char(" + tables[i][1] + " at time zone 'UTC', 'YYYY_MM')"), table + ": each row in its month's partition");
                    assertEquals(1, one(c, "select count(*) from pg_partitioned_table where partrelid = '" + table + "'::regclass"));
                }
                assertEquals(3001, one(c, "insert into provider_event (provider_sid, kind, dedupe_key, received_at) "
                        + "values ('SM1', 'delivery_status', 'x', now()) returning id"), "the ids go on");
                assertEquals(3001, one(c, "insert into inbound_message (message_sid, from_number, received_at) "
                        + "values ('IN1', '+12125550000', now()) returning id"));
                assertEquals(3001, one(c, "insert into access_audit (at, actor, action) values (now(), 'a', 'login') returning id"));
                SQLException refused = assertThrows(SQLException.class, () -> c.createStatement().execute("delete from access_audit where id = 1"));
                assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
                assertThrows(SQLException.class, () -> c.createStatement().execute(
                        "insert into provider_event (provider_sid, kind, dedupe_key, received_at) values ('SM1', 'nonsense', 'x', now())"),
                        "the kinds are still checked");
                c.createStatement().execute("analyze provider_event");
                String replayCheck = plan(c, "select 1 from provider_event where provider_sid = 'SM5' and kind = 'call_status' "
                        + "and dedupe_key = 'k16' and received_at >= timestamptz '2025-03-01T00:00:00Z'");
                assertTrue(replayCheck.contains("provider_event_2025_03_provider_sid_kind_dedupe_key_idx")
                        && !replayCheck.contains("provider_event_2025_02"), "a replay check reads the months of its window by the key's index: "
                        + replayCheck);
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
