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
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The access audit is partitioned by month like the history (V36) and kept as long: retention drops its whole months
 * once every sealed block holding one of their rows is past retention, and its chain verifies after each drop. Outside
 * a purge it stays append-only.
 */
@ExtendWith(VertxExtension.class)
class AccessAuditGoesAMonthAtATimeTest {

    private final SettableClock clock = SettableClock.at("2026-03-15T12:00:00Z");
    private Pool pool;

    @BeforeEach
    void start(Vertx vertx) {
        TestDatabase.truncate();
        TestDatabase.exec("insert into chain_head (chain) values ('case_history'), ('access_audit')");
        TestDatabase.exec("select month_partitions_ensure('access_audit', '2023-01-01', '2023-04-01')");
        pool = TestDatabase.pool(vertx, 2);
        // ids 1..100 in January 2023, 101..200 in February, 201..300 in March; blocks of 80 ids: 1-80 (January),
        // 81-160 (January and February), 161-240 (February and March), 241-300 (March)
        TestDatabase.exec("insert into access_audit (at, actor, role, action, case_id, target) select "
                + "timestamptz '2023-01-01T00:00:00Z' + ((g - 1) / 100) * interval '1 month' + ((g - 1) % 100) * interval '6 hours', "
                + "'compliance', 'compliance', 'unmask', g, 'CASE-' || g from generate_series(1, 300) g");
        TamperedHistoryIsDetectedTest.sealAll(new Sealer(pool, clock, 80));
        assertEquals(4, Fixtures.count("select count(*) from chain_block where chain = 'access_audit'"));
    }

    @AfterEach
    void stop() {
        Await.result(pool.close());
    }

    private Verification.ChainReport audit() throws Exception {
        Verification v = new ChainVerifier(TestDatabase.target(), clock, Period.ofYears(3), Duration.ofHours(1), Duration.ofSeconds(60))
                .verify(null, null);
        return TamperedHistoryIsDetectedTest.report(v, ChainedTable.ACCESS_AUDIT);
    }

    private static String table(String name) {
        return Fixtures.text("select to_regclass('" + name + "')::text");
    }

    @Test
    void whole_months_past_retention_are_dropped_with_their_blocks_and_the_chain_still_verifies() throws Exception {
        RetentionJob job = new RetentionJob(pool, clock, Period.ofYears(3), "retention-test");

        // the cutoff 2023-03-15 keeps March; January goes with the February rows of the block it shares with February;
        // February waits, its last block reaching into March
        assertEquals(160, Await.result(job.run()).get("access_audit"));
        assertNull(table("access_audit_2023_01"), "January's partition is dropped, not emptied");
        assertEquals(40, Fixtures.count("select count(*) from access_audit_2023_02"));
        assertTrue(Fixtures.text("select deleted->>'months_dropped' from retention_run").contains("access_audit_2023_01"));
        Verification.ChainReport report = audit();
        assertTrue(report.intact(), String.valueOf(report));
        assertEquals(140, report.rows());
        assertThrows(IllegalStateException.class, () -> TestDatabase.exec("delete from access_audit where id = 300"),
                "outside the purge the audit is append-only");

        clock.set(Instant.parse("2026-04-15T12:00:00Z"));
        assertEquals(140, Await.result(job.run()).get("access_audit"));
        assertNull(table("access_audit_2023_02"));
        assertNull(table("access_audit_2023_03"));
        assertEquals(0, Fixtures.count("select count(*) from access_audit"));
        report = audit();
        assertTrue(report.intact(), String.valueOf(report));
        assertEquals(4, Fixtures.count("select count(*) from chain_block where chain = 'access_audit' and purged_at is not null"));
    }
}
