package com.loandesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.rules.Channel;
import com.loandesk.rules.Decision;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ClaimExclusivityTest {

    private static final Instant NOW = Instant.parse("2026-11-23T15:00:00Z");
    private static final Function<GateInput, List<Gated>> ALLOW_ALL =
            in -> in.tasks().stream().map(t -> new Gated(t, Decision.allow("test"), "{}")).toList();

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
    }

    private static Future<List<Gated>> claim(TaskStore store, String owner, int limit) {
        return store.claimAndGate(owner, Channel.SMS, NOW, limit, NOW.plus(Duration.ofMinutes(5)),
                NOW.minus(Duration.ofDays(31)), ALLOW_ALL);
    }

    @Test
    void two_dispatchers_claiming_at_once_never_get_the_same_task(Vertx vertx) {
        // 400 borrowers with 5 tasks each: concurrent claims also contend for the same borrowers' locks
        TestDatabase.exec("""
                insert into borrower (external_id, full_name, jurisdiction) select 'B' || g, 'B' || g, 'US' from generate_series(1, 400) g;
                insert into collection_case (external_id, borrower_id, product, amount_overdue, currency, due_date, stage, status)
                  select 'C' || id, id, 'loan', 100, 'USD', current_date, 'early', 'overdue' from borrower;
                insert into contact_point (borrower_id, kind, value) select id, 'mobile', '+1212555' || lpad(id::text, 4, '0') from borrower;
                insert into contact_task (case_id, contact_point_id, channel, template, due_at)
                  select c.id, p.id, 'sms', 'reminder', timestamptz '2026-11-23T14:00:00Z'
                    from collection_case c join contact_point p on p.borrower_id = c.borrower_id, generate_series(1, 5);
                """);
        Pool poolA = TestDatabase.pool(vertx, 4);
        Pool poolB = TestDatabase.pool(vertx, 4);
        TaskStore a = new TaskStore(poolA);
        TaskStore b = new TaskStore(poolB);
        List<Long> claimedA = new ArrayList<>();
        List<Long> claimedB = new ArrayList<>();
        while (true) {
            List<Future<List<Gated>>> round = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                round.add(claim(a, "A", 150));
                round.add(claim(b, "B", 150));
            }
            Await.result(Future.join(round));
            int got = 0;
            for (int i = 0; i < round.size(); i++) {
                assertTrue(round.get(i).succeeded(), "a claim failed: " + round.get(i).cause());
                List<Long> ids = round.get(i).result().stream().map(g -> g.task().taskId()).toList();
                got += ids.size();
                (i % 2 == 0 ? claimedA : claimedB).addAll(ids);
            }
            if (got == 0) {
                break;
            }
        }
        Set<Long> overlap = new HashSet<>(claimedA);
        overlap.retainAll(new HashSet<>(claimedB));
        assertTrue(overlap.isEmpty(), "tasks handed to both dispatchers: " + overlap);
        assertEquals(2000, claimedA.size() + claimedB.size(), "every task handed out exactly once");
        assertEquals(2000, new HashSet<>(claimedA).size() + new HashSet<>(claimedB).size());
        assertTrue(claimedA.size() > 0 && claimedB.size() > 0, "both dispatchers should have claimed work");
        assertEquals(claimedA.size(), Fixtures.count("select count(*) from contact_task where claimed_by = 'A' and state = 'sending'"));
        assertEquals(claimedB.size(), Fixtures.count("select count(*) from contact_task where claimed_by = 'B' and state = 'sending'"));
        assertEquals(2000, Fixtures.count("select count(*) from contact_attempt"));
        Await.result(poolA.close());
        Await.result(poolB.close());
    }

    @Test
    void claim_takes_due_tasks_of_its_channel_in_due_order_and_leaves_the_rest(Vertx vertx) {
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550123");
        long later = Fixtures.task(caseId, phone, "sms", NOW.minus(Duration.ofMinutes(1)));
        long earlier = Fixtures.task(caseId, phone, "sms", NOW.minus(Duration.ofHours(1)));
        long future = Fixtures.task(caseId, phone, "sms", NOW.plus(Duration.ofMinutes(1)));
        long call = Fixtures.task(caseId, phone, "voice", NOW.minus(Duration.ofHours(2)));
        Pool pool = TestDatabase.pool(vertx, 2);
        List<Long> ids = Await.result(claim(new TaskStore(pool), "A", 10)).stream().map(g -> g.task().taskId()).toList();
        assertEquals(List.of(earlier, later), ids);
        assertEquals("sending", Fixtures.text("select state from contact_task where id = ?", earlier));
        assertEquals("A", Fixtures.text("select claimed_by from contact_task where id = ?", earlier));
        assertEquals("pending", Fixtures.text("select state from contact_task where id = ?", future));
        assertEquals("pending", Fixtures.text("select state from contact_task where id = ?", call));
        Await.result(pool.close());
    }

    @Test
    void a_failed_gate_leaves_the_tasks_due_and_unclaimed(Vertx vertx) {
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550123");
        long task = Fixtures.task(caseId, phone, "sms", NOW.minus(Duration.ofMinutes(1)));
        Pool pool = TestDatabase.pool(vertx, 2);
        Future<List<Gated>> failed = new TaskStore(pool).claimAndGate("A", Channel.SMS, NOW, 10, NOW.plus(Duration.ofMinutes(5)),
                NOW.minus(Duration.ofDays(31)), in -> {
                    throw new IllegalStateException("rules crashed");
                });
        assertTrue(failed.toCompletionStage().toCompletableFuture().handle((v, e) -> e != null).join());
        assertEquals("pending", Fixtures.text("select state from contact_task where id = ?", task));
        assertEquals(0, Fixtures.count("select count(*) from contact_attempt"));
        assertEquals(0, Fixtures.count("select count(*) from case_history where task_id = ?", task));
        Await.result(pool.close());
    }

    @Test
    void tasks_of_a_paused_wave_are_not_claimed_until_it_resumes(Vertx vertx) {
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550123");
        long wave = Fixtures.count("insert into wave (name, channel, template, state, created_by) "
                + "values ('w', 'sms', 'reminder', 'paused', 'scheduler-1') returning id");
        long inWave = Fixtures.task(caseId, phone, "sms", NOW.minus(Duration.ofHours(1)));
        TestDatabase.exec("update contact_task set wave_id = " + wave + " where id = " + inWave);
        long alone = Fixtures.task(caseId, phone, "sms", NOW.minus(Duration.ofMinutes(1)));
        Pool pool = TestDatabase.pool(vertx, 2);
        TaskStore store = new TaskStore(pool);
        assertEquals(List.of(alone), Await.result(claim(store, "A", 10)).stream().map(g -> g.task().taskId()).toList());
        TestDatabase.exec("update wave set state = 'running' where id = " + wave);
        assertEquals(List.of(inWave), Await.result(claim(store, "A", 10)).stream().map(g -> g.task().taskId()).toList());
        Await.result(pool.close());
    }

    @Test
    void a_collectors_click_to_call_task_is_never_taken_by_the_automatic_dispatcher(Vertx vertx) {
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550123");
        long manual = Fixtures.count("insert into contact_task (case_id, contact_point_id, channel, template, due_at, state) "
                + "values (?, ?, 'voice', 'click-to-call', now() - interval '1 day', 'deferred') returning id", caseId, phone);
        Pool pool = TestDatabase.pool(vertx, 2);
        var claimed = Await.result(new TaskStore(pool).claimAndGate("A", Channel.VOICE, NOW, 10, NOW.plus(Duration.ofMinutes(5)),
                NOW.minus(Duration.ofDays(31)), ALLOW_ALL));
        assertTrue(claimed.isEmpty());
        assertEquals("deferred", Fixtures.text("select state from contact_task where id = ?", manual));
        Await.result(pool.close());
    }
}
