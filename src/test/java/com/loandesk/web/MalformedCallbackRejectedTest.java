package com.loandesk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.fake.TwilioSignature;
import com.loandesk.testsupport.Fixtures;
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
class MalformedCallbackRejectedTest {

    private WebhookHarness hooks;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        WebhookHarness.start(vertx, base -> com.loandesk.channel.twilio.TwilioSettings.fromEnv(Map.of(
                        "TWILIO_ACCOUNT_SID", TwilioTestEnv.ACCOUNT_SID, "TWILIO_AUTH_TOKEN", TwilioTestEnv.AUTH_TOKEN,
                        "PUBLIC_BASE_URL", base, "TWILIO_FROM_NUMBER", TwilioTestEnv.SMS_FROM)), null)
                .onComplete(ctx.succeeding(h -> {
                    hooks = h;
                    ctx.completeNow();
                }));
    }

    @AfterEach
    void stop(VertxTestContext ctx) {
        hooks.close().onComplete(ctx.succeedingThenComplete());
    }

    private static long events(String sid) {
        return Fixtures.count("select count(*) from provider_event where provider_sid = ?", sid);
    }

    @Test
    void a_signed_status_without_MessageStatus_is_400(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        hooks.post("/webhooks/twilio/message-status", Map.of("MessageSid", sid)).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(400, r.statusCode());
            assertEquals("bad_request", new JsonObject(r.bodyAsString()).getString("error"));
            assertEquals(0, events(sid));
            ctx.completeNow();
        })));
    }

    @Test
    void an_unknown_status_is_400(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        hooks.post("/webhooks/twilio/message-status", Map.of("MessageSid", sid, "MessageStatus", "teleported"))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals(400, r.statusCode());
                    assertEquals(0, events(sid));
                    ctx.completeNow();
                })));
    }

    @Test
    void a_malformed_sid_is_400(VertxTestContext ctx) {
        hooks.post("/webhooks/twilio/call-status", Map.of("CallSid", "CA'; drop table contact_task;--", "CallStatus", "completed"))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals(400, r.statusCode());
                    ctx.completeNow();
                })));
    }

    @Test
    void a_non_numeric_duration_is_400(VertxTestContext ctx) {
        String sid = TwilioIds.sid("CA");
        hooks.post("/webhooks/twilio/call-status", Map.of("CallSid", sid, "CallStatus", "completed", "CallDuration", "long"))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals(400, r.statusCode());
                    assertEquals(0, events(sid));
                    ctx.completeNow();
                })));
    }

    @Test
    void a_body_over_64_KiB_is_413(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        Map<String, String> huge = new java.util.HashMap<>(Map.of("MessageSid", sid, "MessageStatus", "delivered"));
        for (int i = 0; i < 70; i++) {
            huge.put("Padding" + i, "x".repeat(1024));
        }
        String sig = TwilioSignature.sign(TwilioTestEnv.AUTH_TOKEN, hooks.settings.publicBaseUrl() + "/webhooks/twilio/message-status", huge);
        hooks.post("/webhooks/twilio/message-status", huge, sig, null).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(413, r.statusCode());
            assertEquals(0, events(sid));
            ctx.completeNow();
        })));
    }
}
