package com.loandesk.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.loandesk.channel.OutboundContact;
import com.loandesk.channel.SendResult;
import com.loandesk.rules.Channel;
import com.loandesk.testsupport.ScriptedSmtpServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import jakarta.mail.internet.MimeMessage;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
class SmtpEmailChannelTest {

    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final OutboundContact CONTACT = new OutboundContact(7, 3, 1, Channel.EMAIL, "borrower@example.com",
            "reminder", "en", "Your payment is due", "Dear borrower,\n\nYour payment of <USD 150> is due.");

    private static SmtpSettings settings(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("SMTP_HOST", "localhost");
        env.put("SMTP_PORT", String.valueOf(port));
        env.put("SMTP_STARTTLS", "DISABLED");
        env.put("SMTP_FROM", "reminders@loandesk.example");
        env.put("SMTP_CONNECT_TIMEOUT_MS", "2000");
        return SmtpSettings.fromEnv(env);
    }

    @Test
    void a_delivered_mail_is_accepted_with_its_message_id_and_both_bodies(Vertx vertx, VertxTestContext ctx) {
        SmtpEmailChannel email = new SmtpEmailChannel(vertx, settings(GREENMAIL.getSmtp().getPort()));
        email.send(CONTACT).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            SendResult.Accepted accepted = assertInstanceOf(SendResult.Accepted.class, r);
            MimeMessage[] received = GREENMAIL.getReceivedMessages();
            assertEquals(1, received.length);
            assertEquals(received[0].getMessageID(), accepted.providerRef());
            assertEquals("Your payment is due", received[0].getSubject());
            String raw = GreenMailUtil.getWholeMessage(received[0]);
            assertTrue(raw.contains("text/plain"), raw);
            assertTrue(raw.contains("text/html"), raw);
            assertTrue(raw.contains("&lt;USD 150&gt;"), "the HTML body is escaped");
            email.close().onComplete(ctx.succeedingThenComplete());
        })));
    }

    @Test
    void a_permanent_rcpt_refusal_is_rejected_as_invalid(Vertx vertx, VertxTestContext ctx) {
        scripted(vertx, "550 5.1.1 no such user", "250 OK").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            SendResult.Rejected rejected = assertInstanceOf(SendResult.Rejected.class, r);
            assertEquals("550", rejected.code());
            assertEquals(SendResult.Suppression.INVALID, rejected.suppress());
            ctx.completeNow();
        })));
    }

    @Test
    void a_transient_rcpt_refusal_is_retry_later(Vertx vertx, VertxTestContext ctx) {
        scripted(vertx, "450 4.2.1 mailbox busy", "250 OK").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals("450", assertInstanceOf(SendResult.RetryLater.class, r).code());
            ctx.completeNow();
        })));
    }

    @Test
    void an_error_after_data_is_ambiguous(Vertx vertx, VertxTestContext ctx) {
        scripted(vertx, "250 OK", "451 4.3.0 local error").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertInstanceOf(SendResult.Ambiguous.class, r);
            ctx.completeNow();
        })));
    }

    @Test
    void a_connection_dropped_after_data_is_ambiguous(Vertx vertx, VertxTestContext ctx) {
        scripted(vertx, "250 OK", null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertInstanceOf(SendResult.Ambiguous.class, r);
            ctx.completeNow();
        })));
    }

    @Test
    void no_server_is_retry_later(Vertx vertx, VertxTestContext ctx) {
        SmtpEmailChannel email = new SmtpEmailChannel(vertx, settings(1));
        email.send(CONTACT).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals("CONNECT", assertInstanceOf(SendResult.NotStarted.class, r).code());
            ctx.completeNow();
        })));
    }

    private static Future<SendResult> scripted(Vertx vertx, String rcptReply, String endOfDataReply) {
        return new ScriptedSmtpServer(rcptReply, endOfDataReply).start(vertx).compose(server -> {
            SmtpEmailChannel email = new SmtpEmailChannel(vertx, settings(server.port()));
            return email.send(CONTACT).eventually(() -> email.close().compose(v -> server.close()));
        });
    }
}
