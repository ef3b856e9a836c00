package com.loandesk.channel.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.loandesk.channel.OutboundContact;
import com.loandesk.channel.SendResult;
import com.loandesk.rules.Channel;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An SMS tells Twilio not to deliver it after the borrower's allowed window closes (ValidityPeriod). */
class SmsValidityEndsWithTheWindowTest extends TwilioAdapterTest {

    private static OutboundContact sms(long task, String to, Duration within) {
        return new OutboundContact(task, 1, 1, Channel.SMS, to, "reminder", "en", null, "Your payment is due.", within);
    }

    @Test
    void a_message_sent_95_minutes_before_the_window_closes_is_valid_for_95_minutes(VertxTestContext ctx) {
        new TwilioSmsChannel(account).send(sms(1, "+14155550131", Duration.ofMinutes(95))).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertInstanceOf(SendResult.Accepted.class, r);
            assertEquals("5700", fake.posts("Messages.json").get(0).param("ValidityPeriod"));
            ctx.completeNow();
        })));
    }

    @Test
    void validity_is_kept_within_twilios_bounds_and_absent_when_no_window_closes(VertxTestContext ctx) {
        assertEquals(36_000, TwilioSmsChannel.validitySeconds(Duration.ofHours(30)));
        assertEquals(1, TwilioSmsChannel.validitySeconds(Duration.ofMillis(200)));
        new TwilioSmsChannel(account).send(sms(2, "+14155550132", null)).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertNull(fake.posts("Messages.json").get(0).param("ValidityPeriod"));
            ctx.completeNow();
        })));
    }
}
