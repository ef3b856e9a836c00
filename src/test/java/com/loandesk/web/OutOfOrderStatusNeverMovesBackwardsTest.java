package com.loandesk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.channel.twilio.TwilioSettings;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SentTask;
import com.loandesk.testsupport.TwilioIds;
import com.loandesk.testsupport.TwilioTestEnv;
import com.loandesk.testsupport.WebhookTest;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutOfOrderStatusNeverMovesBackwardsTest extends WebhookTest {

    @Override
    protected TwilioSettings settings(String serverBaseUrl) {
        return TwilioTestEnv.webhookSettings(serverBaseUrl, Map.of("TWILIO_VOICE_FROM_NUMBER", TwilioTestEnv.VOICE_FROM));
    }

    private Future<?> message(String sid, String status) {
        return hooks.post("/webhooks/twilio/message-status", Map.of("MessageSid", sid, "MessageStatus", status));
    }

    private static String providerStatus(String sid) {
        return Fixtures.text("select status from provider_status where provider_sid = ?", sid);
    }

    @Test
    void sent_after_delivered_leaves_the_message_delivered(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        SentTask task = SentTask.create("sms", "+14155553001", sid);
        message(sid, "delivered").compose(r -> message(sid, "sent")).compose(r -> message(sid, "queued"))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals("delivered", providerStatus(sid));
                    assertEquals("delivered", task.state());
                    assertEquals(3, task.history("delivery_status"), "every event is history, even late ones");
                    ctx.completeNow();
                })));
    }

    @Test
    void undelivered_fails_the_task_and_a_later_delivered_does_not_revive_it(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        SentTask task = SentTask.create("sms", "+14155553002", sid);
        hooks.post("/webhooks/twilio/message-status", Map.of("MessageSid", sid, "MessageStatus", "undelivered", "ErrorCode", "30003"))
                .compose(r -> message(sid, "delivered"))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals("undelivered", providerStatus(sid));
                    assertEquals("failed", task.state());
                    ctx.completeNow();
                })));
    }

    @Test
    void a_late_ringing_after_completed_keeps_the_call_completed_and_the_ledger_true(VertxTestContext ctx) {
        String sid = TwilioIds.sid("CA");
        SentTask task = SentTask.create("voice", "+14155553003", sid);
        hooks.post("/webhooks/twilio/call-status", Map.of("CallSid", sid, "CallStatus", "completed", "CallDuration", "37", "AnsweredBy", "human"))
                .compose(r -> hooks.post("/webhooks/twilio/call-status", Map.of("CallSid", sid, "CallStatus", "ringing")))
                .compose(r -> hooks.post("/webhooks/twilio/call-status", Map.of("CallSid", sid, "CallStatus", "in-progress")))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals("completed", providerStatus(sid));
                    assertEquals("delivered", task.state());
                    assertEquals("true|37|true", Fixtures.text("select connected::text || '|' || duration_s || '|' || conversation::text "
                            + "from contact_attempt where task_id = ?", task.taskId()));
                    ctx.completeNow();
                })));
    }

    @Test
    void a_machine_answered_call_is_connected_but_no_conversation(VertxTestContext ctx) {
        String sid = TwilioIds.sid("CA");
        SentTask task = SentTask.create("voice", "+14155553004", sid);
        hooks.post("/webhooks/twilio/amd", Map.of("CallSid", sid, "AnsweredBy", "machine_end_beep"))
                .compose(r -> hooks.post("/webhooks/twilio/call-status", Map.of("CallSid", sid, "CallStatus", "completed", "CallDuration", "21")))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals("true|21|false", Fixtures.text("select connected::text || '|' || duration_s || '|' || conversation::text "
                            + "from contact_attempt where task_id = ?", task.taskId()));
                    assertEquals(1, task.history("answered_by"));
                    ctx.completeNow();
                })));
    }

    @Test
    void a_completed_call_without_answering_machine_detection_counts_as_a_conversation(VertxTestContext ctx) {
        // a click-to-call bridge has no AnsweredBy: a person dialled, and the talk time is taken as a conversation
        String sid = TwilioIds.sid("CA");
        SentTask task = SentTask.create("voice", "+14155553005", sid);
        hooks.post("/webhooks/twilio/call-status", Map.of("CallSid", sid, "CallStatus", "completed", "CallDuration", "64"))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals(204, r.statusCode(), r.bodyAsString());
                    assertEquals("true|64|true", Fixtures.text("select connected::text || '|' || duration_s || '|' || conversation::text "
                            + "from contact_attempt where task_id = ?", task.taskId()));
                    ctx.completeNow();
                })));
    }

    @Test
    void a_late_no_answer_with_no_duration_after_a_conversation_is_kept_as_an_event_and_changes_nothing(VertxTestContext ctx) {
        String sid = TwilioIds.sid("CA");
        SentTask task = SentTask.create("voice", "+14155553006", sid);
        hooks.post("/webhooks/twilio/call-status", Map.of("CallSid", sid, "CallStatus", "completed", "CallDuration", "95", "AnsweredBy", "human"))
                .compose(r -> hooks.post("/webhooks/twilio/call-status", Map.of("CallSid", sid, "CallStatus", "no-answer", "CallDuration", "0")))
                .compose(r -> hooks.post("/webhooks/twilio/amd", Map.of("CallSid", sid, "AnsweredBy", "machine_start")))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals("completed", providerStatus(sid));
                    assertEquals("human", Fixtures.text("select answered_by from provider_status where provider_sid = ?", sid));
                    assertEquals("true|95|true|answered", Fixtures.text("select connected::text || '|' || duration_s || '|' "
                            + "|| conversation::text || '|' || outcome from contact_attempt where task_id = ?", task.taskId()));
                    assertEquals(2, task.history("call_status"), "the contradicting callback is kept as an event");
                    ctx.completeNow();
                })));
    }

    @Test
    void a_voicemail_left_is_not_undone_by_a_later_busy(VertxTestContext ctx) {
        String sid = TwilioIds.sid("CA");
        SentTask task = SentTask.create("voice", "+14155553007", sid);
        hooks.post("/webhooks/twilio/amd", Map.of("CallSid", sid, "AnsweredBy", "machine_end_beep"))
                .compose(r -> hooks.post("/webhooks/twilio/call-status", Map.of("CallSid", sid, "CallStatus", "completed", "CallDuration", "30")))
                .compose(r -> hooks.post("/webhooks/twilio/call-status", Map.of("CallSid", sid, "CallStatus", "busy", "CallDuration", "0")))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals("true|30|false|voicemail_left", Fixtures.text("select connected::text || '|' || duration_s || '|' "
                            + "|| conversation::text || '|' || outcome from contact_attempt where task_id = ?", task.taskId()));
                    ctx.completeNow();
                })));
    }

    @Test
    void partially_delivered_is_accepted_and_counts_as_delivered(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        SentTask task = SentTask.create("sms", "+14155553008", sid);
        hooks.post("/webhooks/twilio/message-status", Map.of("MessageSid", sid, "MessageStatus", "partially_delivered"))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(204, r.statusCode(), r.bodyAsString());
            assertEquals("delivered", task.state());
            assertEquals("true|delivered", Fixtures.text("select connected::text || '|' || outcome from contact_attempt where task_id = ?",
                    task.taskId()));
            ctx.completeNow();
        })));
    }

    @Test
    void undelivered_to_a_landline_or_unknown_handset_marks_the_number_unfit_for_sms(VertxTestContext ctx) {
        String landline = TwilioIds.sid("SM");
        String unknown = TwilioIds.sid("SM");
        SentTask a = SentTask.create("sms", "+14155553009", landline);
        SentTask b = SentTask.create("sms", "+14155553010", unknown);
        hooks.post("/webhooks/twilio/message-status", Map.of("MessageSid", landline, "MessageStatus", "undelivered", "ErrorCode", "30006"))
                .compose(r -> hooks.post("/webhooks/twilio/message-status",
                        Map.of("MessageSid", unknown, "MessageStatus", "undelivered", "ErrorCode", "30005")))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    for (SentTask t : new SentTask[] {a, b}) {
                        assertEquals("{sms}", Fixtures.text("select invalid_channels::text from contact_point where id = ?", t.pointId()));
                    }
                    ctx.completeNow();
                })));
    }
}
