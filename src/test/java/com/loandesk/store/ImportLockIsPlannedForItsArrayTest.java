package com.loandesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.cases.ImportRow;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The import's lock of existing cases is planned for its own array at every run, on a connection that has run it many
 * times while the tables were small: PostgreSQL would otherwise switch it to a generic plan made then (a sequential
 * scan of the cases) and keep it in the connection's cache as the tables grow.
 */
class ImportLockIsPlannedForItsArrayTest {

    private Vertx vertx;
    private Pool pool;

    @BeforeEach
    void start() {
        TestDatabase.truncate();
        vertx = Vertx.vertx();
        pool = TestDatabase.pool(vertx, 1);   // one connection: every import below runs on it
    }

    @AfterEach
    void stop() {
        Await.result(pool.close());
        Await.result(vertx.close());
    }

    private static List<ImportRow> rows(int batch) {
        List<ImportRow> rows = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            int n = batch * 100 + i;
            rows.add(new ImportRow(i, "B" + n, "Name " + n, null, null, null, null, "US", "C" + n, "loan", BigDecimal.TEN,
                    "USD", LocalDate.of(2026, 10, 1), null, "early", "overdue", null, null, null, null, List.of()));
        }
        return rows;
    }

    @Test
    void small_imports_on_a_small_database_leave_no_generic_plan_of_the_lock_in_the_connection() {
        CaseStore cases = CaseStore.create(pool, Clock.systemUTC());
        for (int batch = 1; batch <= 8; batch++) {
            CaseStore.ImportResult r = Await.result(cases.importRows(rows(batch), "test"));
            assertEquals(10, r.inserted());
        }

        Row plans = Await.result(pool.query("select generic_plans, custom_plans from pg_prepared_statements "
                + "where statement like '%for no key update of c%'").execute()).iterator().next();
        assertEquals(0L, plans.getLong("generic_plans"), "the lock never ran on a generic plan");
        assertTrue(plans.getLong("custom_plans") >= 8, "the lock was planned at each of its runs: " + plans.toJson());
    }
}
