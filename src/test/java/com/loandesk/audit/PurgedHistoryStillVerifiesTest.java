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
import java.time.Instant;
import java.time.Period;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Retention's purge takes sealed history a whole block at a time: what remains verifies, and tampering still shows. */
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
        // ids 1..150 from 2022 (past retention), 151..250 from 2024: block 1 wholly old, block 2 half, block 3 new
        TestDatabase.exec("insert into case_history (case_id, at, event, actor) select g, case when g <= 150 "
                + "then '2022-06-01T00:00:00Z'::timestamptz else '2024-06-01T00:00:00Z'::timestamptz end + g * interval '1 minute', "
                + "'sent', 'dispatcher' from generate_series(1, 250) g");
        TamperedHistoryIsDetectedTest.sealAll(sealer);
    }

    @AfterEach
    void stop() {
        Await.result(pool.close());
    }

    private Verification.ChainReport history() throws Exception {
        return TamperedHistoryIsDetectedTest.historyReport(clock);
    }

    @Test
    void a_purge_takes_whole_blocks_past_retention_leaves_a_chain_that_verifies_and_a_checkpoint() throws Exception {
        AtomicInteger checkpoints = new AtomicInteger();
        RetentionJob job = new RetentionJob(pool, clock, Period.ofYears(3), "retention-test")
                .checkpointingWith(() -> Future.succeededFuture(checkpoints.incrementAndGet()));

        assertEquals(100, Await.result(job.run()).get("case_history"), "block 1 goes; block 2 waits for its newest row");

        assertEquals(1, checkpoints.get());
        assertEquals(1, Fixtures.count("select count(*) from chain_block where purged_at is not null"));
        assertEquals(101, Fixtures.count("select min(id) from case_history"));
        Verification.ChainReport report = history();
        assertTrue(report.intact(), String.valueOf(report));
        assertEquals(150, report.rows());

        // later blocks 2 and 3 are past retention too; the row written since stays, and the chain still verifies
        clock.set(Instant.parse("2027-12-01T12:00:00Z"));
        TestDatabase.exec("insert into case_history (case_id, at, event, actor) values (1, '2027-12-01T11:00:00Z', 'sent', 'd')");
        TamperedHistoryIsDetectedTest.sealAll(sealer);
        assertEquals(150, Await.result(job.run()).get("case_history"));
        assertEquals(3, Fixtures.count("select count(*) from chain_block where purged_at is not null"));
        report = history();
        assertTrue(report.intact(), String.valueOf(report));
        assertEquals(1, report.rows());
        assertEquals(2, checkpoints.get());
    }

    @Test
    void a_recent_block_deleted_and_marked_purged_is_named_and_so_is_a_row_put_back_into_a_purged_block() throws Exception {
        Await.result(new RetentionJob(pool, clock, Period.ofYears(3), "retention-test").run());

        // deleted as if by the purge, before its time
        TestDatabase.exec("begin; select set_config('loandesk.retention_purge', 'on', true); "
                + "delete from case_history where id between 201 and 250; "
                + "update chain_block set purged_at = now() where chain = 'case_history' and block_no = 3; commit");
        Verification.Break b = history().firstBreak();
        assertEquals(BreakKind.PURGED_TOO_SOON, b.kind(), String.valueOf(b));
        assertEquals(3, b.blockNo());

        TestDatabase.exec("update chain_block set purged_at = null where chain = 'case_history' and block_no = 3");
        TestDatabase.exec("insert into case_history (id, case_id, at, event, actor) values (50, 1, '2022-06-01T00:50:00Z', 'sent', 'd')");
        Verification.Break added = history().firstBreak();
        assertEquals(BreakKind.ROWS_ADDED, added.kind(), String.valueOf(added));
        assertEquals(1, added.blockNo());
    }
}
