package com.loandesk.web;

import static com.loandesk.testsupport.WebhookHarness.recordedEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.channel.SendResult;
import com.loandesk.channel.twilio.TwilioAccount;
import com.loandesk.channel.twilio.TwilioSmsChannel;
import com.loandesk.fake.FakeCallback;
import com.loandesk.fake.FakeTwilio;
import com.loandesk.testsupport.SentTask;
import com.loandesk.testsupport.TwilioIds;
import com.loandesk.testsupport.TwilioTestEnv;
import com.loandesk.testsupport.WebhookHarness;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ReplayedCallbackIsIdempotentTest {

    private FakeTwilio fake;
    private WebhookHarness hooks;
    private TwilioAccount account;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        FakeTwilio.start(vertx, 0, TwilioTestEnv.ACCOUNT_SID, TwilioTestEnv.AUTH_TOKEN)
                .compose(f -> {
                    fake = f;
                    return WebhookHarness.start(vertx, base -> TwilioTestEnv.settings(f, base, Map.of()), null);
                })
                .onComplete(ctx.succeeding(h -> {
                    hooks = h;
                    account = TwilioAccount.create(vertx, h.settings);
                    ctx.completeNow();
                }));
    }

    @AfterEach
    void stop(VertxTestContext ctx) {
        account.close().compose(v -> fake.close()).compose(v -> hooks.close()).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void the_same_status_posted_twice_is_recorded_once(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        SentTask task = SentTask.create("sms", "+14155552001", sid);
        Map<String, String> delivered = Map.of("MessageSid", sid, "MessageStatus", "delivered");
        hooks.post("/webhooks/twilio/message-status", delivered)
                .compose(r -> hooks.post("/webhooks/twilio/message-status", delivered))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals(204, r.statusCode());
                    assertEquals(1, recordedEvents(sid));
                    assertEquals(1, task.history("delivery_status"));
                    assertEquals("delivered", task.state());
                    ctx.completeNow();
                })));
    }

    @Test
    void fake_twilio_callbacks_replayed_change_nothing(Vertx vertx, VertxTestContext ctx) {
        SentTask task = SentTask.create("sms", "+14155552002", null);
        new TwilioSmsChannel(account).send(TwilioTestEnv.sms(task.taskId(), task.number()))
                .compose(r -> {
                    // the dispatcher writes the provider ref in a batch, possibly after the first callbacks
                    task.setProviderRef(assertInstanceOf(SendResult.Accepted.class, r).providerRef());
                    return waitForCallbacks(vertx, 2, 50);
                })
                .compose(v -> hooks.events.settleUnmatched(Instant.now().minusSeconds(60), 100))
                .compose(v -> {
                    ctx.verify(() -> {
                        assertEquals("delivered", task.state());
                        assertEquals(2, task.history("delivery_status"));
                    });
                    List<FakeCallback> sent = fake.callbacks();
                    Future<?> replays = Future.succeededFuture();
                    for (FakeCallback cb : sent) {
                        replays = replays.compose(x -> hooks.post(cb.url().substring(hooks.settings.publicBaseUrl().length()),
                                cb.params(), cb.signature(), null));
                    }
                    return replays;
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertTrue(fake.callbacks().stream().allMatch(cb -> cb.status() == 204));
                    assertEquals(2, task.history("delivery_status"), "replays add no history");
                    assertEquals("delivered", task.state());
                    ctx.completeNow();
                })));
    }

    private Future<Void> waitForCallbacks(Vertx vertx, int n, int triesLeft) {
        if (fake.callbacks().size() >= n || triesLeft == 0) {
            return Future.succeededFuture();
        }
        return vertx.timer(50).compose(v -> waitForCallbacks(vertx, n, triesLeft - 1));
    }
}
