package com.loandesk.channel.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.loandesk.channel.SendResult;
import com.loandesk.testsupport.TwilioTestEnv;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BreakerOpenDefersTest extends TwilioAdapterTest {

    @Override
    protected Map<String, String> env() {
        return Map.of("TWILIO_BREAKER_WINDOW", "4", "TWILIO_BREAKER_MIN_CALLS", "4", "TWILIO_BREAKER_FAILURE_RATE", "50",
                "TWILIO_BREAKER_OPEN_MS", "400", "TWILIO_MAX_CONCURRENT", "2");
    }

    @Test
    void after_repeated_5xx_the_open_breaker_defers_without_calling_twilio(Vertx vertx, VertxTestContext ctx) {
        fake.failNext(4, 500, 20500);
        TwilioSmsChannel sms = new TwilioSmsChannel(account);
        Future<SendResult> chain = Future.succeededFuture();
        for (int i = 0; i < 4; i++) {
            chain = chain.compose(r -> sms.send(TwilioTestEnv.sms(1, "+14155550131")));
        }
        chain.compose(r -> {
                    ctx.verify(() -> assertEquals(CircuitBreaker.State.OPEN, sms.guard().breaker().getState()));
                    return sms.send(TwilioTestEnv.sms(2, "+14155550132"));
                })
                .compose(deferred -> {
                    ctx.verify(() -> {
                        SendResult.NotStarted r = assertInstanceOf(SendResult.NotStarted.class, deferred);
                        assertEquals("BREAKER_OPEN", r.code());
                        assertEquals(Duration.ofMillis(400), r.after());
                        assertEquals(4, fake.posts("Messages.json").size(), "the deferred send never reached twilio");
                    });
                    // the breaker lets a trial through once its open time is over: wait for that, not for a guessed time
                    return halfOpen(vertx, sms, 250);
                })
                .compose(v -> sms.send(TwilioTestEnv.sms(3, "+14155550133")))
                .onComplete(ctx.succeeding(trial -> ctx.verify(() -> {
                    assertInstanceOf(SendResult.Accepted.class, trial);
                    assertEquals(CircuitBreaker.State.CLOSED, sms.guard().breaker().getState());
                    ctx.completeNow();
                })));
    }

    @Test
    void a_full_bulkhead_defers_without_calling_twilio(VertxTestContext ctx) {
        fake.latency(Duration.ofMillis(300));
        TwilioSmsChannel sms = new TwilioSmsChannel(account);
        List<Future<SendResult>> sends = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sends.add(sms.send(TwilioTestEnv.sms(10 + i, "+1415555014" + i)));
        }
        Future.all(sends).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
            assertInstanceOf(SendResult.Accepted.class, sends.get(0).result());
            assertInstanceOf(SendResult.Accepted.class, sends.get(1).result());
            assertEquals("BULKHEAD_FULL", assertInstanceOf(SendResult.NotStarted.class, sends.get(2).result()).code());
            assertEquals(2, fake.posts("Messages.json").size());
            ctx.completeNow();
        })));
    }

    /** Polls every 20 ms ({@code triesLeft} times at most) until the breaker lets a trial through. */
    private static Future<Void> halfOpen(Vertx vertx, TwilioSmsChannel sms, int triesLeft) {
        if (sms.guard().breaker().getState() == CircuitBreaker.State.HALF_OPEN || triesLeft == 0) {
            return Future.succeededFuture();
        }
        return vertx.timer(20).compose(v -> halfOpen(vertx, sms, triesLeft - 1));
    }
}
