package com.loandesk.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.audit.Verification.BreakKind;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Changing, deleting or inserting a sealed row by SQL, behind the append-only triggers' backs, is named. */
@ExtendWith(VertxExtension.class)
class TamperedHistoryIsDetectedTest {

    static final SettableClock CLOCK = SettableClock.at("2026-11-23T12:00:00Z");
    private Pool pool;
    private Sealer sealer;

    @BeforeEach
    void start(Vertx vertx) {
        TestDatabase.truncate();
        TestDatabase.exec("insert into chain_head (chain) values ('case_history'), ('access_audit')");
        pool = TestDatabase.pool(vertx, 2);
        sealer = new Sealer(pool, CLOCK, 100);
    }

    @AfterEach
    void stop() {
        Await.result(pool.close());
    }

    /** 250 history rows (three blocks of at most 100) and 20 audit rows, written now. */
    static void someRecords() {
        TestDatabase.exec("insert into case_history (case_id, task_id, at, event, state, actor, detail) "
                + "select g % 7, g, '2026-11-23T11:00:00Z'::timestamptz + g * interval '1 second', 'sent', 'sent', 'dispatcher', "
                + "jsonb_build_object('providerRef', 'SM' || g, 'note', 'é \"quoted\" ' || g) from generate_series(1, 250) g");
        TestDatabase.exec("insert into access_audit (at, actor, role, action, case_id, target) "
                + "select '2026-11-23T11:00:00Z'::timestamptz + g * interval '1 second', 'compliance', 'compliance', 'unmask', g, "
                + "'CASE-' || g from generate_series(1, 20) g");
    }

    /** Two passes: the first reads the horizon, the second seals up to it. */
    static void sealAll(Sealer sealer) {
        Await.result(sealer.passAll());
        List<SealResult> results = Await.result(sealer.passAll());
        results.forEach(r -> assertEquals(SealResult.State.SEALED, r.state(), r.table() + " " + r.state()));
    }

    /** The history chain's report as the verifier makes it at {@code clock}'s time, with a 3-year retention. */
    static Verification.ChainReport historyReport(java.time.Clock clock) throws Exception {
        Verification v = new ChainVerifier(TestDatabase.target(), clock, Period.ofYears(3), Duration.ofHours(1), Duration.ofSeconds(60))
                .verify(null, null);
        return v.chains().stream().filter(c -> c.chain().equals("case_history")).findFirst().orElseThrow();
    }

    static Verification verify() throws Exception {
        return new ChainVerifier(TestDatabase.target(), CLOCK, Period.ofYears(3), Duration.ofHours(1), Duration.ofSeconds(60))
                .verify(null, null);
    }

    static Verification.ChainReport report(Verification v, ChainedTable t) {
        return v.chains().stream().filter(c -> c.chain().equals(t.table())).findFirst().orElseThrow();
    }

    @Test
    void sealed_history_and_audit_verify_intact_with_every_row_counted() throws Exception {
        someRecords();
        sealAll(sealer);

        Verification v = verify();

        assertTrue(v.intact(), v.json().encodePrettily());
        Verification.ChainReport history = report(v, ChainedTable.CASE_HISTORY);
        assertEquals(250, history.rows());
        assertEquals(3, history.blocks());
        assertEquals(250, history.sealedTo());
        assertEquals(0, history.unsealedRows());
        assertEquals(0, history.lateRows());
        assertEquals(20, report(v, ChainedTable.ACCESS_AUDIT).rows());
    }

    @Test
    void a_history_row_changed_by_sql_is_named_by_its_block() throws Exception {
        someRecords();
        sealAll(sealer);

        TestDatabase.exec("alter table case_history disable trigger case_history_append_only; "
                + "update case_history set detail = detail || '{\"note\": \"consent given\"}' where id = 150; "
                + "alter table case_history enable trigger case_history_append_only");

        Verification.Break b = report(verify(), ChainedTable.CASE_HISTORY).firstBreak();
        assertNotNull(b);
        assertEquals(BreakKind.ROWS_CHANGED, b.kind());
        assertEquals(2, b.blockNo());
        assertTrue(b.firstId() <= 150 && 150 <= b.lastId(), b.toString());
    }

    @Test
    void a_history_row_deleted_by_sql_is_detected() throws Exception {
        someRecords();
        sealAll(sealer);

        TestDatabase.exec("alter table case_history disable trigger case_history_append_only; "
                + "delete from case_history where id = 42; "
                + "alter table case_history enable trigger case_history_append_only");

        Verification.Break b = report(verify(), ChainedTable.CASE_HISTORY).firstBreak();
        assertEquals(BreakKind.ROWS_MISSING, b.kind(), String.valueOf(b));
        assertEquals(1, b.blockNo());
    }

    @Test
    void a_history_row_inserted_by_sql_among_sealed_ids_is_detected() throws Exception {
        someRecords();
        sealAll(sealer);

        // a made-up decision slipped in beside the real ones (ids are not unique: a bigserial without a key)
        TestDatabase.exec("insert into case_history (id, case_id, at, event, state, rule_id, actor) "
                + "values (230, 3, '2026-11-23T11:03:50Z', 'blocked', 'blocked', 'CEASE_COMMUNICATION', 'dispatcher')");

        Verification.Break b = report(verify(), ChainedTable.CASE_HISTORY).firstBreak();
        assertEquals(BreakKind.ROWS_ADDED, b.kind(), String.valueOf(b));
        assertEquals(3, b.blockNo());
    }

