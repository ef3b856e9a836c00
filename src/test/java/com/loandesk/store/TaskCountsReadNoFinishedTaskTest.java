package com.loandesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gauges' and the status page's counts: the open states exact from their partial index, whose plan never reads a
 * finished task, and the finished ones the planner's estimates after ANALYZE.
 */
@ExtendWith(VertxExtension.class)
class TaskCountsReadNoFinishedTaskTest {

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
    }

    @Test
    void open_states_are_counted_exactly_and_finished_ones_estimated(Vertx vertx) throws Exception {
        long b = Fixtures.borrower("US-CA", null, "US");
        long c = Fixtures.overdueCase(b);
        long p = Fixtures.mobile(b, "+14155550100");
        for (int i = 0; i < 3; i++) {
            Fixtures.task(c, p, "sms", Instant.parse("2026-11-23T17:00:00Z"));
        }
        TestDatabase.exec("insert into contact_task (case_id, contact_point_id, channel, template, due_at, state, created_by, created_at, updated_at) "
                + "select " + c + ", " + p + ", 'sms', 'reminder', now(), 'delivered', 'test', now(), now() from generate_series(1, 2000)");
        TestDatabase.exec("update contact_task set state = 'deferred' where id = (select min(id) from contact_task where state = 'pending')");
        TestDatabase.exec("analyze contact_task");

        Pool pool = TestDatabase.pool(vertx, 1);
        TaskCounts counts = Await.result(new TaskStore(pool).countByState());
        assertEquals(Map.of(TaskState.PENDING, 2L, TaskState.SENDING, 0L, TaskState.DEFERRED, 1L, TaskState.UNKNOWN, 0L), counts.open());
        long delivered = counts.finished().get(TaskState.DELIVERED);
        assertTrue(Math.abs(delivered - 2000) <= 20, "the planner's estimate of the delivered: " + delivered);
        assertTrue(counts.estimatedAt() != null);
        Await.result(pool.close());
    }

    @Test
    void counting_the_open_states_can_use_their_index_alone() throws Exception {
        var target = TestDatabase.target();
        try (Connection conn = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
             Statement st = conn.createStatement()) {
            st.execute("set enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = st.executeQuery("explain " + TaskSql.COUNT_OPEN_BY_STATE)) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            assertTrue(plan.toString().contains("Index Only Scan using contact_task_open_state"), plan.toString());
        }
    }
}
