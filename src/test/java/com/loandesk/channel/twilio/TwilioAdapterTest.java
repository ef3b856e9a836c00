package com.loandesk.channel.twilio;

import com.loandesk.fake.FakeTwilio;
import com.loandesk.testsupport.TwilioTestEnv;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test of the production Twilio adapters: before each test a {@link FakeTwilio} (status callbacks off)
 * and a {@link TwilioAccount} aimed at it; after it, both closed.
 */
@ExtendWith(VertxExtension.class)
abstract class TwilioAdapterTest {

    protected FakeTwilio fake;
    protected TwilioAccount account;

    /** Environment on top of {@link TwilioTestEnv#env}; a test class overrides it to tune the account. */
    protected Map<String, String> env() {
        return Map.of();
    }

    @BeforeEach
    void startFakeTwilio(Vertx vertx, VertxTestContext ctx) {
        FakeTwilio.start(vertx, 0, TwilioTestEnv.ACCOUNT_SID, TwilioTestEnv.AUTH_TOKEN).onComplete(ctx.succeeding(f -> {
            fake = f.callbacksEnabled(false);
            account = TwilioAccount.create(vertx, TwilioTestEnv.settings(fake, "http://localhost:1", env()));
            ctx.completeNow();
        }));
    }

    @AfterEach
    void stopFakeTwilio(VertxTestContext ctx) {
        account.close().compose(v -> fake.close()).onComplete(ctx.succeedingThenComplete());
    }
}
