package com.loandesk.channel.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.loandesk.channel.SendResult;
import com.loandesk.testsupport.TwilioTestEnv;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

class TwilioReturns500SendsExactlyOnceTest extends TwilioAdapterTest {

    @Test
    void sms_answered_500_is_ambiguous_and_posted_once(VertxTestContext ctx) {
        fake.failNext(3, 500, 20500);
        new TwilioSmsChannel(account).send(TwilioTestEnv.sms(1, "+14155550101")).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertInstanceOf(SendResult.Ambiguous.class, r);
            assertEquals(1, fake.posts("Messages.json").size(), "twilio-java must not repeat the POST");
            ctx.completeNow();
        })));
    }

    @Test
    void call_answered_503_is_ambiguous_and_posted_once(VertxTestContext ctx) {
        fake.failNext(3, 503, 20503);
        new TwilioVoiceChannel(account).send(TwilioTestEnv.call(2, "+14155550102", "en")).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertInstanceOf(SendResult.Ambiguous.class, r);
            assertEquals(1, fake.posts("Calls.json").size());
            ctx.completeNow();
        })));
    }

    @Test
    void hanging_past_the_timeout_is_ambiguous_and_posted_once(VertxTestContext ctx) {
        fake.hangNext(1, java.time.Duration.ofMillis(3500)); // past the 3 s request time-out
        new TwilioSmsChannel(account).send(TwilioTestEnv.sms(3, "+14155550103")).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertInstanceOf(SendResult.Ambiguous.class, r);
            assertEquals(1, fake.posts("Messages.json").size());
            ctx.completeNow();
        })));
    }

    @Test
    void accepted_message_carries_the_sid(VertxTestContext ctx) {
        new TwilioSmsChannel(account).send(TwilioTestEnv.sms(4, "+14155550104")).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            SendResult.Accepted a = assertInstanceOf(SendResult.Accepted.class, r);
            assertEquals(34, a.providerRef().length());
            assertEquals("queued", a.status());
            var post = fake.posts("Messages.json").get(0);
            assertEquals("+14155550104", post.param("To"));
            assertEquals(TwilioTestEnv.SMS_FROM, post.param("From"));
            assertEquals("Your payment is due.", post.param("Body"));
            assertEquals("http://localhost:1/webhooks/twilio/message-status", post.param("StatusCallback"));
            ctx.completeNow();
        })));
    }
}
