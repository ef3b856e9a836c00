package com.loandesk.web;

import static com.loandesk.testsupport.WebhookHarness.recordedEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.channel.twilio.TwilioSettings;
import com.loandesk.fake.TwilioSignature;
import com.loandesk.testsupport.SentTask;
import com.loandesk.testsupport.TwilioIds;
import com.loandesk.testsupport.TwilioTestEnv;
import com.loandesk.testsupport.WebhookTest;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForgedSignatureRejectedTest extends WebhookTest {

    /** Twilio reaches us through this public name; the requests arrive with Host: localhost. */
    private static final String PUBLIC = "https://collect.example.com";

    @Override
    protected TwilioSettings settings(String serverBaseUrl) {
        return TwilioTestEnv.webhookSettings(PUBLIC, Map.of("TWILIO_FROM_NUMBER", TwilioTestEnv.SMS_FROM));
    }

    private Map<String, String> delivered(String sid) {
        return Map.of("MessageSid", sid, "MessageStatus", "delivered", "AccountSid", TwilioTestEnv.ACCOUNT_SID);
    }

    /** Posts a delivered status for {@code sid} with {@code signature}: it must be refused and leave no event. */
    private void assertForbidden(VertxTestContext ctx, String sid, String signature) {
        hooks.post("/webhooks/twilio/message-status", delivered(sid), signature, null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(403, r.statusCode());
            assertEquals(0, recordedEvents(sid));
            ctx.completeNow();
        })));
    }

    @Test
    void a_callback_without_signature_is_403_and_not_recorded(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        SentTask task = SentTask.create("sms", "+14155551001", sid);
        hooks.post("/webhooks/twilio/message-status", delivered(sid), null, null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(403, r.statusCode());
            assertEquals("forbidden", new JsonObject(r.bodyAsString()).getString("error"));
            assertEquals(0, recordedEvents(sid));
            assertEquals("sent", task.state());
            ctx.completeNow();
        })));
    }

    @Test
    void a_signature_made_with_another_token_is_403(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        String forged = TwilioSignature.sign("not-the-token", PUBLIC + "/webhooks/twilio/message-status", delivered(sid));
        assertForbidden(ctx, sid, forged);
    }

    @Test
    void a_signature_over_the_host_header_url_is_403(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        String overHost = TwilioSignature.sign(TwilioTestEnv.AUTH_TOKEN,
                "http://localhost:" + hooks.port() + "/webhooks/twilio/message-status", delivered(sid));
        assertForbidden(ctx, sid, overHost);
    }

    @Test
    void tampered_params_are_403(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        String signedForSent = TwilioSignature.sign(TwilioTestEnv.AUTH_TOKEN, PUBLIC + "/webhooks/twilio/message-status",
                Map.of("MessageSid", sid, "MessageStatus", "sent", "AccountSid", TwilioTestEnv.ACCOUNT_SID));
        assertForbidden(ctx, sid, signedForSent);
    }

    @Test
    void a_correctly_signed_callback_is_recorded(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        SentTask task = SentTask.create("sms", "+14155551002", sid);
        hooks.post("/webhooks/twilio/message-status", delivered(sid)).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(204, r.statusCode());
            assertEquals(1, recordedEvents(sid));
            assertEquals("delivered", task.state());
            ctx.completeNow();
        })));
    }
}
