package com.loandesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ClaimExclusivityTest {

    private static final Instant NOW = Instant.parse("2026-11-23T15:00:00Z");

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
    }

    @Test
    void two_dispatchers_claiming_at_once_never_get_the_same_task(Vertx vertx) {
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550123");
        TestDatabase.exec("insert into contact_task (case_id, contact_point_id, channel, template, due_at) "
                + "select " + caseId + ", " + phone + ", 'sms', 'reminder', timestamptz '2026-11-23T14:00:00Z' "
                + "from generate_series(1, 2000)");
        Pool poolA = TestDatabase.pool(vertx, 4);
        Pool poolB = TestDatabase.pool(vertx, 4);
        TaskStore a = new TaskStore(poolA);
        TaskStore b = new TaskStore(poolB);
        List<Long> claimedA = new ArrayList<>();
        List<Long> claimedB = new ArrayList<>();
        // eight concurrent claims of 150 per dispatcher per round, until the queue is empty
        while (true) {
            List<Future<List<Claim>>> round = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                round.add(a.claimDue("A", NOW, 150, NOW.plus(Duration.ofMinutes(5))));
                round.add(b.claimDue("B", NOW, 150, NOW.plus(Duration.ofMinutes(5))));
            }
            Await.result(Future.all(round));
            int got = 0;
            for (int i = 0; i < round.size(); i++) {
                List<Long> ids = round.get(i).result().stream().map(Claim::taskId).toList();
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
        assertEquals(2000, new HashSet<>(claimedA).size() + new HashSet<>(claimedB).size());
        assertEquals(2000, claimedA.size() + claimedB.size(), "a task was handed out twice to one dispatcher");
        assertTrue(claimedA.size() > 0 && claimedB.size() > 0, "both dispatchers should have claimed work");
        assertEquals(claimedA.size(), Fixtures.count("select count(*) from contact_task where claimed_by = 'A'"));
        assertEquals(claimedB.size(), Fixtures.count("select count(*) from contact_task where claimed_by = 'B'"));
        Await.result(poolA.close());
        Await.result(poolB.close());
    }

    @Test
    void claim_takes_due_tasks_in_due_order_and_leaves_future_ones(Vertx vertx) {
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550123");
        long later = Fixtures.task(caseId, phone, "sms", NOW.minus(Duration.ofMinutes(1)));
        long earlier = Fixtures.task(caseId, phone, "sms", NOW.minus(Duration.ofHours(1)));
        Fixtures.task(caseId, phone, "sms", NOW.plus(Duration.ofMinutes(1)));
        Pool pool = TestDatabase.pool(vertx, 2);
        List<Long> ids = Await.result(new TaskStore(pool).claimDue("A", NOW, 10, NOW.plus(Duration.ofMinutes(5))))
                .stream().map(Claim::taskId).toList();
        assertEquals(List.of(earlier, later), ids);
        assertEquals("claimed", Fixtures.text("select state from contact_task where id = ?", earlier));
        assertEquals("A", Fixtures.text("select claimed_by from contact_task where id = ?", earlier));
        Await.result(pool.close());
    }
}
