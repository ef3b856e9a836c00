package com.loandesk.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.Providers;
import com.loandesk.bench.ChaosRun;
import com.loandesk.channel.sim.SimulatorChannel;
import com.loandesk.config.AppConfig;
import com.loandesk.fake.FakeTwilio;
import com.loandesk.rules.Channel;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With real Twilio (production) and no SMTP relay, e-mail goes nowhere rather than to the simulator: the dispatcher
 * never claims an e-mail task (the channel accepts nothing), and a send handed to it anyway is refused before any
 * request, a free deferral, so the ledger and the compliance log never record an e-mail that was not sent.
 */
class ProductionEmailIsNeverFakedTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        Await.result(vertx.close());
    }

    @Test
    void twilio_mode_without_SMTP_HOST_sends_no_email_and_fakes_none() {
        FakeTwilio fake = Await.result(FakeTwilio.start(vertx, 0, ChaosRun.ACCOUNT_SID, ChaosRun.AUTH_TOKEN));
        Map<String, String> env = ChaosRun.twilioEnv(fake, 10);
        AppConfig app = AppConfig.from(ChaosRun.config(TestDatabase.target()));
        Providers providers = Await.result(Providers.start(vertx, app, env, 0));
        ContactChannel email = providers.channels().of(Channel.EMAIL);

        assertInstanceOf(UnconfiguredChannel.class, email);
        assertFalse(email.accepting(), "the dispatcher must not claim e-mail tasks");
        assertEquals(0, email.startable());
        SendResult refused = Await.result(email.send(new OutboundContact(1, 3, 1, Channel.EMAIL, "borrower1@example.com",
                "reminder", "en", "Your payment is due", "Dear borrower, your payment is due.")));
        SendResult.NotStarted notStarted = assertInstanceOf(SendResult.NotStarted.class, refused);
        assertEquals("NO_PROVIDER", notStarted.code());
        assertTrue(notStarted.reason().contains("SMTP_HOST"), notStarted.reason());
        assertTrue(providers.channels().of(Channel.SMS).accepting(), "SMS still goes through Twilio");
    }

    @Test
    void the_fake_twilio_demo_still_simulates_email() {
        JsonObject config = ChaosRun.config(TestDatabase.target());
        config.getJsonObject("providers").put("mode", "fake-twilio");
        Providers providers = Await.result(Providers.start(vertx, AppConfig.from(config), Map.of(), 0));

        assertInstanceOf(SimulatorChannel.class, providers.channels().of(Channel.EMAIL));
    }
}
