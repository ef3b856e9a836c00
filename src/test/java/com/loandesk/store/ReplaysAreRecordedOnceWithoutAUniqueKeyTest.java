package com.loandesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SentTask;
import com.loandesk.testsupport.TestDatabase;
import com.loandesk.testsupport.TwilioIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Provider events and inbound messages are partitioned by month (V36), so their replay keys cannot be unique indexes:
 * the write itself refuses a copy of an event received within the replay window, under a lock on the key. Copies
 * posted at once, copies either side of a month's end and copies within one batch are recorded once; a copy later than
 * the window is kept.
 */
@ExtendWith(VertxExtension.class)
class ReplaysAreRecordedOnceWithoutAUniqueKeyTest {

    private Pool pool;
    private PgProviderEvents events;
    /** The first instant of the current month (UTC): the boundary between two partitions. */
    private final Instant monthStart = Instant.now().atOffset(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();

    @BeforeEach
    void start(Vertx vertx) {
        TestDatabase.truncate();
        pool = TestDatabase.pool(vertx, 8);
        events = new PgProviderEvents(pool, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        Await.result(pool.close());
    }

    @Test
    void the_same_callback_posted_eight_times_at_once_is_one_event_and_one_history_row() {
        String sid = TwilioIds.sid("SM");
        SentTask task = SentTask.create("sms", "+14155552101", sid);
        List<Future<Integer>> posts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            posts.add(events.record(List.of(ProviderEvent.messageStatus(sid, "delivered", null, Instant.now()))));
        }

        Await.result(Future.all(posts));

        assertEquals(1, posts.stream().mapToInt(Future::result).sum(), "one of the eight writes the event");
        assertEquals(1, Fixtures.count("select count(*) from provider_event where provider_sid = ?", sid));
        assertEquals(1, task.history("delivery_status"));
        assertEquals("delivered", task.state());
    }

    @Test
    void a_copy_received_just_after_the_month_ends_is_a_replay_of_one_received_just_before() {
        String sid = TwilioIds.sid("SM");
        SentTask task = SentTask.create("sms", "+14155552102", sid);
        Instant before = monthStart.minusSeconds(60);
        Instant after = monthStart.plusSeconds(60);

        assertEquals(1, Await.result(events.record(List.of(ProviderEvent.messageStatus(sid, "delivered", null, before)))));
        assertEquals(0, Await.result(events.record(List.of(ProviderEvent.messageStatus(sid, "delivered", null, after)))));

        assertEquals(1, Fixtures.count("select count(*) from provider_event where provider_sid = ?", sid));
        assertEquals(1, task.history("delivery_status"));

        String messageSid = TwilioIds.sid("SM");
        assertTrue(Await.result(events.inbound(new InboundSms(messageSid, task.number(), "+14155550000", "STOP", null, before))).fresh());
        assertFalse(Await.result(events.inbound(new InboundSms(messageSid, task.number(), "+14155550000", "STOP", null, after))).fresh());
        assertEquals(1, Fixtures.count("select count(*) from inbound_message where message_sid = ?", messageSid));
        assertEquals(1, Fixtures.count("select count(*) from case_history where case_id = ? and event = 'inbound_sms'", task.caseId()));
    }

    @Test
    void copies_within_one_batch_are_written_once_in_the_batch_s_order() {
        String sid = TwilioIds.sid("SM");
        SentTask task = SentTask.create("sms", "+14155552103", sid);
        Instant at = Instant.now();
        ProviderEvent sent = ProviderEvent.messageStatus(sid, "sent", null, at);
        ProviderEvent delivered = ProviderEvent.messageStatus(sid, "delivered", null, at.plusSeconds(1));

        assertEquals(2, Await.result(events.record(List.of(sent, delivered, sent, delivered))));

        assertEquals("sent,delivered", Fixtures.text(
                "select string_agg(state, ',' order by id) from case_history where task_id = ? and event = 'delivery_status'", task.taskId()));
    }

    @Test
    void a_copy_later_than_the_replay_window_is_kept_as_a_new_event() {
        String sid = TwilioIds.sid("SM");
        SentTask.create("sms", "+14155552104", sid);
        Instant first = monthStart.minus(PgProviderEvents.REPLAY_WINDOW).minusSeconds(3600);

        assertEquals(1, Await.result(events.record(List.of(ProviderEvent.messageStatus(sid, "delivered", null, first)))));
        assertEquals(0, Await.result(events.record(List.of(ProviderEvent.messageStatus(sid, "delivered", null,
                first.plus(PgProviderEvents.REPLAY_WINDOW).minusSeconds(1))))), "within the window: a replay");
        assertEquals(1, Await.result(events.record(List.of(ProviderEvent.messageStatus(sid, "delivered", null,
                first.plus(PgProviderEvents.REPLAY_WINDOW).plusSeconds(1))))), "past the window: kept");
        assertEquals(2, Fixtures.count("select count(*) from provider_event where provider_sid = ?", sid));
    }
}
