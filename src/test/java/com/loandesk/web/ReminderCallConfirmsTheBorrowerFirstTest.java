package com.loandesk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.channel.OutboundContact;
import com.loandesk.channel.SendResult;
import com.loandesk.channel.twilio.TwilioAccount;
import com.loandesk.channel.twilio.TwilioVoiceChannel;
import com.loandesk.channel.twilio.VoicemailDrop;
import com.loandesk.fake.FakeRequest;
import com.loandesk.fake.FakeTwilio;
import com.loandesk.rules.Channel;
import com.loandesk.testsupport.SentTask;
import com.loandesk.testsupport.TwilioTestEnv;
import com.loandesk.testsupport.WebhookHarness;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A reminder call as FakeTwilio plays it: the production channel places it, the fake runs its TwiML, reports
 * answering-machine detection, takes the call updates and, playing the person who answered, presses keys on
 * the Gather it runs. What each party heard is the TwiML the call ran ({@link FakeTwilio#twimlOf}).
 */
@ExtendWith(VertxExtension.class)
class ReminderCallConfirmsTheBorrowerFirstTest {

    private static final String DEBT = "You owe 120.50 USD on loan L-77, due on 2026-11-30.";

    private FakeTwilio fake;
    private WebhookHarness hooks;
    private TwilioAccount account;
    private final AtomicReference<TwilioVoiceChannel> voice = new AtomicReference<>();

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        VoicemailDrop drop = new VoicemailDrop() {
            @Override
            public Future<Void> leave(String callSid, String locale) {
                return voice.get().leave(callSid, locale);
            }

            @Override
            public Future<Void> greet(String callSid, String twiml) {
                return voice.get().greet(callSid, twiml);
            }
        };
        FakeTwilio.start(vertx, 0, TwilioTestEnv.ACCOUNT_SID, TwilioTestEnv.AUTH_TOKEN)
                .compose(f -> {
                    fake = f;
                    return WebhookHarness.start(vertx, base -> TwilioTestEnv.settings(f, base, Map.of()), drop, true);
                })
                .onComplete(ctx.succeeding(h -> {
                    hooks = h;
                    account = TwilioAccount.create(vertx, h.settings);
                    voice.set(new TwilioVoiceChannel(account, h.scripts));
                    ctx.completeNow();
                }));
    }

    @AfterEach
    void stop(VertxTestContext ctx) {
        account.close().compose(v -> fake.close()).compose(v -> hooks.close()).onComplete(ctx.succeedingThenComplete());
    }

    private static OutboundContact call(SentTask task, String locale, String body) {
        return new OutboundContact(task.taskId(), task.caseId(), 1, Channel.VOICE, task.number(), "reminder", locale, null, body,
                null, "Ana", "Acme Lending");
    }

    @Test
    void the_call_says_nothing_until_detection_outlasts_and_is_not_recorded_from_the_start(Vertx vertx, VertxTestContext ctx) {
        fake.callOutcome("completed", "machine_end_beep", 25);
        SentTask task = SentTask.create("voice", "+14155557001", null);
        voice.get().send(call(task, "en", DEBT)).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertInstanceOf(SendResult.Accepted.class, r);
            FakeRequest post = fake.posts("Calls.json").get(0);
            String twiml = post.param("Twiml");
            assertFalse(twiml.contains("<Say"), "Twilio runs it at once, into a machine's greeting: " + twiml);
            assertFalse(twiml.contains("120.50"), twiml);
            int pause = Integer.parseInt(twiml.replaceAll("(?s).*<Pause length=\"(\\d+)\".*", "$1"));
            int detection = Integer.parseInt(post.param("MachineDetectionTimeout"));
            assertTrue(pause > detection, "the call must outlast detection: pause " + pause + " s, detection " + detection + " s");
            assertEquals("DetectMessageEnd", post.param("MachineDetection"));
            assertEquals(null, post.param("Record"), "recording starts only after the notice");
            ctx.completeNow();
        })));
    }

    @Test
    void a_machine_hears_only_the_limited_content_voicemail(Vertx vertx, VertxTestContext ctx) {
        fake.callOutcome("completed", "machine_end_beep", 25);
        SentTask task = SentTask.create("voice", "+14155557002", null);
        AtomicReference<String> sid = new AtomicReference<>();
        voice.get().send(call(task, "en", DEBT))
                .compose(r -> {
                    sid.set(assertInstanceOf(SendResult.Accepted.class, r).providerRef());
                    task.setProviderRef(sid.get());
                    return waitFor(vertx, () -> fake.twimlOf(sid.get()).size() >= 2 && fake.callbacks().size() >= 5);
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    List<String> heard = fake.twimlOf(sid.get());
                    assertEquals(2, heard.size(), heard.toString());
                    String voicemail = heard.get(1);
                    assertTrue(voicemail.contains("Please call us back"), voicemail);
                    for (String said : heard) {
                        assertFalse(said.contains("120.50") || said.contains("Ana") || said.contains("press 1"), said);
                    }
                    assertFalse(fake.callbacks().stream().anyMatch(c -> c.url().contains("recording-status")), "nothing recorded");
                    ctx.completeNow();
                })));
    }

    @Test
    void a_person_hears_the_debt_only_after_pressing_1_and_hears_of_the_recording_before_it_starts(Vertx vertx,
                                                                                                  VertxTestContext ctx) {
        fake.callOutcome("completed", "human", 60);
        SentTask task = SentTask.create("voice", "+14155557003", null);
        AtomicReference<String> sid = new AtomicReference<>();
        greeted(vertx, task, "en", DEBT, sid)
                .compose(v -> {
                    String prompt = fake.twimlOf(sid.get()).get(1);
                    ctx.verify(() -> {
                        assertTrue(prompt.contains("Acme Lending calling for Ana") && prompt.contains("press 1"), prompt);
                        assertTrue(prompt.contains("language=\"en-US\""), prompt);
                        assertFalse(prompt.contains("120.50") || prompt.contains("recorded") || prompt.contains("<Recording"), prompt);
                    });
                    return fake.press(sid.get(), "1");
                })
                .compose(confirmed -> waitFor(vertx, () -> fake.callbacks().stream().anyMatch(c -> c.url().contains("recording-status")))
                        .map(confirmed))
                .onComplete(ctx.succeeding(confirmed -> ctx.verify(() -> {
                    int notice = confirmed.indexOf("This call is recorded.");
                    int recording = confirmed.indexOf("<Recording");
                    int debt = confirmed.indexOf("120.50");
                    assertTrue(notice >= 0 && recording > notice && debt > recording, confirmed);
                    assertEquals(1, task.history("recording"), "the recording Twilio reports lands in the history");
                    ctx.completeNow();
                })));
    }

    @Test
    void a_replayed_or_contradicting_verdict_after_a_person_answered_neither_restarts_the_call_nor_leaves_a_voicemail(
            Vertx vertx, VertxTestContext ctx) {
        fake.callOutcome("completed", "human", 40);
        SentTask task = SentTask.create("voice", "+14155557008", null);
        AtomicReference<String> sid = new AtomicReference<>();
        greeted(vertx, task, "en", DEBT, sid)
                .compose(v -> {
                    String path = "/webhooks/twilio/amd?task=" + task.taskId() + "&lang=en";
                    Map<String, String> human = Map.of("CallSid", sid.get(), "AnsweredBy", "human");
                    Map<String, String> machine = Map.of("CallSid", sid.get(), "AnsweredBy", "machine_end_beep");
                    String base = hooks.settings.publicBaseUrl() + path;
                    return hooks.post(path, human, com.loandesk.fake.TwilioSignature.sign(TwilioTestEnv.AUTH_TOKEN, base, human),
                                    "replayed-human-1")
                            .compose(x -> hooks.post(path, machine, com.loandesk.fake.TwilioSignature.sign(TwilioTestEnv.AUTH_TOKEN,
                                    base, machine), "contradicting-machine-1"));
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals(204, r.statusCode(), r.bodyAsString());
                    List<String> heard = fake.twimlOf(sid.get());
                    assertEquals(2, heard.size(), "the opening and one greeting, nothing after: " + heard);
                    assertFalse(heard.get(1).contains("Please call us back"), heard.get(1));
                    assertEquals(0, com.loandesk.testsupport.Fixtures.count(
                            "select count(*) from provider_event where provider_sid = ? and kind = 'voicemail_drop'", sid.get()));
                    assertEquals(1, com.loandesk.testsupport.Fixtures.count(
                            "select count(*) from provider_event where provider_sid = ? and kind = 'amd_verdict'", sid.get()));
                    ctx.completeNow();
                })));
    }

    @Test
    void someone_else_who_answers_never_hears_the_debt_and_is_not_recorded(Vertx vertx, VertxTestContext ctx) {
        fake.callOutcome("completed", "human", 20);
        SentTask task = SentTask.create("voice", "+14155557004", null);
        AtomicReference<String> sid = new AtomicReference<>();
        greeted(vertx, task, "en", DEBT, sid)
                .compose(v -> fake.press(sid.get(), "2"))
                .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
                    assertTrue(answer.contains("Goodbye"), answer);
                    for (String said : fake.twimlOf(sid.get())) {
                        assertFalse(said.contains("120.50") || said.contains("<Recording"), said);
                    }
                    ctx.completeNow();
                })));
    }

    @Test
    void a_chinese_reminder_is_spoken_with_a_chinese_voice_and_chinese_prompts(Vertx vertx, VertxTestContext ctx) {
        fake.callOutcome("completed", "human", 30);
        SentTask task = SentTask.create("voice", "+14155557006", null);
        AtomicReference<String> sid = new AtomicReference<>();
        String zh = "您的贷款L-77逾期金额为120.50元。";
        voice.get().send(call(task, "zh-CN", zh))
                .compose(r -> {
                    sid.set(assertInstanceOf(SendResult.Accepted.class, r).providerRef());
                    return waitFor(vertx, () -> fake.twimlOf(sid.get()).size() >= 2);
                })
                .compose(v -> {
                    String prompt = fake.twimlOf(sid.get()).get(1);
                    ctx.verify(() -> assertTrue(prompt.contains("请按1") && prompt.contains("language=\"zh-CN\""), prompt));
                    return fake.press(sid.get(), "1");
                })
                .onComplete(ctx.succeeding(confirmed -> ctx.verify(() -> {
                    assertSpokenWith(confirmed, zh, "zh-CN");
                    assertFalse(confirmed.contains("language=\"en-US\""), confirmed);
                    ctx.completeNow();
                })));
    }

    @Test
    void a_reminder_that_cannot_be_kept_for_the_keypress_places_no_call(Vertx vertx, VertxTestContext ctx) {
        SentTask task = SentTask.create("voice", "+14155557007", null);
        // a PostgreSQL nobody listens on: the store fails as it would with the database down
        io.vertx.sqlclient.Pool unreachable = io.vertx.pgclient.PgBuilder.pool()
                .connectingTo(new io.vertx.pgclient.PgConnectOptions().setHost("127.0.0.1").setPort(1).setDatabase("none")
                        .setUser("none"))
                .using(vertx).build();
        new TwilioVoiceChannel(account, new com.loandesk.store.PgVoiceScripts(unreachable)).send(call(task, "en", DEBT))
                .eventually(() -> unreachable.close())
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals("SCRIPT_STORE", assertInstanceOf(SendResult.NotStarted.class, r).code(), r.toString());
                    assertEquals(0, fake.posts("Calls.json").size(), "a call whose reminder nobody could read is not placed");
                    ctx.completeNow();
                })));
    }

    /**
     * Places the reminder to {@code task}'s number and completes once the person who answered was greeted (the call's
     * second TwiML); {@code sid} holds the call's sid, which the task now carries as its provider reference.
     */
    private Future<Void> greeted(Vertx vertx, SentTask task, String locale, String body, AtomicReference<String> sid) {
        return voice.get().send(call(task, locale, body)).compose(r -> {
            sid.set(assertInstanceOf(SendResult.Accepted.class, r).providerRef());
            task.setProviderRef(sid.get());
            return waitFor(vertx, () -> fake.twimlOf(sid.get()).size() >= 2);
        });
    }

    /** {@code text} appears in {@code twiml} inside a Say of language {@code lang}. */
    private static void assertSpokenWith(String twiml, String text, String lang) {
        int at = twiml.indexOf(text);
        assertTrue(at > 0, twiml);
        int open = twiml.lastIndexOf("<Say", at);
        String tag = twiml.substring(open, twiml.indexOf('>', open));
        assertTrue(tag.contains("language=\"" + lang + "\""), tag + " in " + twiml);
    }

    /** Polls {@code done} every 20 ms, up to 5 s; the caller's assertions say what was missing. */
    private static Future<Void> waitFor(Vertx vertx, BooleanSupplier done) {
        return waitFor(vertx, done, 250);
    }

    private static Future<Void> waitFor(Vertx vertx, BooleanSupplier done, int triesLeft) {
        if (done.getAsBoolean() || triesLeft == 0) {
            return Future.succeededFuture();
        }
        return vertx.timer(20).compose(v -> waitFor(vertx, done, triesLeft - 1));
    }
}
