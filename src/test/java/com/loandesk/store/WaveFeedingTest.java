package com.loandesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.rules.Channel;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A wave is enqueued as members and fed into tasks: in rounds, each member exactly once (also with two
 * feeders at once), no faster than its rate, not before its start, not while paused or after a cancel, and
 * not while the channel's backlog is full; unfed members keep their cases out of other waves.
 */
@ExtendWith(VertxExtension.class)
class WaveFeedingTest {

    private static final Instant NOON = Instant.parse("2026-11-23T17:00:00Z");
    private SettableClock clock;

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder");
        clock = new SettableClock(NOON);
    }

    private static void earlyCases(int n) {
        for (int i = 0; i < n; i++) {
            Fixtures.earlyCaseWithMobile();
        }
    }

    private static WaveSpec spec(Integer rate, Instant startsAt) {
        return new WaveSpec("w", new WaveSelection(Channel.SMS, "reminder", "early", null, null, null, null, null, null, null,
                Integer.MAX_VALUE), LocalTime.of(9, 0), LocalTime.of(12, 0), null, rate, startsAt);
    }

    private static long tasks(long waveId) {
        return Fixtures.count("select count(*) from contact_task where wave_id = ?", waveId);
    }

    private static void assertEachMemberHasExactlyOneTask(long waveId, long members) {
        assertEquals(members, tasks(waveId));
        assertEquals(members, Fixtures.count("select count(distinct case_id) from contact_task where wave_id = ?", waveId));
        assertEquals(members, Fixtures.count("select count(*) from case_history h join contact_task t on t.id = h.task_id "
                + "where t.wave_id = ? and h.event = 'task_created'", waveId));
        assertEquals(members, Fixtures.count("select fed from wave where id = ?", waveId));
    }

    @Test
    void a_wave_larger_than_its_first_chunk_is_fed_in_rounds_each_member_once(Vertx vertx) {
        earlyCases(12);
        WaveStore waves = WaveStore.create(TestDatabase.pool(vertx, 2), clock, 5);
        var created = Await.result(waves.create(spec(null, null), "cron"));
        long waveId = created.waveId();
        assertEquals(12, created.enqueued());
        assertEquals(5, created.fed());
        assertEquals(5, tasks(waveId));
        assertEquals(7, Await.result(waves.progress(waveId)).queued());

        assertEquals(4, Await.result(waves.feedDue(4, 1000)));
        assertEquals(3, Await.result(waves.feedDue(4, 1000)));
        assertEquals(0, Await.result(waves.feedDue(4, 1000)));
        assertEachMemberHasExactlyOneTask(waveId, 12);
        assertEquals(0, Await.result(waves.progress(waveId)).queued());
        assertEquals(12, Fixtures.count("select count(*) from contact_task where wave_id = ? and created_by = 'cron' "
                + "and state = 'pending' and due_at = ?::timestamptz", waveId, NOON.toString()));
    }

    @Test
    void two_feeders_at_once_never_feed_a_member_twice(Vertx vertx) {
        earlyCases(300);
        WaveStore one = WaveStore.create(TestDatabase.pool(vertx, 2), clock, 0);
        WaveStore two = WaveStore.create(TestDatabase.pool(vertx, 2), clock, 0);
        long waveId = Await.result(one.create(spec(null, null), "cron")).waveId();
        assertEquals(0, tasks(waveId));
        int rounds = 0;
        while (Fixtures.count("select enqueued - fed from wave where id = ?", waveId) > 0 && rounds++ < 200) {
            Await.result(Future.all(one.feedDue(7, 100_000), two.feedDue(7, 100_000), one.feedDue(7, 100_000)));
        }
        assertEachMemberHasExactlyOneTask(waveId, 300);
    }

    @Test
    void a_rated_wave_is_fed_no_faster_than_its_rate(Vertx vertx) {
        earlyCases(200);
        WaveStore waves = WaveStore.create(TestDatabase.pool(vertx, 2), clock, 5000);
        long waveId = Await.result(waves.create(spec(60, null), "cron")).waveId();
        assertEquals(1, tasks(waveId), "a rate of 60 a minute earns one task a second; creation may take one");

        int fed = 0;
        for (int round = 0; round < 240; round++) {     // a minute of rounds every 250 ms
            clock.tick(Duration.ofMillis(250));
            fed += Await.result(waves.feedDue(5000, 100_000));
        }
        assertEquals(60, fed);
        assertEquals(61, tasks(waveId), "a minute after creation: the rate plus the first second");

        clock.tick(Duration.ofMinutes(30));
        assertEquals(1, Await.result(waves.feedDue(5000, 100_000)), "an idle wave does not bank a burst");
    }

    @Test
    void a_wave_starting_later_is_not_fed_before_its_start(Vertx vertx) {
        earlyCases(4);
        WaveStore waves = WaveStore.create(TestDatabase.pool(vertx, 2), clock, 5000);
        var created = Await.result(waves.create(spec(null, NOON.plus(Duration.ofHours(2))), "cron"));
        long waveId = created.waveId();
        assertEquals(0, created.fed());
        clock.tick(Duration.ofMinutes(119));
        assertEquals(0, Await.result(waves.feedDue(5000, 100_000)));
        clock.tick(Duration.ofMinutes(1));
        assertEquals(4, Await.result(waves.feedDue(5000, 100_000)));
        assertEquals(4, Fixtures.count("select count(*) from contact_task where wave_id = ? and due_at = ?::timestamptz",
                waveId, NOON.plus(Duration.ofHours(2)).toString()));
    }

    @Test
    void a_paused_wave_is_not_fed_and_a_cancelled_one_never_feeds_its_remaining_members(Vertx vertx) {
        earlyCases(6);
        WaveStore waves = WaveStore.create(TestDatabase.pool(vertx, 2), clock, 2);
        long waveId = Await.result(waves.create(spec(null, null), "cron")).waveId();
        Await.result(waves.pause(waveId, "cron"));
        assertEquals(0, Await.result(waves.feedDue(5000, 100_000)));
        Await.result(waves.resume(waveId, "cron"));
        var cancelled = Await.result(waves.cancel(waveId, "cron"));
        assertEquals(2, (long) cancelled.blocked());
        assertEquals(4, (long) cancelled.unfed());
        assertEquals(0, Await.result(waves.feedDue(5000, 100_000)));
        assertEquals(2, tasks(waveId));
        assertEquals("4", Fixtures.text("select detail->>'unfed' from wave_event where wave_id = ? and event = 'cancelled'", waveId));
    }

    @Test
    void unfed_members_keep_their_cases_out_of_another_wave_of_the_same_template(Vertx vertx) {
        earlyCases(3);
        WaveStore waves = WaveStore.create(TestDatabase.pool(vertx, 2), clock, 0);
        Await.result(waves.create(spec(null, null), "cron"));
        Throwable second = Await.failure(waves.create(spec(null, null), "cron"));
        assertEquals(3, ((NothingSelected) second).busy(), "all three are busy in the first wave: " + second);
        assertEquals(1, com.loandesk.testsupport.Fixtures.count("select count(*) from wave"), "the second wave was not created");
    }

    @Test
    void a_channel_at_its_backlog_limit_is_not_fed_until_the_dispatcher_drains_it(Vertx vertx) {
        earlyCases(10);
        Pool pool = TestDatabase.pool(vertx, 2);
        WaveStore waves = WaveStore.create(pool, clock, 0);
        long waveId = Await.result(waves.create(spec(null, null), "cron")).waveId();
        assertEquals(4, Await.result(waves.feedDue(4, 3)));
        assertEquals(0, Await.result(waves.feedDue(4, 3)), "4 due tasks: at the limit of 3");
        TestDatabase.exec("update contact_task set state = 'sent' where wave_id = " + waveId);
        assertEquals(4, Await.result(waves.feedDue(4, 3)));
    }

    @Test
    void a_wave_past_its_not_after_is_not_fed(Vertx vertx) {
        earlyCases(4);
        WaveStore waves = WaveStore.create(TestDatabase.pool(vertx, 2), clock, 0);
        WaveSpec spec = new WaveSpec("w", new WaveSelection(Channel.SMS, "reminder", "early", null, null, null, null, null, null, null,
                Integer.MAX_VALUE), null, null, NOON.plus(Duration.ofHours(1)), null, null);
        long waveId = Await.result(waves.create(spec, "cron")).waveId();
        clock.tick(Duration.ofHours(2));
        assertEquals(0, Await.result(waves.feedDue(5000, 100_000)));
        assertEquals(0, tasks(waveId));
    }

    @Test
    void a_cancel_waits_for_a_feed_under_way_and_blocks_the_tasks_it_made(Vertx vertx) {
        earlyCases(5);
        Pool pool = TestDatabase.pool(vertx, 4);
        WaveStore waves = WaveStore.create(pool, clock, 0);
        long waveId = Await.result(waves.create(spec(null, null), "cron")).waveId();
        var feeder = Await.result(pool.getConnection());
        try {
            var tx = Await.result(feeder.begin());
            assertEquals(5, Await.result(feeder.preparedQuery(WaveSql.FEED).execute(io.vertx.sqlclient.Tuple.of(waveId,
                    NOON.atOffset(java.time.ZoneOffset.UTC), 100))).iterator().next().getInteger("fed"));
            Future<com.loandesk.store.WaveOutcomes.Changed> cancel = waves.cancel(waveId, "cron");     // waits on the feeder's row lock
            Await.result(vertx.timer(300));
            assertEquals(false, cancel.isComplete());
            Await.result(tx.commit());
            var cancelled = Await.result(cancel);
            assertEquals(5, (long) cancelled.blocked(), cancelled.toString());
            assertEquals(0, (long) cancelled.unfed());
        } finally {
            feeder.close();
        }
        assertEquals(5, Fixtures.count("select count(*) from contact_task where wave_id = ? and state = 'blocked' "
                + "and block_rule = 'WAVE_CANCELLED'", waveId));
    }
}
