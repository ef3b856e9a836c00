package com.loandesk.dispatch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.channel.ContactChannel;
import com.loandesk.channel.OutboundContact;
import com.loandesk.channel.SendResult;
import com.loandesk.config.DispatchConfig;
import com.loandesk.rules.Channel;
import com.loandesk.rules.Decision;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.DispatchHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A retry the gate allowed waits for the retry budget at most a few seconds: past that it is deferred and goes
 * back through the rules, so a contact allowed just before the borrower's quiet hours never leaves inside them.
 */
@ExtendWith(VertxExtension.class)
class HeldRetryGoesBackThroughTheGateTest {

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder");
    }

    /** Asks for a retry of every first attempt, and takes every retry. */
    private static final class FirstAttemptsRetryLater implements ContactChannel {
        @Override
        public Channel channel() {
            return Channel.SMS;
        }

        @Override
        public Future<SendResult> send(OutboundContact contact) {
            return Future.succeededFuture(contact.attempt() == 1
                    ? new SendResult.RetryLater("20429", "too many requests", Duration.ZERO)
                    : new SendResult.Accepted("SM" + contact.taskId(), "queued"));
        }
    }

    @Test
    void a_retry_held_past_its_time_by_the_retry_budget_is_deferred_to_be_judged_again(Vertx vertx) {
        for (int i = 0; i < 40; i++) {
            long b = Fixtures.borrower("US-CA", null, "US");
            Fixtures.task(Fixtures.overdueCase(b), Fixtures.mobile(b, "+1415555" + String.format("%04d", 1000 + i)), "sms",
                    Instant.now().minusSeconds(1));
        }
        // no budget earned by first attempts, one retry a second from the floor: most retries must wait
        DispatchConfig config = DispatchConfig.from(new JsonObject().put("dispatch", new JsonObject()
                .put("batchSize", 50).put("maxInFlight", 50).put("pollIntervalMs", 20).put("completionFlushMs", 2)
                .put("leaseSeconds", 60).put("retryBaseMs", 1).put("retryBudgetPercent", 0).put("retryBudgetFloorPerSecond", 1)));
        List<ContactChannel> channels = new ArrayList<>(DispatchHarness.simulators(vertx));
        channels.removeIf(c -> c.channel() == Channel.SMS);
        channels.add(new FirstAttemptsRetryLater());
        try (DispatchHarness h = DispatchHarness.start(vertx, (context, now) -> Decision.allow("test"), Clock.systemUTC(), config,
                channels, "held-retries")) {
            Await.until("a held retry deferred by RETRY_BUDGET", Duration.ofSeconds(20), () -> Fixtures.count(
                    "select count(*) from case_history where event = 'deferred' and detail::text like '%RETRY_BUDGET%'") > 0);
        }
        assertTrue(Fixtures.count("select count(*) from contact_task where state = 'failed'") == 0, "nothing failed for want of budget");
    }
}
