package com.loandesk.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.channel.ContactChannel;
import com.loandesk.channel.OutboundContact;
import com.loandesk.channel.SendResult;
import com.loandesk.channel.email.SmtpEmailChannel;
import com.loandesk.channel.email.SmtpSettings;
import com.loandesk.channel.sim.SimulatorChannel;
import com.loandesk.config.DispatchConfig;
import com.loandesk.rules.Channel;
import com.loandesk.rules.Gates;
import com.loandesk.rules.LocalWindow;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.DispatchHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.ScriptedSmtpServer;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An SMTP relay that takes the message and never answers: the e-mail task becomes 'unknown' once
 * {@code dispatch.sendTimeoutMs} has passed (the production SMTP client, its read time-out longer than that), the
 * dispatcher stops, and the relay's late "250" writes nothing a second time.
 */
@ExtendWith(VertxExtension.class)
class SilentRelayEmailBecomesUnknownTest {

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder");
    }

    /** The production channel, with a way to see when its own (late) answer came. */
    private static final class Watched implements ContactChannel {
        final ContactChannel inner;
        final Promise<SendResult> answered = Promise.promise();

        Watched(ContactChannel inner) {
            this.inner = inner;
        }

        @Override
        public Channel channel() {
            return inner.channel();
        }

        @Override
        public Future<SendResult> send(OutboundContact contact) {
            return inner.send(contact).onComplete(ar -> answered.tryComplete(ar.result()));
        }

        @Override
        public int maxInFlight() {
            return inner.maxInFlight();
        }
    }

    @Test
    void email_to_a_silent_relay_is_unknown_within_the_send_timeout_the_dispatcher_stops_and_the_late_answer_is_not_written(Vertx vertx) {
        SettableClock clock = SettableClock.at("2026-11-23T15:00:00Z"); // 10:00 in New York
        ScriptedSmtpServer relay = Await.result(ScriptedSmtpServer.silentAfterData().start(vertx));
        SmtpSettings smtp = SmtpSettings.fromEnv(Map.of("SMTP_HOST", "localhost", "SMTP_PORT", String.valueOf(relay.port()),
                "SMTP_STARTTLS", "DISABLED", "SMTP_FROM", "reminders@loandesk.example"));
        SmtpEmailChannel email = new SmtpEmailChannel(vertx, smtp);
        Watched watched = new Watched(email);
        DispatchConfig config = DispatchConfig.from(new JsonObject().put("dispatch", new JsonObject()
                .put("batchSize", 50).put("maxInFlight", 50).put("pollIntervalMs", 20).put("completionFlushMs", 2)
                .put("leaseSeconds", 60).put("sendTimeoutMs", 500)));
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long task = Fixtures.task(caseId, Fixtures.email(borrower, "late@example.com"), "email", clock.instant());

        var h = DispatchHarness.start(vertx, Gates.localHoursAndDailyCap("lender-practice", LocalWindow.parse("08:00", "21:00"), 2),
                clock, config, List.of(new SimulatorChannel(vertx, Channel.SMS, Duration.ZERO),
                        new SimulatorChannel(vertx, Channel.VOICE, Duration.ZERO), watched), "d-silent");
        try {
            Await.until("the e-mail task unknown", Duration.ofSeconds(10),
                    () -> "unknown".equals(Fixtures.text("select state from contact_task where id = ?", task)));
            assertTrue(smtp.readTimeoutMs() > config.sendTimeout().toMillis(), "the dispatcher's deadline, not the socket's, fired");
            Await.result(relay.messageReceived());
            relay.answerNow("250 2.0.0 queued as LATE1");
            assertTrue(Await.result(watched.answered.future()) instanceof SendResult.Accepted, "the relay's late answer reached the client");
        } finally {
            h.close(); // stop drains every answer the dispatcher took: it must finish, and write nothing more
        }
        assertEquals("unknown", Fixtures.text("select state from contact_task where id = ?", task));
        assertEquals("sending,unknown",
                Fixtures.text("select string_agg(event, ',' order by id) from case_history where task_id = ?", task));
        String why = Fixtures.text("select detail->>'reason' from case_history where task_id = ? and event = 'unknown'", task);
        assertTrue(why.contains("no answer within 500 ms"), why);
        String next = Fixtures.text("select detail->>'next' from case_history where task_id = ? and event = 'unknown'", task);
        assertTrue(next.contains("a person settles it"), "no reconciliation is promised for SMTP: " + next);
        assertEquals(1, Fixtures.count("select count(*) from contact_attempt where task_id = ?", task),
                "an unknown e-mail still counts against the caps");
        Await.result(email.close().compose(v -> relay.close()));
    }
}
