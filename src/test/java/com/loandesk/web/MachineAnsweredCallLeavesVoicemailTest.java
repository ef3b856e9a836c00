package com.loandesk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.channel.SendResult;
import com.loandesk.channel.twilio.TwilioAccount;
import com.loandesk.channel.twilio.TwilioVoiceChannel;
import com.loandesk.fake.FakeRequest;
import com.loandesk.fake.FakeTwilio;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SentTask;
import com.loandesk.testsupport.TwilioIds;
import com.loandesk.testsupport.TwilioTestEnv;
import com.loandesk.testsupport.WebhookHarness;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A reminder call end to end: FakeTwilio places it, calls back, and the webhooks write the truth. */
@ExtendWith(VertxExtension.class)
class MachineAnsweredCallLeavesVoicemailTest {

    private FakeTwilio fake;
    private WebhookHarness hooks;
    private TwilioAccount account;
    private final AtomicReference<TwilioVoiceChannel> voice = new AtomicReference<>();

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        FakeTwilio.start(vertx, 0, TwilioTestEnv.ACCOUNT_SID, TwilioTestEnv.AUTH_TOKEN)
                .compose(f -> {
                    fake = f;
                    return WebhookHarness.start(vertx, base -> TwilioTestEnv.settings(f, base, Map.of()),
                            (callSid, locale) -> voice.get().leave(callSid, locale));
                })
                .onComplete(ctx.succeeding(h -> {
                    hooks = h;
                    account = TwilioAccount.create(vertx, h.settings);
                    voice.set(new TwilioVoiceChannel(account));
                    ctx.completeNow();
                }));
    }

    @AfterEach
    void stop(VertxTestContext ctx) {
        account.close().compose(v -> fake.close()).compose(v -> hooks.close()).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void a_machine_gets_only_the_limited_content_voicemail_and_the_ledger_shows_no_conversation(Vertx vertx, VertxTestContext ctx) {
        fake.callOutcome("completed", "machine_end_beep", 25);
        SentTask task = SentTask.create("voice", "+14155556001", null);
        voice.get().send(TwilioTestEnv.call(task.taskId(), task.number(), "zh-CN"))
                .compose(r -> {
                    String sid = assertInstanceOf(SendResult.Accepted.class, r).providerRef();
                    task.setProviderRef(sid);
                    FakeRequest post = fake.posts("Calls.json").get(0);
                    ctx.verify(() -> {
                        assertEquals("DetectMessageEnd", post.param("MachineDetection"));
                        assertEquals("true", post.param("AsyncAmd"));
                        assertEquals(null, post.param("Record"), "nothing is recorded before the recording notice");
                        assertEquals(4, post.params().get("StatusCallbackEvent").size());
                        assertFalse(post.param("Twiml").contains("<Say"), "the opening says nothing: " + post.param("Twiml"));
                    });
                    return waitFor(vertx, () -> fake.callbacks().size() >= 5 && fake.twimlOf(sid).size() >= 2, 100);
                })
                .compose(v -> hooks.events.settleUnmatched(Instant.now().minusSeconds(60), 100))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    FakeRequest update = fake.requests().stream().filter(r -> r.isPost() && r.path().contains("/Calls/CA"))
                            .findFirst().orElseThrow();
                    String voicemail = update.param("Twiml");
                    assertTrue(voicemail.contains("Please call us back"), voicemail);
                    assertFalse(voicemail.contains("payment"), "no debt content on a machine");
                    assertEquals("true|25|false", Fixtures.text("select connected::text || '|' || duration_s || '|' || conversation::text "
                            + "from contact_attempt where task_id = ?", task.taskId()));
                    assertEquals("delivered", task.state());
                    assertEquals(0, task.history("recording"), "a machine's call is not recorded");
                    assertEquals(1, task.history("answered_by"));
                    assertEquals(4, task.history("call_status"));
                    ctx.completeNow();
                })));
    }

    @Test
    void a_replayed_answering_machine_callback_with_a_new_token_never_leaves_a_second_voicemail(Vertx vertx, VertxTestContext ctx) {
        fake.callOutcome("completed", "machine_end_beep", 25);
        SentTask task = SentTask.create("voice", "+14155556002", null);
        var callSid = new java.util.concurrent.atomic.AtomicReference<String>();
        java.util.function.Supplier<Long> updates = () -> fake.requests().stream()
                .filter(r -> r.isPost() && r.path().contains("/Calls/CA")).count();
        voice.get().send(TwilioTestEnv.call(task.taskId(), task.number(), "en"))
                .compose(r -> {
                    String sid = assertInstanceOf(SendResult.Accepted.class, r).providerRef();
                    task.setProviderRef(sid);
                    callSid.set(sid);
                    return waitFor(vertx, () -> updates.get() >= 1 && fake.callbacks().size() >= 5, 100).map(sid);
                })
                .compose(sid -> {
                    Map<String, String> replay = Map.of("CallSid", sid, "AnsweredBy", "machine_end_beep");
                    String path = "/webhooks/twilio/amd?task=" + task.taskId() + "&lang=en";
                    String signature = com.loandesk.fake.TwilioSignature.sign(TwilioTestEnv.AUTH_TOKEN,
                            hooks.settings.publicBaseUrl() + path, replay);
                    return hooks.post(path, replay, signature, "replayed-token-1")
                            .compose(x -> hooks.post(path, replay, signature, "replayed-token-2"));
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals(204, r.statusCode(), r.bodyAsString());
                    assertEquals(1L, updates.get(), "one voicemail per call, however many callbacks say machine");
                    assertEquals(1, Fixtures.count("select count(*) from provider_event where provider_sid = ? and kind = 'voicemail_drop'",
                            callSid.get()));
                    ctx.completeNow();
                })));
    }

    @Test
    void pressing_2_plays_the_payment_options(VertxTestContext ctx) {
        press("2").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(200, r.statusCode());
            assertTrue(r.bodyAsString().contains("payment plan"), r.bodyAsString());
            ctx.completeNow();
        })));
    }

    @Test
    void pressing_1_dials_the_collector(VertxTestContext ctx) {
        press("1").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertTrue(r.bodyAsString().contains("<Number>+15005550009</Number>"), r.bodyAsString());
            ctx.completeNow();
        })));
    }

    /** The borrower presses {@code digits} on a fresh call: the gather webhook, signed, for task 1 in English. */
    private Future<HttpResponse<Buffer>> press(String digits) {
        return hooks.post("/webhooks/twilio/gather?task=1&lang=en", Map.of("CallSid", TwilioIds.sid("CA"), "Digits", digits));
    }

    private static Future<Void> waitFor(Vertx vertx, java.util.function.BooleanSupplier done, int triesLeft) {
        if (done.getAsBoolean() || triesLeft == 0) {
            return Future.succeededFuture();
        }
        return vertx.timer(50).compose(v -> waitFor(vertx, done, triesLeft - 1));
    }
}
