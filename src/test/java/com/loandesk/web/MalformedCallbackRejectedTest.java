package com.loandesk.web;

import static com.loandesk.testsupport.WebhookHarness.recordedEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.channel.twilio.TwilioSettings;
import com.loandesk.testsupport.TwilioIds;
import com.loandesk.testsupport.TwilioTestEnv;
import com.loandesk.testsupport.WebhookTest;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MalformedCallbackRejectedTest extends WebhookTest {

    @Override
    protected TwilioSettings settings(String serverBaseUrl) {
        return TwilioTestEnv.webhookSettings(serverBaseUrl, Map.of("TWILIO_FROM_NUMBER", TwilioTestEnv.SMS_FROM));
    }

    /** Posts {@code params}, correctly signed, to {@code path}: the answer must be {@code status} and no event recorded. */
    private void assertRefused(VertxTestContext ctx, int status, String path, Map<String, String> params, String sid) {
        hooks.post(path, params).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(status, r.statusCode());
            assertEquals(0, recordedEvents(sid));
            ctx.completeNow();
        })));
    }

    @Test
    void a_signed_status_without_MessageStatus_is_400(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        hooks.post("/webhooks/twilio/message-status", Map.of("MessageSid", sid)).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(400, r.statusCode());
            assertEquals("bad_request", new JsonObject(r.bodyAsString()).getString("error"));
            assertEquals(0, recordedEvents(sid));
            ctx.completeNow();
        })));
    }

    @Test
    void an_unknown_status_is_400(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        assertRefused(ctx, 400, "/webhooks/twilio/message-status", Map.of("MessageSid", sid, "MessageStatus", "teleported"), sid);
    }

    @Test
    void an_unknown_answered_by_is_400(VertxTestContext ctx) {
        String sid = TwilioIds.sid("CA");
        assertRefused(ctx, 400, "/webhooks/twilio/amd", Map.of("CallSid", sid, "AnsweredBy", "teleported"), sid);
    }

    @Test
    void key_presses_other_than_digits_star_and_hash_are_400(VertxTestContext ctx) {
        String sid = TwilioIds.sid("CA");
        assertRefused(ctx, 400, "/webhooks/twilio/gather", Map.of("CallSid", sid, "Digits", "1' or 1=1"), sid);
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
        assertRefused(ctx, 400, "/webhooks/twilio/call-status", Map.of("CallSid", sid, "CallStatus", "completed", "CallDuration", "long"), sid);
    }

    @Test
    void a_body_over_64_KiB_is_413(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        Map<String, String> huge = new java.util.HashMap<>(Map.of("MessageSid", sid, "MessageStatus", "delivered"));
        for (int i = 0; i < 70; i++) {
            huge.put("Padding" + i, "x".repeat(1024));
        }
        assertRefused(ctx, 413, "/webhooks/twilio/message-status", huge, sid);
    }
}
