package com.loandesk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.channel.twilio.TwilioSettings;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TwilioIds;
import com.loandesk.testsupport.TwilioTestEnv;
import com.loandesk.testsupport.WebhookTest;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundStopOptsOutTest extends WebhookTest {

    @Override
    protected TwilioSettings settings(String serverBaseUrl) {
        return TwilioTestEnv.webhookSettings(serverBaseUrl, Map.of("TWILIO_FROM_NUMBER", TwilioTestEnv.SMS_FROM,
                "TWILIO_HELP_TEXT", "LoanDesk help: call +1 800 555 0100."));
    }

    private static Map<String, String> sms(String sid, String from, String body) {
        return Map.of("MessageSid", sid, "From", from, "To", TwilioTestEnv.SMS_FROM, "Body", body, "AccountSid", TwilioTestEnv.ACCOUNT_SID);
    }

    private static boolean optedOut(long point) {
        return Boolean.parseBoolean(Fixtures.text("select sms_opted_out::text from contact_point where id = ?", point));
    }

    @Test
    void stop_in_a_sentence_opts_the_number_out_and_start_opts_it_back_in(VertxTestContext ctx) {
        String number = "+14155554001";
        long borrower = Fixtures.borrower("US-CA", "America/Los_Angeles", "US");
        long caseId = Fixtures.overdueCase(borrower);
        long point = Fixtures.mobile(borrower, number);
        hooks.post("/webhooks/twilio/inbound-sms", sms(TwilioIds.sid("SM"), number, "Please stop texting me"))
                .compose(r -> {
                    ctx.verify(() -> {
                        assertEquals(200, r.statusCode());
                        assertTrue(r.bodyAsString().contains("<Response"));
                        assertTrue(optedOut(point));
                        assertEquals(1, Fixtures.count("select count(*) from case_history where case_id = ? and event = 'inbound_sms' "
                                + "and state = 'opt_out'", caseId));
                        assertEquals("Please stop texting me", Fixtures.text("select detail->>'body' from case_history where case_id = ? "
                                + "and event = 'inbound_sms' and state = 'opt_out'", caseId));
                        assertEquals(String.valueOf(point), Fixtures.text("select detail->>'contactPointId' from case_history "
                                + "where case_id = ? and event = 'inbound_sms' and state = 'opt_out'", caseId));
                    });
                    return hooks.post("/webhooks/twilio/inbound-sms", sms(TwilioIds.sid("SM"), number, "START"));
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertFalse(optedOut(point));
                    assertEquals(2, Fixtures.count("select count(*) from inbound_message where from_number = ?", number));
                    ctx.completeNow();
                })));
    }

    @Test
    void chinese_td_opts_out_but_a_word_with_a_t_does_not(VertxTestContext ctx) {
        String number = "+8613800004002";
        long borrower = Fixtures.borrower("CN-31", "Asia/Shanghai", "CN");
        Fixtures.overdueCase(borrower);
        long point = Fixtures.mobile(borrower, number);
        hooks.post("/webhooks/twilio/inbound-sms", sms(TwilioIds.sid("SM"), number, "Thanks, paid today"))
                .compose(r -> {
                    ctx.verify(() -> assertFalse(optedOut(point)));
                    return hooks.post("/webhooks/twilio/inbound-sms", sms(TwilioIds.sid("SM"), number, " td "));
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertTrue(optedOut(point));
                    ctx.completeNow();
                })));
    }

    @Test
    void help_answers_twiml_with_the_lenders_contact(VertxTestContext ctx) {
        hooks.post("/webhooks/twilio/inbound-sms", sms(TwilioIds.sid("SM"), "+14155554003", "help"))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals(200, r.statusCode());
                    assertTrue(r.getHeader("Content-Type").startsWith("text/xml"));
                    assertTrue(r.bodyAsString().contains("<Message><Body>LoanDesk help: call +1 800 555 0100.</Body></Message>"),
                            r.bodyAsString());
                    ctx.completeNow();
                })));
    }

    @Test
    void a_replayed_stop_and_a_stranger_are_kept_once_without_history(VertxTestContext ctx) {
        String sid = TwilioIds.sid("SM");
        String stranger = "+14155554004";
        hooks.post("/webhooks/twilio/inbound-sms", sms(sid, stranger, "STOP"))
                .compose(r -> hooks.post("/webhooks/twilio/inbound-sms", sms(sid, stranger, "STOP")))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals(200, r.statusCode());
                    assertEquals(1, Fixtures.count("select count(*) from inbound_message where from_number = ?", stranger));
                    assertEquals("opt_out", Fixtures.text("select keyword from inbound_message where message_sid = ?", sid));
                    ctx.completeNow();
                })));
    }

    @Test
    void a_lenders_custom_keyword_reported_by_advanced_opt_out_opts_the_number_out(VertxTestContext ctx) {
        String number = "+14155554011";
        long borrower = Fixtures.borrower("US-CA", "America/Los_Angeles", "US");
        Fixtures.overdueCase(borrower);
        long point = Fixtures.mobile(borrower, number);
        Map<String, String> form = new java.util.HashMap<>(sms(TwilioIds.sid("SM"), number, "BASTA"));
        form.put("OptOutType", "STOP");
        hooks.post("/webhooks/twilio/inbound-sms", form).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(200, r.statusCode());
            assertTrue(optedOut(point), "Twilio said STOP for the lender's own keyword");
            ctx.completeNow();
        })));
    }

    @Test
    void help_answered_by_advanced_opt_out_is_not_answered_a_second_time(VertxTestContext ctx) {
        String number = "+14155554012";
        Map<String, String> form = new java.util.HashMap<>(sms(TwilioIds.sid("SM"), number, "HELP"));
        form.put("OptOutType", "HELP");
        hooks.post("/webhooks/twilio/inbound-sms", form)
                .compose(r -> {
                    ctx.verify(() -> {
                        assertEquals(200, r.statusCode());
                        assertFalse(r.bodyAsString().contains("<Message"), r.bodyAsString());
                    });
                    return hooks.post("/webhooks/twilio/inbound-sms", sms(TwilioIds.sid("SM"), number, "HELP"));
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertTrue(r.bodyAsString().contains("LoanDesk help"), "without Advanced Opt-Out we answer: " + r.bodyAsString());
                    ctx.completeNow();
                })));
    }

    @Test
    void an_inbound_text_sets_the_numbers_last_inbound_text_for_the_safe_harbor(VertxTestContext ctx) {
        String number = "+14155554013";
        long borrower = Fixtures.borrower("US-CA", "America/Los_Angeles", "US");
        long point = Fixtures.mobile(borrower, number);
        hooks.post("/webhooks/twilio/inbound-sms", sms(TwilioIds.sid("SM"), number, "when is it due?"))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals(200, r.statusCode());
                    assertEquals(1, Fixtures.count("select count(*) from contact_point where id = ? and last_inbound_text_at is not null", point));
                    ctx.completeNow();
                })));
    }
}
