package com.loandesk.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.retention.RetentionJob;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.Period;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The history is partitioned by month and retention drops whole months: a month goes once every sealed block holding
 * one of its rows is past retention, a block straddling two months takes its tail with it, and the chain verifies
 * after each drop. A month held by a block still within retention waits for the next run.
 */
@ExtendWith(VertxExtension.class)
class HistoryGoesAMonthAtATimeTest {

    private final SettableClock clock = SettableClock.at("2026-03-15T12:00:00Z");
    private Pool pool;

    @BeforeEach
    void start(Vertx vertx) {
        TestDatabase.truncate();
        TestDatabase.exec("insert into chain_head (chain) values ('case_history'), ('access_audit')");
        TestDatabase.exec("select month_partitions_ensure('case_history', '2023-01-01', '2023-04-01')");
        pool = TestDatabase.pool(vertx, 2);
        // ids 1..100 in January 2023, 101..200 in February, 201..300 in March; blocks of 80 ids: 1-80 (January),
        // 81-160 (January and February), 161-240 (February and March), 241-300 (March)
        TestDatabase.exec("insert into case_history (case_id, at, event, actor) select g, "
                + "timestamptz '2023-01-01T00:00:00Z' + ((g - 1) / 100) * interval '1 month' + ((g - 1) % 100) * interval '6 hours', "
                + "'sent', 'dispatcher' from generate_series(1, 300) g");
        TamperedHistoryIsDetectedTest.sealAll(new Sealer(pool, clock, 80));
        assertEquals(4, Fixtures.count("select count(*) from chain_block where chain = 'case_history'"));
    }

    @AfterEach
    void stop() {
        Await.result(pool.close());
    }

    private Verification.ChainReport history() throws Exception {
        return TamperedHistoryIsDetectedTest.historyReport(clock);
    }

    private static String table(String name) {
        return Fixtures.text("select to_regclass('" + name + "')::text");
    }

    @Test
    void whole_months_past_retention_are_dropped_with_their_blocks_tails_and_a_month_held_by_a_newer_block_waits() throws Exception {
        RetentionJob job = new RetentionJob(pool, clock, Period.ofYears(3), "retention-test");

        // kept by whole months: the cutoff 2023-03-15 keeps March; January goes, and with it the February rows of the
        // block it shares with February; February waits, its last block reaching into March
        assertEquals(160, Await.result(job.run()).get("case_history"));
        assertNull(table("case_history_2023_01"), "January's partition is dropped, not emptied");
        assertEquals(40, Fixtures.count("select count(*) from case_history_2023_02"));
        assertEquals("[\"case_history_2023_01\"]", Fixtures.text("select deleted->>'months_dropped' from retention_run"));
        assertEquals(2, Fixtures.count("select count(*) from chain_block where purged_at is not null"));
        Verification.ChainReport report = history();
        assertTrue(report.intact(), String.valueOf(report));
        assertEquals(140, report.rows());

        // a month later, February and March go whole; April's partition (empty) stays
        clock.set(Instant.parse("2026-04-15T12:00:00Z"));
        assertEquals(140, Await.result(job.run()).get("case_history"));
        assertNull(table("case_history_2023_02"));
        assertNull(table("case_history_2023_03"));
        assertEquals("case_history_2023_04", table("case_history_2023_04"));
        assertEquals(0, Fixtures.count("select count(*) from case_history"));
        report = history();
        assertTrue(report.intact(), String.valueOf(report));
        assertEquals(0, report.rows());
        assertEquals(4, Fixtures.count("select count(*) from chain_block where purged_at is not null"));
    }

    @Test
    void each_run_makes_the_coming_months_and_a_month_s_partition_is_as_append_only_as_the_history() {
        Await.result(new RetentionJob(pool, clock, Period.ofYears(3), "retention-test").run());

        for (String month : new String[] {"2026_02", "2026_03", "2026_04", "2026_05", "2026_06"}) {
            assertEquals("case_history_" + month, table("case_history_" + month));
        }
        TestDatabase.exec("insert into case_history (case_id, at, event, actor) values (1, '2026-05-02T00:00:00Z', 'sent', 'd')");
        assertEquals("case_history_2026_05", Fixtures.text("select tableoid::regclass::text from case_history where at = '2026-05-02T00:00:00Z'"));
        assertThrows(IllegalStateException.class, () -> TestDatabase.exec("delete from case_history_2026_05"));
        assertThrows(IllegalStateException.class, () -> TestDatabase.exec("update case_history_2023_03 set actor = 'x'"));
    }

    @Test
    void a_row_of_a_month_without_a_partition_waits_in_the_default_one_and_moves_into_its_month_when_made() {
        TestDatabase.exec("insert into case_history (case_id, at, event, actor) values (1, '2031-07-04T00:00:00Z', 'sent', 'd')");
        assertEquals("case_history_default", Fixtures.text("select tableoid::regclass::text from case_history where at > '2031-01-01'"));

        assertEquals(1, Fixtures.count("select month_partitions_ensure('case_history', '2031-07-01', '2031-07-31')"));

        assertEquals("case_history_2031_07", Fixtures.text("select tableoid::regclass::text from case_history where at > '2031-01-01'"));
        assertEquals(0, Fixtures.count("select count(*) from case_history_default"));
        assertThrows(IllegalStateException.class, () -> TestDatabase.exec("delete from case_history_2031_07"),
                "a month made from the default partition is append-only too");
    }
}
