package com.loandesk.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.channel.twilio.TwilioAccount;
import com.loandesk.channel.twilio.TwilioReconciler;
import com.loandesk.channel.twilio.TwilioSmsChannel;
import com.loandesk.fake.FakeTwilio;
import com.loandesk.rules.Gates;
import com.loandesk.rules.LocalWindow;
import com.loandesk.store.TaskStore;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.DispatchHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import com.loandesk.testsupport.TwilioTestEnv;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The production Twilio adapter against the fake, through the whole pipeline: an answer that never
 * comes or a 500 leaves the task 'unknown'; reconciliation asks Twilio before anything is resent, so
 * every contact reaches the provider exactly once.
 */
@ExtendWith(VertxExtension.class)
class AmbiguousSendsAreReconciledTest {

    private FakeTwilio fake;
    private TwilioAccount account;
    private long caseId;
    private long phone;
    private final Clock clock = Clock.systemUTC();

    @BeforeEach
    void setUp(Vertx vertx) {
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder");
        fake = Await.result(FakeTwilio.start(vertx, 0, TwilioTestEnv.ACCOUNT_SID, TwilioTestEnv.AUTH_TOKEN)).callbacksEnabled(false);
        account = TwilioAccount.create(vertx, TwilioTestEnv.settings(fake, "http://localhost:1",
                Map.of("TWILIO_REQUEST_TIMEOUT_MS", "300", "TWILIO_BREAKER_WINDOW", "100", "TWILIO_BREAKER_MIN_CALLS", "100")));
        // where it is midday now, so the hours never get in the way
        String zone = ZoneOffset.ofHours(Math.floorMod(12 - Instant.now().atOffset(ZoneOffset.UTC).getHour() + 12, 24) - 12).getId();
        long borrower = Fixtures.borrower(null, zone, "US");
        caseId = Fixtures.overdueCase(borrower);
        phone = Fixtures.mobile(borrower, "+12125550123");
    }

    @AfterEach
    void tearDown() {
        Await.result(account.close());
        Await.result(fake.close());
    }

    private DispatchHarness dispatcher(Vertx vertx) {
        return DispatchHarness.start(vertx, Gates.localHoursAndDailyCap("p", LocalWindow.parse("00:00", "23:59"), 10),
                clock, DispatchHarness.fastConfig(), List.of(new TwilioSmsChannel(account)), "d");
    }

    private int reconcile(Vertx vertx, TaskStore store) {
        return Await.result(new UnknownReconciler(vertx, store, new TwilioReconciler(account), clock, Duration.ZERO, "reconciler")
                .runOnce());
    }

    @Test
    void request_processed_after_the_client_gave_up_is_found_and_never_resent(Vertx vertx) {
        long task = Fixtures.task(caseId, phone, "sms", Instant.now().minusSeconds(60));
        fake.hangNext(1, Duration.ofMillis(1500)); // past this test's 300 ms request time-out
        try (var h = dispatcher(vertx)) {
            h.awaitSettled(1);
            assertEquals("unknown", Fixtures.text("select state from contact_task where id = ?", task));
            // the fake processes it late, as Twilio might
            com.loandesk.testsupport.Await.until("the hung message created late", Duration.ofSeconds(10),
                    () -> !fake.createdMessages().isEmpty());
            assertEquals(1, reconcile(vertx, h.store));
            assertEquals("sent", Fixtures.text("select state from contact_task where id = ?", task));
            String sid = Fixtures.text("select provider_ref from contact_task where id = ?", task);
            assertTrue(sid.startsWith("SM"), sid);
            // two claims answered after the reconciliation: the second began after it committed, and found nothing
            long looked = h.dispatcher.stats().claimsAnswered(com.loandesk.rules.Channel.SMS);
            h.dispatcher.wake();
            com.loandesk.testsupport.Await.until("the dispatcher looked for due SMS twice more", Duration.ofSeconds(10),
                    () -> h.dispatcher.stats().claimsAnswered(com.loandesk.rules.Channel.SMS) >= looked + 2);
        }
        assertEquals(1, fake.posts("Messages.json").size(), "exactly one POST for one contact");
        assertEquals(1, Fixtures.count("select count(*) from contact_attempt where task_id = ?", task));
        assertEquals("reconciled", Fixtures.text("select event from case_history where task_id = ? order by id desc limit 1", task));
    }

    @Test
    void a_500_that_created_nothing_is_sent_again_once_twilio_confirms_it_has_no_record(Vertx vertx) {
        long task = Fixtures.task(caseId, phone, "sms", Instant.now().minusSeconds(60));
        fake.failNext(1, 500, 20500);
        try (var h = dispatcher(vertx)) {
            h.awaitSettled(1);
        }
        assertEquals("unknown", Fixtures.text("select state from contact_task where id = ?", task));
        assertEquals(1, fake.posts("Messages.json").size(), "the 500 was not retried behind our back");
        var pool = TestDatabase.pool(vertx, 1);
        try {
            assertEquals(1, reconcile(vertx, new TaskStore(pool)));
        } finally {
            Await.result(pool.close());
        }
        assertEquals("pending", Fixtures.text("select state from contact_task where id = ?", task));
        assertEquals(0, Fixtures.count("select count(*) from contact_attempt where task_id = ?", task),
                "a contact that never happened stops counting against the caps");
        try (var h = dispatcher(vertx)) {
            h.awaitSettled(1);
        }
        assertEquals("sent", Fixtures.text("select state from contact_task where id = ?", task));
        List<Integer> answers = fake.posts("Messages.json").stream().map(r -> r.status()).toList();
        assertEquals(List.of(500, 201), answers);
    }

    @Test
    void unsubscribed_number_is_opted_out_and_never_tried_again(Vertx vertx) {
        fake.optOut("+12125550123");
        long first = Fixtures.task(caseId, phone, "sms", Instant.now().minusSeconds(60));
        try (var h = dispatcher(vertx)) {
            h.awaitSettled(1);
        }
        assertEquals("failed", Fixtures.text("select state from contact_task where id = ?", first));
        assertEquals("t", Fixtures.text("select sms_opted_out::text from contact_point where id = ?", phone).substring(0, 1));
        assertEquals("f", Fixtures.text("select voice_opted_out::text from contact_point where id = ?", phone).substring(0, 1));
        assertEquals(0, Fixtures.count("select count(*) from contact_attempt where task_id = ?", first));
    }

    @Test
    void invalid_number_is_marked_invalid_for_that_channel(Vertx vertx) {
        fake.invalidNumber("+12125550123");
        long task = Fixtures.task(caseId, phone, "sms", Instant.now().minusSeconds(60));
        try (var h = dispatcher(vertx)) {
            h.awaitSettled(1);
        }
        assertEquals("failed", Fixtures.text("select state from contact_task where id = ?", task));
        assertEquals("{sms}", Fixtures.text("select invalid_channels::text from contact_point where id = ?", phone));
    }
}
