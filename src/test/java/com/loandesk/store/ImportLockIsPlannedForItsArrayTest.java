package com.loandesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.cases.ImportRow;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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

    @Test
    void the_lock_of_a_chunk_of_new_cases_reads_no_borrower_beyond_the_cases_it_finds() {
        // 20,000 borrowers with a case each, analyzed: joined to the cases, the borrowers were hashed whole for each chunk
        TestDatabase.exec("insert into borrower (external_id, full_name, jurisdiction) "
                + "select 'PB' || g, 'Name ' || g, 'US' from generate_series(1, 20000) g");
        TestDatabase.exec("insert into collection_case (external_id, borrower_id, product, amount_overdue, currency, due_date, stage, status) "
                + "select 'PC' || b.id, b.id, 'loan', 10, 'USD', date '2026-10-01', 'early', 'overdue' from borrower b");
        TestDatabase.exec("analyze borrower, collection_case");
        String[] newRefs = IntStream.range(0, 500).mapToObj(i -> "NEW" + i).toArray(String[]::new);

        String plan = Await.result(pool.withTransaction(c -> c.query(CaseSql.PLAN_EACH_TIME).execute()
                        .compose(v -> c.preparedQuery("explain " + CaseSql.LOCK_EXISTING).execute(Tuple.of((Object) newRefs)))))
                .stream().map(r -> r.getString(0)).collect(Collectors.joining("\n"));

        assertFalse(plan.contains("Seq Scan on borrower"), "the borrowers are read by key, for the cases found only:\n" + plan);
    }
}