    @Test
    void a_backdated_row_inserted_later_is_sealed_but_reported_as_late() throws Exception {
        someRecords();
        sealAll(sealer);

        TestDatabase.exec("insert into case_history (case_id, at, event, actor, detail) "
                + "values (3, '2026-10-01T09:00:00Z', 'consent_given', 'collector', '{}')");
        sealAll(sealer);

        Verification.ChainReport history = report(verify(), ChainedTable.CASE_HISTORY);
        assertTrue(history.intact(), String.valueOf(history));
        assertEquals(1, history.lateRows());
        assertEquals(251L, history.firstLateId());
    }

    @Test
    void an_access_audit_row_changed_or_deleted_by_sql_is_detected() throws Exception {
        someRecords();
        sealAll(sealer);

        TestDatabase.exec("alter table access_audit disable trigger access_audit_append_only; "
                + "update access_audit set actor = 'admin' where id = 7; "
                + "alter table access_audit enable trigger access_audit_append_only");
        Verification.Break changed = report(verify(), ChainedTable.ACCESS_AUDIT).firstBreak();
        assertEquals(BreakKind.ROWS_CHANGED, changed.kind(), String.valueOf(changed));

        TestDatabase.exec("alter table access_audit disable trigger access_audit_append_only; "
                + "update access_audit set actor = 'compliance' where id = 7; delete from access_audit where id = 19; "
                + "alter table access_audit enable trigger access_audit_append_only");
        Verification.Break deleted = report(verify(), ChainedTable.ACCESS_AUDIT).firstBreak();
        assertEquals(BreakKind.ROWS_MISSING, deleted.kind(), String.valueOf(deleted));
        assertTrue(report(verify(), ChainedTable.CASE_HISTORY).intact());
    }

    @Test
    void a_block_rewritten_to_match_a_changed_row_breaks_the_next_link() throws Exception {
        someRecords();
        sealAll(sealer);

        // the row changed, and its block's digest recomputed with the database's own sha256
        TestDatabase.exec("alter table case_history disable trigger case_history_append_only; "
                + "update case_history set actor = 'nobody' where id = 20; "
                + "alter table case_history enable trigger case_history_append_only; "
                + "update chain_block set digest = (select sha256(convert_to(string_agg(" + ChainedTable.CASE_HISTORY.canonical()
                + " || E'\\n', '' order by id), 'UTF8')) from case_history where id between 1 and 100) "
                + "where chain = 'case_history' and block_no = 1");

        Verification.Break b = report(verify(), ChainedTable.CASE_HISTORY).firstBreak();
        assertEquals(BreakKind.LINK_BROKEN, b.kind(), String.valueOf(b));
        assertEquals(1, b.blockNo());
    }

    @Test
    void rows_whose_ids_commit_out_of_order_are_sealed_only_once_the_earlier_transaction_ends() throws Exception {
        try (var early = java.sql.DriverManager.getConnection(TestDatabase.target().jdbcUrl(), TestDatabase.target().user(),
                TestDatabase.target().password()); var st = early.createStatement()) {
            early.setAutoCommit(false);
            // takes id 1 and stays open
            st.execute("insert into case_history (case_id, at, event, actor) values (1, now(), 'sending', 'dispatcher')");
            // id 2 commits first
            TestDatabase.exec("insert into case_history (case_id, at, event, actor) values (2, now(), 'sending', 'dispatcher')");
            Await.result(sealer.pass(ChainedTable.CASE_HISTORY));
            SealResult waiting = Await.result(sealer.pass(ChainedTable.CASE_HISTORY));

            assertEquals(SealResult.State.WAITING, waiting.state());
            assertEquals(0, waiting.sealedTo());
            assertEquals(0, Fixtures.count("select count(*) from chain_block"));

            early.commit();
        }
        SealResult sealed = Await.result(sealer.pass(ChainedTable.CASE_HISTORY));
        assertEquals(SealResult.State.SEALED, sealed.state());
        assertEquals(2, sealed.sealedTo());
        assertEquals(2, sealed.rows());
        Verification.ChainReport history = report(verify(), ChainedTable.CASE_HISTORY);
        assertTrue(history.intact(), String.valueOf(history));
        assertEquals(2, history.rows());
    }

    @Test
    void ids_taken_by_rolled_back_transactions_are_covered_by_an_empty_block() throws Exception {
        TestDatabase.exec("begin; insert into case_history (case_id, at, event, actor) values (1, now(), 'sending', 'd'); rollback");
        sealAll(sealer);
        assertEquals(1, Fixtures.count("select last_id from chain_block where chain = 'case_history' and row_count = 0"));

        // an attacker's row with the id nobody committed lands in the sealed range
        TestDatabase.exec("insert into case_history (id, case_id, at, event, actor) values (1, 1, now(), 'sent', 'd')");
        assertEquals(BreakKind.ROWS_ADDED, report(verify(), ChainedTable.CASE_HISTORY).firstBreak().kind());
    }

    @Test
    void rows_not_yet_sealed_are_counted_and_the_head_is_checked() throws Exception {
        someRecords();
        sealAll(sealer);
        TestDatabase.exec("insert into case_history (case_id, at, event, actor) values (1, '2026-11-23T12:00:00Z', 'sent', 'd')");

        Verification.ChainReport history = report(verify(), ChainedTable.CASE_HISTORY);
        assertTrue(history.intact());
        assertEquals(1, history.unsealedRows());

        TestDatabase.exec("update chain_head set block_no = 2 where chain = 'case_history'");
        assertEquals(BreakKind.HEAD_MISMATCH, report(verify(), ChainedTable.CASE_HISTORY).firstBreak().kind());
        assertFalse(verify().intact());
        assertNull(report(verify(), ChainedTable.ACCESS_AUDIT).firstBreak());
    }
}
