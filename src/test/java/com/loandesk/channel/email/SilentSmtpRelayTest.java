package com.loandesk.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.channel.OutboundContact;
import com.loandesk.channel.SendResult;
import com.loandesk.rules.Channel;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.ScriptedSmtpServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A relay that accepts the message and then says nothing: every wait on it has an end, and e-mail sits behind a guard. */
class SilentSmtpRelayTest {

    private Vertx vertx;
    private ScriptedSmtpServer relay;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        relay = Await.result(ScriptedSmtpServer.silentAfterData().start(vertx));
    }

    @AfterEach
    void stop() {
        Await.result(relay.close().eventually(() -> vertx.close()));
    }

    private SmtpSettings settings(String readTimeoutMs, String pool) {
        Map<String, String> env = new HashMap<>();
        env.put("SMTP_HOST", "localhost");
        env.put("SMTP_PORT", String.valueOf(relay.port()));
        env.put("SMTP_STARTTLS", "DISABLED");
        env.put("SMTP_FROM", "reminders@loandesk.example");
        env.put("SMTP_READ_TIMEOUT_MS", readTimeoutMs);
        env.put("SMTP_MAX_POOL", pool);
        return SmtpSettings.fromEnv(env);
    }

    private static OutboundContact contact(long taskId) {
        return new OutboundContact(taskId, 3, 1, Channel.EMAIL, "borrower" + taskId + "@example.com", "reminder", "en",
                "Your payment is due", "Dear borrower, your payment is due.");
    }

    @Test
    void a_relay_silent_after_the_message_makes_the_send_ambiguous_once_the_read_timeout_passes() {
        SmtpEmailChannel email = new SmtpEmailChannel(vertx, settings("400", "10"));
        SendResult r = Await.result(email.send(contact(1)));
        SendResult.Ambiguous ambiguous = assertInstanceOf(SendResult.Ambiguous.class, r);
        assertEquals(1, relay.messages(), "the relay had the whole message: the outcome is unknown, not retry-later");
        assertTrue(ambiguous.reason().contains("may have been accepted"), ambiguous.reason());
        Await.result(email.close());
    }

    @Test
    void the_client_closes_while_a_send_hangs_on_the_silent_relay() {
        SmtpEmailChannel email = new SmtpEmailChannel(vertx, settings("1500", "10"));
        Future<SendResult> hanging = email.send(contact(1));
        Await.result(relay.messageReceived());
        Await.result(email.close());
        // the hanging send has an answer too: nothing is left waiting for ever
        assertInstanceOf(SendResult.Ambiguous.class, Await.result(hanging));
    }

    @Test
    void closing_beside_a_send_stuck_on_a_silent_relay_waits_a_second_not_the_read_timeout() {
        SmtpEmailChannel email = new SmtpEmailChannel(vertx, settings("60000", "10"));
        email.send(contact(1));
        Await.result(relay.messageReceived());
        long started = System.nanoTime();
        Await.result(email.close());
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        // the service's stop has 6.5 s in all: a close that waited out the 60 s read time-out would overrun it
        assertTrue(tookMs < SmtpEmailChannel.CLOSE_WAIT.toMillis() + 2_000, "close took " + tookMs + " ms");
    }

    @Test
    void email_sends_go_through_a_bulkhead_the_size_of_the_connection_pool() {
        SmtpEmailChannel email = new SmtpEmailChannel(vertx, settings("60000", "2"));
        assertEquals(2, email.maxInFlight(), "the dispatcher hands e-mail no more sends than the pool has connections");
        List<Future<SendResult>> sends = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            sends.add(email.send(contact(i)));
        }
        List<String> refused = new ArrayList<>();
        // refused here, no request made: a free deferral, as for Twilio (no attempt spent)
        for (Future<SendResult> f : sends.subList(2, 5)) {
            refused.add(assertInstanceOf(SendResult.NotStarted.class, Await.result(f)).code());
        }
        assertEquals(List.of("BULKHEAD_FULL", "BULKHEAD_FULL", "BULKHEAD_FULL"), refused);
        Await.until("both admitted messages at the relay", java.time.Duration.ofSeconds(10), () -> relay.messages() == 2);
        relay.answerNow("250 2.0.0 queued");
        for (Future<SendResult> f : sends.subList(0, 2)) {
            assertInstanceOf(SendResult.Accepted.class, Await.result(f));
        }
        Await.result(email.close());
    }
}
