package com.loandesk.channel.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.channel.SendResult;
import com.loandesk.rules.Channel;
import com.loandesk.testsupport.TwilioTestEnv;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReconcilerFindsSentMessageTest extends TwilioAdapterTest {

    @Test
    void an_sms_whose_answer_timed_out_is_found_and_not_resent(Vertx vertx, VertxTestContext ctx) {
        Instant since = Instant.now();
        // twilio holds the request until the client has given up on it, then creates the message
        io.vertx.core.Promise<Void> release = io.vertx.core.Promise.promise();
        fake.holdUntil(release.future());
        TwilioReconciler reconciler = new TwilioReconciler(account);
        new TwilioSmsChannel(account).send(TwilioTestEnv.sms(1, "+14155550151"))
                .compose(r -> {
                    ctx.verify(() -> assertInstanceOf(SendResult.Ambiguous.class, r));
                    release.complete();
                    return createdLate(vertx, 100); // the late answer: twilio did create it
                })
                .compose(v -> reconciler.findSent(Channel.SMS, "+14155550151", since))
                .onComplete(ctx.succeeding(sids -> ctx.verify(() -> {
                    assertEquals(1, sids.size());
                    assertTrue(sids.get(0).startsWith("SM"));
                    assertEquals(1, fake.posts("Messages.json").size());
                    ctx.completeNow();
                })));
    }

    /** Polls (every 50 ms, {@code triesLeft} times at most) until the fake has created the hung message. */
    private io.vertx.core.Future<Void> createdLate(Vertx vertx, int triesLeft) {
        if (!fake.createdMessages().isEmpty() || triesLeft == 0) {
            return io.vertx.core.Future.succeededFuture();
        }
        return vertx.timer(50).compose(v -> createdLate(vertx, triesLeft - 1));
    }

    @Test
    void nothing_found_when_twilio_never_took_it(VertxTestContext ctx) {
        Instant since = Instant.now();
        fake.failNext(1, 500, 20500);
        TwilioReconciler reconciler = new TwilioReconciler(account);
        new TwilioSmsChannel(account).send(TwilioTestEnv.sms(2, "+14155550152"))
                .compose(r -> reconciler.findSent(Channel.SMS, "+14155550152", since))
                .onComplete(ctx.succeeding(sids -> ctx.verify(() -> {
                    assertTrue(sids.isEmpty());
                    ctx.completeNow();
                })));
    }

    @Test
    void a_call_is_found_by_number_and_older_ones_are_not(Vertx vertx, VertxTestContext ctx) {
        TwilioVoiceChannel voice = new TwilioVoiceChannel(account);
        TwilioReconciler reconciler = new TwilioReconciler(account);
        Instant[] since = new Instant[1];
        voice.send(TwilioTestEnv.call(3, "+14155550153", "en"))
                .compose(old -> vertx.timer(1100))
                .compose(v -> {
                    since[0] = Instant.now();
                    return voice.send(TwilioTestEnv.call(4, "+14155550153", "en"));
                })
                .compose(r -> reconciler.findSent(Channel.VOICE, "+14155550153", since[0]).map(sids -> {
                    ctx.verify(() -> {
                        assertEquals(1, sids.size());
                        assertEquals(((SendResult.Accepted) r).providerRef(), sids.get(0));
                    });
                    return sids;
                }))
                .onComplete(ctx.succeedingThenComplete());
    }
}
