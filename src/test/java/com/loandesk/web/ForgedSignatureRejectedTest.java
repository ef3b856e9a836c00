package com.loandesk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.fake.TwilioSignature;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SentTask;
import com.loandesk.testsupport.TwilioIds;
import com.loandesk.testsupport.TwilioTestEnv;
import com.loandesk.testsupport.WebhookHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ForgedSignatureRejectedTest {

    /** Twilio reaches us through this public name; the requests arrive with Host: localhost. */
    private static final String PUBLIC = "https://collect.example.com";
    private WebhookHarness hooks;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        WebhookHarness.start(vertx, base -> com.loandesk.channel.twilio.TwilioSettings.fromEnv(Map.of(
                        "TWILIO_ACCOUNT_SID", TwilioTestEnv.ACCOUNT_SID, "TWILIO_AUTH_TOKEN", TwilioTestEnv.AUTH_TOKEN,
                        "PUBLIC_BASE_URL", PUBLIC, "TWILIO_FROM_NUMBER", TwilioTestEnv.SMS_FROM)), null)
                .onComplete(ctx.succeeding(h -> {
                    hooks = h;
                    ctx.completeNow();
                }));
    }

    @AfterEach
    void stop(VertxTestContext ctx) {
        hooks.close().onComplete(ctx.succeedingThenComplete());
    }

    private Map<String, String> delivered(String sid) {
        return Map.of("MessageSid", sid, "MessageStatus", "delivered", "AccountSid", TwilioTestEnv.ACCOUNT_SID);
    }

    private static long events(String sid) {
        return Fixtures.count("select count(*) from provider_event where provider_sid = ?", sid);
    }

    @Test
    void a_callback_without_signature_is_403_and_not_recorded(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        SentTask task = SentTask.create("sms", "+14155551001", sid);
        hooks.post("/webhooks/twilio/message-status", delivered(sid), null, null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(403, r.statusCode());
            assertEquals("forbidden", new JsonObject(r.bodyAsString()).getString("error"));
            assertEquals(0, events(sid));
            assertEquals("sent", task.state());
            ctx.completeNow();
        })));
    }

    @Test
    void a_signature_made_with_another_token_is_403(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        String forged = TwilioSignature.sign("not-the-token", PUBLIC + "/webhooks/twilio/message-status", delivered(sid));
        hooks.post("/webhooks/twilio/message-status", delivered(sid), forged, null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(403, r.statusCode());
            assertEquals(0, events(sid));
            ctx.completeNow();
        })));
    }

    @Test
    void a_signature_over_the_host_header_url_is_403(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        String overHost = TwilioSignature.sign(TwilioTestEnv.AUTH_TOKEN,
                "http://localhost:" + hooks.port() + "/webhooks/twilio/message-status", delivered(sid));
        hooks.post("/webhooks/twilio/message-status", delivered(sid), overHost, null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(403, r.statusCode());
            assertEquals(0, events(sid));
            ctx.completeNow();
        })));
    }

    @Test
    void tampered_params_are_403(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        String signedForSent = TwilioSignature.sign(TwilioTestEnv.AUTH_TOKEN, PUBLIC + "/webhooks/twilio/message-status",
                Map.of("MessageSid", sid, "MessageStatus", "sent", "AccountSid", TwilioTestEnv.ACCOUNT_SID));
        hooks.post("/webhooks/twilio/message-status", delivered(sid), signedForSent, null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(403, r.statusCode());
            assertEquals(0, events(sid));
            ctx.completeNow();
        })));
    }

    @Test
    void a_correctly_signed_callback_is_recorded(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        SentTask task = SentTask.create("sms", "+14155551002", sid);
        hooks.post("/webhooks/twilio/message-status", delivered(sid)).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(204, r.statusCode());
            assertEquals(1, events(sid));
            assertEquals("delivered", task.state());
            ctx.completeNow();
        })));
    }
}
