package com.loandesk.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.audit.Verification.BreakKind;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A chain rewritten whole inside the database still disagrees with the signed checkpoints kept outside it. */
@ExtendWith(VertxExtension.class)
class SignedCheckpointsTest {

    static final byte[] KEY = CheckpointFile.key(Map.of(CheckpointFile.KEY_ENV, "test-checkpoint-key-0123456789abcdef"));
    private final SettableClock clock = SettableClock.at("2026-11-23T12:00:00Z");
    private Pool pool;
    private Sealer sealer;
    private Checkpoints checkpoints;

    @TempDir
    Path dir;

    @BeforeEach
    void start(Vertx vertx) {
        TestDatabase.truncate();
        TestDatabase.exec("insert into chain_head (chain) values ('case_history'), ('access_audit')");
        pool = TestDatabase.pool(vertx, 2);
        sealer = new Sealer(pool, clock, 100);
        checkpoints = new Checkpoints(vertx, pool, clock, dir, KEY, Duration.ofMinutes(60));
    }

    @AfterEach
    void stop() {
        Await.result(pool.close());
    }

    private Verification verify(byte[] key) throws Exception {
        return new ChainVerifier(TestDatabase.target(), clock, Period.ofYears(3), Duration.ofHours(1), Duration.ofSeconds(60))
                .verify(dir, key);
    }

    private List<Path> files() throws Exception {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void the_first_pass_of_a_day_writes_a_signed_file_that_verifies_and_a_later_pass_that_day_does_not() throws Exception {
        TamperedHistoryIsDetectedTest.someRecords();
        TamperedHistoryIsDetectedTest.sealAll(sealer);

        Await.result(checkpoints.afterPass());
        clock.tick(Duration.ofMinutes(5));
        Await.result(checkpoints.afterPass());

        assertEquals(1, files().size());
        String text = Files.readString(files().get(0));
        assertTrue(text.contains("reason=daily"), text);
        assertTrue(text.contains("chain=case_history block=3 sealed_to=250 hash="), text);
        Verification v = verify(KEY);
        assertTrue(v.intact(), v.json().encodePrettily());
        assertEquals(1, v.checkpoints().size());

        clock.tick(Duration.ofDays(1));
        Await.result(checkpoints.afterPass());
        assertEquals(2, files().size());
    }

    @Test
    void a_chain_rewritten_consistently_after_a_checkpoint_no_longer_matches_it() throws Exception {
        TamperedHistoryIsDetectedTest.someRecords();
        TamperedHistoryIsDetectedTest.sealAll(sealer);
        Await.result(checkpoints.take("daily"));

        // an insider with the database changes a row and re-seals everything from scratch
        TestDatabase.exec("alter table case_history disable trigger case_history_append_only; "
                + "update case_history set actor = 'nobody' where id = 20; "
                + "alter table case_history enable trigger case_history_append_only; "
                + "delete from chain_block where chain = 'case_history'; "
                + "update chain_head set block_no = 0, hash = decode(repeat('00', 32), 'hex'), "
                + "sealed_to = 0, horizon = null, horizon_xips = null where chain = 'case_history'");
        clock.tick(Duration.ofSeconds(1));
        TamperedHistoryIsDetectedTest.sealAll(sealer);

        Verification v = verify(KEY);
        assertTrue(v.chains().stream().allMatch(Verification.ChainReport::intact), "the chains alone look intact");
        Verification.Break b = v.checkpoints().get(0).firstBreak();
        assertEquals(BreakKind.CHECKPOINT_MISMATCH, b.kind(), String.valueOf(b));
        assertEquals(3, b.blockNo());
    }

    @Test
    void a_checkpoint_file_edited_by_hand_or_checked_with_another_key_is_reported_forged() throws Exception {
        TamperedHistoryIsDetectedTest.someRecords();
        TamperedHistoryIsDetectedTest.sealAll(sealer);
        Checkpoint c = Await.result(checkpoints.take("daily"));
        Path file = files().get(0);
        assertNull(verify(KEY).checkpoints().get(0).firstBreak());

        byte[] otherKey = "another-key-of-at-least-32-characters".getBytes(StandardCharsets.UTF_8);
        assertEquals(BreakKind.CHECKPOINT_FORGED, verify(otherKey).checkpoints().get(0).firstBreak().kind());

        Files.writeString(file, Files.readString(file).replace("block=3", "block=2"));
        assertEquals(BreakKind.CHECKPOINT_FORGED, verify(KEY).checkpoints().get(0).firstBreak().kind());
        assertEquals(Instant.parse("2026-11-23T12:00:00Z"), c.at());
    }

    @Test
    void a_key_shorter_than_32_characters_is_refused_naming_the_variable() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CheckpointFile.key(Map.of(CheckpointFile.KEY_ENV, "short")));
        assertTrue(e.getMessage().contains(CheckpointFile.KEY_ENV), e.getMessage());
    }
}
