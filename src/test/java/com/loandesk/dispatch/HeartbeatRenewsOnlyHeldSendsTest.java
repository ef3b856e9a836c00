package com.loandesk.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.channel.ContactChannel;
import com.loandesk.channel.OutboundContact;
import com.loandesk.channel.SendResult;
import com.loandesk.config.DispatchConfig;
import com.loandesk.rules.Channel;
import com.loandesk.rules.Gates;
import com.loandesk.rules.LocalWindow;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.DispatchHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.RecordingChannel;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The heart-beat renews the leases of the sends the dispatcher really has in hand, and no others: a row left
 * 'sending' under its owner id that it does not hold (stuck) lets its lease run out, and recovery turns it 'unknown'.
 */
@ExtendWith(VertxExtension.class)
class HeartbeatRenewsOnlyHeldSendsTest {

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder");
    }

    /** An SMS provider that has not answered yet. */
    private static final class Unanswered implements ContactChannel {
        final Promise<SendResult> answer = Promise.promise();
        final Promise<Void> called = Promise.promise();

        @Override
        public Channel channel() {
            return Channel.SMS;
        }

        @Override
        public Future<SendResult> send(OutboundContact contact) {
            called.tryComplete();
            return answer.future();
        }
    }

    @Test
    void a_stuck_sending_row_under_the_owner_is_not_renewed_while_the_send_in_flight_is(Vertx vertx) {
        SettableClock clock = SettableClock.at("2026-11-23T15:00:00Z"); // 10:00 in New York
        Instant t0 = clock.instant();
        long b1 = Fixtures.borrower("US-NY", null, "US");
        long inFlight = Fixtures.task(Fixtures.overdueCase(b1), Fixtures.mobile(b1, "+12125550101"), "sms", t0);
        long b2 = Fixtures.borrower("US-NY", null, "US");
        long stuck = Fixtures.task(Fixtures.overdueCase(b2), Fixtures.mobile(b2, "+12125550102"), "sms", t0);
        TestDatabase.exec("update contact_task set state = 'sending', attempts = 1, claimed_by = 'd-hb', "
                + "lease_until = timestamptz '2026-11-23T15:00:01Z' where id = " + stuck);
        Unanswered sms = new Unanswered();
        DispatchConfig config = DispatchConfig.from(new JsonObject().put("dispatch", new JsonObject()
                .put("batchSize", 50).put("maxInFlight", 50).put("pollIntervalMs", 20).put("completionFlushMs", 2)
                .put("leaseSeconds", 5).put("recoveryIntervalSeconds", 3600)));
        var h = DispatchHarness.start(vertx, Gates.localHoursAndDailyCap("lender-practice", LocalWindow.parse("08:00", "21:00"), 2),
                clock, config, List.of(sms, new RecordingChannel(Channel.VOICE), new RecordingChannel(Channel.EMAIL)), "d-hb");
        try {
            Await.result(sms.called.future());
            clock.tick(Duration.ofSeconds(3));
            Await.until("a heart-beat renewing the send in flight", Duration.ofSeconds(10), () -> "2026-11-23 15:00:08+00".equals(
                    Fixtures.text("select (lease_until at time zone 'UTC')::text || '+00' from contact_task where id = ?", inFlight)));
            assertEquals("2026-11-23 15:00:01+00", Fixtures.text(
                    "select (lease_until at time zone 'UTC')::text || '+00' from contact_task where id = ?", stuck),
                    "the stuck row's lease was not renewed");
            assertEquals(1, Await.result(h.store.recoverExpiredLeases(clock.instant(), "recoverer")));
            assertEquals("unknown", Fixtures.text("select state from contact_task where id = ?", stuck));
            assertEquals("sending", Fixtures.text("select state from contact_task where id = ?", inFlight));
        } finally {
            sms.answer.complete(new SendResult.Accepted("SM-late", "queued"));
            h.close();
        }
        assertEquals("sent", Fixtures.text("select state from contact_task where id = ?", inFlight));
    }
}
