package com.loandesk.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.channel.twilio.TwilioAccount;
import com.loandesk.channel.twilio.TwilioSmsChannel;
import com.loandesk.config.DispatchConfig;
import com.loandesk.fake.FakeRequest;
import com.loandesk.fake.FakeTwilio;
import com.loandesk.rules.Decision;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.DispatchHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import com.loandesk.testsupport.TwilioTestEnv;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The breaker opens while tasks are already claimed, waiting for the channel's bulkhead: they reach the guard
 * after it opened. The production Twilio adapter against the fake; {@code maxAttempts: 1}, so any attempt they
 * were charged would fail them.
 */
@ExtendWith(VertxExtension.class)
class BreakerOpeningOnClaimedTasksDefersThemTest {

    private static final int TASKS = 6;

    private FakeTwilio fake;
    private TwilioAccount account;

    @BeforeEach
    void setUp(Vertx vertx) {
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder");
        fake = Await.result(FakeTwilio.start(vertx, 0, TwilioTestEnv.ACCOUNT_SID, TwilioTestEnv.AUTH_TOKEN)).callbacksEnabled(false);
        // two sends at once; two provider refusals in a row open the breaker, for a minute
        account = TwilioAccount.create(vertx, TwilioTestEnv.settings(fake, "http://localhost:1",
                Map.of("TWILIO_MAX_CONCURRENT", "2", "TWILIO_BREAKER_WINDOW", "2", "TWILIO_BREAKER_MIN_CALLS", "2",
                        "TWILIO_BREAKER_FAILURE_RATE", "50", "TWILIO_BREAKER_OPEN_MS", "60000", "TWILIO_REQUEST_TIMEOUT_MS", "30000")));
        Fixtures.dueTasksToOwnBorrowers(TASKS, "sms", 3000, Instant.now().minusSeconds(1));
    }

    @AfterEach
    void tearDown() {
        Await.result(account.close());
        Await.result(fake.close());
    }

    @Test
    void claimed_tasks_that_meet_the_open_breaker_are_deferred_until_it_may_close_spending_no_attempt(Vertx vertx) {
        // the first two requests reach Twilio and are held there until two more tasks are claimed and wait for the
        // bulkhead; then Twilio refuses both (429), the breaker opens, and the waiting tasks meet it
        Promise<Void> release = Promise.promise();
        fake.failNext(2, 429, 20429).holdUntil(release.future());
        DispatchConfig config = DispatchConfig.from(new JsonObject().put("dispatch", new JsonObject()
                .put("batchSize", 50).put("maxInFlight", 50).put("pollIntervalMs", 20).put("completionFlushMs", 2)
                .put("leaseSeconds", 60).put("maxAttempts", 1)));
        try (DispatchHarness h = DispatchHarness.start(vertx, (context, now) -> Decision.allow("test"), Clock.systemUTC(), config,
                List.of(new TwilioSmsChannel(account)), "breaker")) {
            Await.until("two requests held at Twilio and two more tasks claimed behind them", Duration.ofSeconds(20),
                    () -> fake.parked() == 2 && Fixtures.count("select count(*) from contact_task where state = 'sending'") == 4);
            release.complete();
            Await.until("a claimed task refused by the open breaker, and nothing in flight", Duration.ofSeconds(20),
                    () -> Fixtures.count("select count(*) from contact_task where last_error like 'BREAKER_OPEN%'") > 0
                            && Fixtures.count("select count(*) from contact_task where state = 'sending'") == 0);
        }
        String tasks = Fixtures.text("select string_agg(id || ' ' || state || ' attempts=' || attempts || ' ' || coalesce(last_error, ''), '; '"
                + " order by id) from contact_task");
        String refused = "last_error like 'BREAKER_OPEN%'";
        assertEquals(0, Fixtures.count("select count(*) from contact_task where " + refused + " and state <> 'deferred'"),
                "deferred, not failed: " + tasks);
        assertEquals(0, Fixtures.count("select count(*) from contact_task where " + refused + " and attempts <> 0"),
                "no attempt spent: " + tasks);
        assertEquals(0, Fixtures.count("select count(*) from contact_attempt a join contact_task t on t.id = a.task_id where t." + refused),
                "nothing on the cap ledger for them: " + tasks);
        assertEquals(0, Fixtures.count("select count(*) from contact_task where " + refused + " and due_at - updated_at < interval '59 seconds'"),
                "due again once the breaker may let a trial through (TWILIO_BREAKER_OPEN_MS): " + tasks);
        assertTrue(Fixtures.count("select count(*) from case_history where event = 'deferred' and detail->>'code' = 'BREAKER_OPEN' "
                + "and detail->>'requestMade' = 'false'") > 0, "the history names the refusal and says no request was made");

        // what Twilio saw: the two 429s (their tasks spent their one attempt and failed), then the trial that went
        List<FakeRequest> posts = fake.posts("Messages.json");
        assertEquals(2, posts.stream().filter(p -> p.status() == 429).count(), "two requests refused by Twilio: " + tasks);
        assertEquals(2, Fixtures.count("select count(*) from contact_task where state = 'failed' and last_error like '20429%'"),
                "only the tasks Twilio refused failed: " + tasks);
        for (FakeRequest p : posts) {
            assertEquals(0, Fixtures.count("select count(*) from contact_task t join contact_point c on c.id = t.contact_point_id "
                    + "where c.value = ? and t." + refused, p.param("To")), "a task refused by the breaker never reached Twilio");
        }
        assertEquals(0, Fixtures.count("select count(*) from contact_task t join contact_point c on c.id = t.contact_point_id "
                + "where t.attempts <> (select count(*) from unnest(?::text[]) as r(to_) where r.to_ = c.value)",
                (Object) posts.stream().map(p -> p.param("To")).toArray(String[]::new)), "every task's attempts are its requests: " + tasks);
    }
}
