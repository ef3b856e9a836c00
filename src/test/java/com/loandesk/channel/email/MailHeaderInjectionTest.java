package com.loandesk.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.loandesk.channel.OutboundContact;
import com.loandesk.channel.SendResult;
import com.loandesk.rules.Channel;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import jakarta.mail.internet.MimeMessage;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A borrower's data with line breaks cannot add a mail header: proven against GreenMail, a real SMTP server. */
@ExtendWith(VertxExtension.class)
class MailHeaderInjectionTest {

    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static SmtpEmailChannel channel(Vertx vertx) {
        Map<String, String> env = new HashMap<>();
        env.put("SMTP_HOST", "localhost");
        env.put("SMTP_PORT", String.valueOf(GREENMAIL.getSmtp().getPort()));
        env.put("SMTP_STARTTLS", "DISABLED");
        env.put("SMTP_FROM", "reminders@loandesk.example");
        env.put("SMTP_CONNECT_TIMEOUT_MS", "2000");
        return new SmtpEmailChannel(vertx, SmtpSettings.fromEnv(env));
    }

    @Test
    void a_newline_in_a_borrowers_name_in_the_subject_adds_no_header_and_no_recipient(Vertx vertx, VertxTestContext ctx) {
        // the subject as a template renders it with {{borrowerName}} = "Jane\r\nBcc: ...\r\nX-Injected: yes"
        String subject = "Payment due, Jane\r\nBcc: attacker@evil.example\r\nX-Injected: yes\nReply-To: attacker@evil.example";
        OutboundContact contact = new OutboundContact(7, 3, 1, Channel.EMAIL, "borrower@example.com", "reminder", "en",
                subject, "Dear Jane, your payment is due.");
        SmtpEmailChannel email = channel(vertx);
        email.send(contact).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertInstanceOf(SendResult.Accepted.class, r);
            MimeMessage[] received = GREENMAIL.getReceivedMessages();
            assertEquals(1, received.length, "one copy, to the borrower only (no Bcc became a recipient)");
            MimeMessage m = received[0];
            assertNull(m.getHeader("X-Injected"), GreenMailUtil.getWholeMessage(m));
            assertNull(m.getHeader("Bcc"));
            assertNull(m.getHeader("Reply-To"));
            assertEquals("Payment due, Jane Bcc: attacker@evil.example X-Injected: yes Reply-To: attacker@evil.example",
                    m.getSubject());
            assertEquals("borrower@example.com", m.getAllRecipients()[0].toString());
            email.close().onComplete(ctx.succeedingThenComplete());
        })));
    }

    @Test
    void an_address_holding_a_line_break_is_rejected_as_invalid_and_nothing_is_sent(Vertx vertx, VertxTestContext ctx) {
        OutboundContact contact = new OutboundContact(8, 4, 1, Channel.EMAIL, "borrower@example.com\r\nBcc: attacker@evil.example",
                "reminder", "en", "Your payment is due", "Dear borrower");
        SmtpEmailChannel email = channel(vertx);
        email.send(contact).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            SendResult.Rejected rejected = assertInstanceOf(SendResult.Rejected.class, r);
            assertEquals("INVALID_HEADER", rejected.code());
            assertEquals(SendResult.Suppression.INVALID, rejected.suppress());
            assertTrue(rejected.reason().contains("line break"), rejected.reason());
            assertEquals(0, GREENMAIL.getReceivedMessages().length);
            email.close().onComplete(ctx.succeedingThenComplete());
        })));
    }
}
