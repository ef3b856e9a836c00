package com.loandesk.testsupport;

import com.loandesk.channel.twilio.TwilioSettings;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test of the webhook routes alone: before each test a {@link WebhookHarness} (no voicemail drop,
 * no Twilio behind it) with the settings the test class gives; after it, the harness closed.
 */
@ExtendWith(VertxExtension.class)
public abstract class WebhookTest {

    protected WebhookHarness hooks;

    /** The settings the webhooks run with, given the harness server's own {@code http://localhost:<port>}. */
    protected abstract TwilioSettings settings(String serverBaseUrl);

    @BeforeEach
    void startWebhooks(Vertx vertx, VertxTestContext ctx) {
        WebhookHarness.start(vertx, this::settings, null).onComplete(ctx.succeeding(h -> {
            hooks = h;
            ctx.completeNow();
        }));
    }

    @AfterEach
    void stopWebhooks(VertxTestContext ctx) {
        hooks.close().onComplete(ctx.succeedingThenComplete());
    }
}
