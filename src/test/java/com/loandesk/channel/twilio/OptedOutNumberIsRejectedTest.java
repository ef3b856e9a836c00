package com.loandesk.channel.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.loandesk.channel.SendResult;
import com.loandesk.testsupport.TwilioTestEnv;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

class OptedOutNumberIsRejectedTest extends TwilioAdapterTest {

    @Test
    void error_21610_is_rejected_as_opted_out(VertxTestContext ctx) {
        fake.optOut("+14155550121");
        assertRejected(ctx, new TwilioSmsChannel(account).send(TwilioTestEnv.sms(1, "+14155550121")), "21610",
                SendResult.Suppression.OPTED_OUT);
    }

    @Test
    void a_number_that_is_not_e164_is_rejected_as_invalid(VertxTestContext ctx) {
        assertRejected(ctx, new TwilioSmsChannel(account).send(TwilioTestEnv.sms(2, "4155550122")), "21211",
                SendResult.Suppression.INVALID);
    }

    @Test
    void an_unroutable_call_is_rejected_as_invalid(VertxTestContext ctx) {
        fake.invalidNumber("+14155550123");
        new TwilioVoiceChannel(account).send(TwilioTestEnv.call(3, "+14155550123", "en")).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(SendResult.Suppression.INVALID, assertInstanceOf(SendResult.Rejected.class, r).suppress());
            ctx.completeNow();
        })));
    }

    private static void assertRejected(VertxTestContext ctx, Future<SendResult> sent, String code, SendResult.Suppression suppress) {
        sent.onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            SendResult.Rejected rejected = assertInstanceOf(SendResult.Rejected.class, r);
            assertEquals(code, rejected.code());
            assertEquals(suppress, rejected.suppress());
            ctx.completeNow();
        })));
    }
}
