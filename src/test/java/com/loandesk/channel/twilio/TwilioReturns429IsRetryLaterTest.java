package com.loandesk.channel.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.loandesk.channel.OutboundContact;
import com.loandesk.channel.SendResult;
import com.loandesk.testsupport.TwilioTestEnv;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioReturns429IsRetryLaterTest extends TwilioAdapterTest {

    @Test
    void error_20429_is_retry_later_and_the_next_send_goes_through(VertxTestContext ctx) {
        fake.failNext(1, 429, 20429);
        TwilioSmsChannel sms = new TwilioSmsChannel(account);
        sms.send(TwilioTestEnv.sms(1, "+14155550111"))
                .compose(first -> {
                    ctx.verify(() -> {
                        SendResult.RetryLater r = assertInstanceOf(SendResult.RetryLater.class, first);
                        assertEquals("20429", r.code());
                    });
                    return sms.send(TwilioTestEnv.sms(1, "+14155550111"));
                })
                .onComplete(ctx.succeeding(second -> ctx.verify(() -> {
                    assertInstanceOf(SendResult.Accepted.class, second);
                    assertEquals(2, fake.posts("Messages.json").size());
                    ctx.completeNow();
                })));
    }

    @Test
    void queue_overflow_30001_is_retry_later(VertxTestContext ctx) {
        fake.failNext(1, 400, 30001);
        new TwilioSmsChannel(account).send(TwilioTestEnv.sms(2, "+14155550112")).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals("30001", assertInstanceOf(SendResult.RetryLater.class, r).code());
            ctx.completeNow();
        })));
    }

    @Test
    void a_wrong_token_is_retry_later_not_a_failed_task(Vertx vertx, VertxTestContext ctx) {
        smsThroughAnotherAccount(vertx, Map.of("TWILIO_AUTH_TOKEN", "wrong"), TwilioTestEnv.sms(3, "+14155550113"))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals("20003", assertInstanceOf(SendResult.RetryLater.class, r).code());
                    assertEquals(401, fake.requests().get(0).status());
                    ctx.completeNow();
                })));
    }

    @Test
    void nothing_listening_is_retry_later(Vertx vertx, VertxTestContext ctx) {
        smsThroughAnotherAccount(vertx, Map.of("TWILIO_API_BASE_URL", "http://127.0.0.1:1"), TwilioTestEnv.sms(4, "+14155550114"))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    // nothing reached twilio: deferred at no attempt's cost
                    assertEquals("CONNECT", assertInstanceOf(SendResult.NotStarted.class, r).code());
                    ctx.completeNow();
                })));
    }

    /** Sends {@code sms} through a second account made with {@code env} on top of the test environment. */
    private Future<SendResult> smsThroughAnotherAccount(Vertx vertx, Map<String, String> env, OutboundContact sms) {
        TwilioAccount other = TwilioAccount.create(vertx, TwilioTestEnv.settings(fake, "http://localhost:1", env));
        return new TwilioSmsChannel(other).send(sms);
    }
}
