package com.loandesk.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.audit.Verification.BreakKind;
import com.loandesk.retention.RetentionJob;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Period;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Retention's purge keeps what it needs of the chain: what remains still verifies, and tampering still shows. */
@ExtendWith(VertxExtension.class)
class PurgedHistoryStillVerifiesTest {

    private final SettableClock clock = SettableClock.at("2026-11-23T12:00:00Z");
    private Pool pool;
    private Sealer sealer;

    @BeforeEach
    void start(Vertx vertx) {
        TestDatabase.truncate();
        TestDatabase.exec("insert into chain_head (chain) values ('case_history'), ('access_audit')");
        pool = TestDatabase.pool(vertx, 2);
        sealer = new Sealer(pool, clock, 100);
    }

    @AfterEach
    void stop() {
        Await.result(pool.close());
    }

    private Verification.ChainReport history() throws Exception {
        Verification v = new ChainVerifier(TestDatabase.target(), clock, Period.ofYears(3), Duration.ofHours(1), Duration.ofSeconds(60))
                .verify(null, null);
        return v.chains().stream().filter(c -> c.chain().equals("case_history")).findFirst().orElseThrow();
    }

    @Test
    void a_purge_through_sealed_blocks_leaves_a_chain_that_verifies_and_a_checkpoint() throws Exception {
        // ids 1..150 from 2022 (past retention), 151..250 from 2024: block 1 wholly old, block 2 half, block 3 new
        TestDatabase.exec("insert into case_history (case_id, at, event, actor) select g, case when g <= 150 "
                + "then '2022-06-01T00:00:00Z'::timestamptz else '2024-06-01T00:00:00Z'::timestamptz end + g * interval '1 minute', "
                + "'sent', 'dispatcher' from generate_series(1, 250) g");
        TamperedHistoryIsDetectedTest.sealAll(sealer);
        AtomicInteger checkpoints = new AtomicInteger();
        RetentionJob job = new RetentionJob(pool, clock, Period.ofYears(3), "retention-test")
                .checkpointingWith(() -> Future.succeededFuture(checkpoints.incrementAndGet()));

        var deleted = Await.result(job.run());

        assertEquals(150, deleted.get("case_history"));
        assertEquals(1, checkpoints.get());
        assertEquals(1, Fixtures.count("select count(*) from chain_block where purged_at is not null"));
        assertEquals(50, Fixtures.count("select count(*) from chain_purged"), "the half-purged block keeps its purged rows' hashes");
        Verification.ChainReport report = history();
        assertTrue(report.intact(), String.valueOf(report));
        assertEquals(100, report.rows());

        // the rest of blocks 2 and 3 past retention later: they are folded too, and the chain still verifies
        clock.set(java.time.Instant.parse("2027-05-01T12:00:00Z"));
        TestDatabase.exec("insert into case_history (case_id, at, event, actor) values (1, '2027-05-01T11:00:00Z', 'sent', 'd')");
        TamperedHistoryIsDetectedTest.sealAll(sealer);
        assertEquals(0, Await.result(job.run()).get("case_history"));
        clock.set(java.time.Instant.parse("2027-12-01T12:00:00Z"));
        assertEquals(100, Await.result(job.run()).get("case_history"));
        assertEquals(3, Fixtures.count("select count(*) from chain_block where purged_at is not null"));
        assertEquals(0, Fixtures.count("select count(*) from chain_purged"));
        report = history();
        assertTrue(report.intact(), String.valueOf(report));
        assertEquals(1, report.rows());
    }

    @Test
    void rows_deleted_outside_retention_are_still_detected_after_a_purge() throws Exception {
        TestDatabase.exec("insert into case_history (case_id, at, event, actor) select g, case when g <= 150 "
                + "then '2022-06-01T00:00:00Z'::timestamptz else '2026-06-01T00:00:00Z'::timestamptz end, 'sent', 'dispatcher' "
                + "from generate_series(1, 250) g");
        TamperedHistoryIsDetectedTest.sealAll(sealer);
        Await.result(new RetentionJob(pool, clock, Period.ofYears(3), "retention-test").run());

        // deleted behind the purge's back, as if purged: the recorded hash of a row not past retention is refused
        TestDatabase.exec("begin; select set_config('loandesk.retention_purge', 'on', true); "
                + "insert into chain_purged (chain, id, at, row_hash) select 'case_history', id, at, "
                + ChainedTable.CASE_HISTORY.rowHash() + " from case_history where id = 200; "
                + "delete from case_history where id = 200; commit");
        Verification.Break b = history().firstBreak();
        assertEquals(BreakKind.PURGED_TOO_SOON, b.kind(), String.valueOf(b));

        // and plainly deleted
        TestDatabase.exec("delete from chain_purged where id = 200");
        assertEquals(BreakKind.ROWS_MISSING, history().firstBreak().kind());
    }
}
