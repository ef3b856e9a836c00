package com.loandesk.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/**
 * The reads that run for every batch or every unknown task go by an index whatever the size of the history and the
 * ledger: the gate's ledger read is index-only (every column it reads is in its index), and a task's history is found
 * through its case, never by scanning the whole history for its task id. Checked on the plans, with sequential scans
 * priced out (the test tables are small, where a scan would be cheaper).
 */
class HotReadsUseTheirIndexesTest {

    private static String plan(String sql, Object... args) throws Exception {
        return explain(new String[] {"set enable_seqscan = off", "set enable_bitmapscan = off"}, sql, args);
    }

    @Test
    void the_gates_ledger_read_is_index_only() throws Exception {
        TestDatabase.exec("vacuum analyze contact_attempt");
        String plan = plan(TaskSql.RECENT_CONTACTS.replace("any($1)", "any(array[1, 2, 3]::bigint[])").replace("$2",
                "timestamptz '2026-11-01T00:00:00Z'"));
        // the ledger is partitioned by month: the months from the read's start on, each by its copy of the covering index
        assertTrue(plan.matches("(?s).*Index Only Scan using contact_attempt_\\d{4}_\\d{2}_borrower_id_at_\\w*idx.*"), plan);
        assertFalse(plan.contains("Seq Scan") || plan.contains("Bitmap") || plan.contains("Index Scan using"), plan);
        assertFalse(plan.matches("(?s).*contact_attempt_(19|20[01]|202[0-5]|2026_(0|10)).*"), "no month before the read's start: " + plan);
    }

    @Test
    void a_tasks_history_is_found_through_its_case_never_by_scanning_for_its_task_id() throws Exception {
        for (String sql : new String[] {CallSql.OUTCOME_EXISTS.replace("$1", "42"),
                TaskSql.UNKNOWN_TO_RECONCILE.replace("$1", "now()").replace("$2", "array['sms']").replace("$3", "10")}) {
            String plan = plan(sql);
            // the history is partitioned by month: each month's copy of the (case_id, at) index
            assertTrue(plan.contains("case_history_case_at") || plan.matches("(?s).*using case_history_\\d{4}_\\d{2}_case_id_at_idx.*"), plan);
            assertFalse(plan.contains("Seq Scan on case_history"), plan);
        }
    }

    private static LogQuery log(String ruleId, String actor, java.time.Instant from) {
        return new LogQuery(null, null, null, null, null, ruleId, actor, null, from, null, null, null, 100, true);
    }

    private static String logPlan(LogQuery q) throws Exception {
        return plan(q.toSql());
    }

    private static String plan(LogQuery.Sql sql) throws Exception {
        Object[] args = new Object[sql.params().size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = sql.params().getValue(i);
        }
        return plan(sql.text(), args);
    }

    @Test
    void the_compliance_logs_usual_reads_go_by_an_index_in_the_order_they_page() throws Exception {
        java.time.Instant weekAgo = java.time.Instant.parse("2026-11-16T00:00:00Z");
        // the first page, newest first: each month read backwards along (at, id) and merged, no sort of the history
        String first = logPlan(log(null, null, null));
        assertTrue(first.matches("(?s).*Index Scan Backward using case_history_\\d{4}_\\d{2}_at_id_idx.*"), first);
        assertFalse(first.contains("Seq Scan on case_history"), first);
        // a rule over a week, an actor over a month: their own indexes
        String rule = logPlan(log("QUIET_HOURS", null, weekAgo));
        assertTrue(rule.matches("(?s).*using case_history_\\d{4}_\\d{2}_rule_id_at_id_idx.*"), rule);
        String actor = logPlan(log(null, "alice", weekAgo.minus(java.time.Duration.ofDays(23))));
        assertTrue(actor.matches("(?s).*using case_history_\\d{4}_\\d{2}_actor_at_id_idx.*"), actor);
    }

    @Test
    void the_logs_count_reads_only_the_tables_its_filters_name() throws Exception {
        java.time.Instant day = java.time.Instant.parse("2026-11-22T00:00:00Z");
        // a channel on one day: the day's history and its tasks, never a case, a borrower or a contact point
        String channel = plan(new LogQuery(null, null, "email", null, null, null, null, null, day, day.plusSeconds(86_400), null,
                null, 100, true).toCountSql());
        assertTrue(channel.contains("contact_task"), channel);
        assertFalse(channel.contains("collection_case") || channel.contains("borrower") || channel.contains("contact_point"), channel);
        // no filter: the history alone
        String all = plan(log(null, null, null).toCountSql());
        assertFalse(all.contains("collection_case") || all.contains("borrower") || all.contains("contact_task")
                || all.contains("contact_point"), all);
        // a collector's rows: through their cases
        String collector = plan(new LogQuery(null, null, null, null, null, null, null, "c1", day, null, null, null, 100, true)
                .toCountSql());
        assertTrue(collector.contains("collection_case"), collector);
    }

    @Test
    void an_export_looks_its_rows_up_by_key_whatever_the_planner_would_rather_do() throws Exception {
        java.time.Instant day = java.time.Instant.parse("2026-11-22T00:00:00Z");
        LogQuery.Sql sql = new LogQuery(null, null, null, null, null, null, null, null, day, day.plusSeconds(86_400), null,
                null, null, false).toSql();
        Object[] args = new Object[sql.params().size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = sql.params().getValue(i);
        }
        // random reads priced as a slow disk's, sequential scans allowed: the planner's own choice is to hash tables whole
        String[] unsettled = {"reset all", "set random_page_cost = 1000"};
        String[] exported = {"reset all", "set random_page_cost = 1000", ComplianceLog.EXPORT_SETTINGS.replace("set transaction read only; ", "")};
        String free = explain(unsettled, sql.text(), args);
        assertTrue(free.contains("Hash"), "the test must give the planner a reason to hash: " + free);
        String export = explain(exported, sql.text(), args);
        assertFalse(export.contains("Hash") || export.contains("Merge Join") || export.contains("Gather"), export);
    }

    private static String explain(String[] settings, String sql, Object... args) throws Exception {
        var target = TestDatabase.target();
        try (Connection conn = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password())) {
            conn.setAutoCommit(false);   // the export's settings are local to its transaction
            try (var st = conn.createStatement()) {
                for (String s : settings) {
                    st.execute(s);
                }
            }
            try (PreparedStatement ps = conn.prepareStatement("explain " + sql.replaceAll("\\$(\\d+)", "?"))) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                return plan.toString();
            }
        }
    }
}
