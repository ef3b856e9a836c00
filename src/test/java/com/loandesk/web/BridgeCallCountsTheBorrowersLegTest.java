package com.loandesk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.channel.twilio.TwilioSettings;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SentTask;
import com.loandesk.testsupport.TestDatabase;
import com.loandesk.testsupport.TwilioIds;
import com.loandesk.testsupport.TwilioTestEnv;
import com.loandesk.testsupport.WebhookTest;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A collector's click-to-call rings the collector (the parent call, the task's provider ref), then dials
 * the borrower (a child leg whose callbacks carry ParentCallSid). Only the borrower's leg says whether the
 * borrower was reached and for how long: the caps read it, never the collector's leg.
 */
class BridgeCallCountsTheBorrowersLegTest extends WebhookTest {

    @Override
    protected TwilioSettings settings(String serverBaseUrl) {
        return TwilioTestEnv.webhookSettings(serverBaseUrl, Map.of("TWILIO_VOICE_FROM_NUMBER", TwilioTestEnv.VOICE_FROM));
    }

    private static SentTask bridge(String number, String parentSid) {
        SentTask task = SentTask.create("voice", number, parentSid);
        TestDatabase.exec("update contact_task set template = 'click-to-call' where id = " + task.taskId());
        return task;
    }

    private static String ledger(SentTask task) {
        return Fixtures.text("select connected::text || '|' || duration_s || '|' || conversation::text || '|' || outcome "
                + "from contact_attempt where task_id = ?", task.taskId());
    }

    @Test
    void a_borrower_who_never_answered_is_no_conversation_though_the_collector_talked(VertxTestContext ctx) {
        String parent = TwilioIds.sid("CA");
        SentTask task = bridge("+14155557001", parent);
        hooks.post("/webhooks/twilio/call-status", Map.of("CallSid", TwilioIds.sid("CA"), "ParentCallSid", parent,
                        "CallStatus", "no-answer", "CallDuration", "0"))
                .compose(r -> hooks.post("/webhooks/twilio/call-status", Map.of("CallSid", parent, "CallStatus", "completed",
                        "CallDuration", "48")))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals(204, r.statusCode(), r.bodyAsString());
                    assertEquals("false|0|false|no_answer", ledger(task));
                    assertEquals(1, task.history("call_leg"), "the borrower's leg is in the case history");
                    ctx.completeNow();
                })));
    }

    @Test
    void the_borrowers_leg_decides_connected_conversation_and_talk_time_whichever_callback_comes_first(VertxTestContext ctx) {
        String parent = TwilioIds.sid("CA");
        SentTask task = bridge("+14155557002", parent);
        hooks.post("/webhooks/twilio/call-status", Map.of("CallSid", parent, "CallStatus", "completed", "CallDuration", "75"))
                .compose(r -> {
                    ctx.verify(() -> assertEquals("false|0|false|not_connected", ledger(task), "no leg yet: not reached yet"));
                    return hooks.post("/webhooks/twilio/call-status", Map.of("CallSid", TwilioIds.sid("CA"), "ParentCallSid", parent,
                            "CallStatus", "completed", "CallDuration", "61"));
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals("true|61|true|answered", ledger(task));
                    ctx.completeNow();
                })));
    }
}
