package com.loandesk.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.channel.twilio.TwilioAccount;
import com.loandesk.channel.twilio.TwilioVoiceChannel;
import com.loandesk.config.DispatchConfig;
import com.loandesk.fake.FakeRequest;
import com.loandesk.fake.FakeTwilio;
import com.loandesk.rules.Decision;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.DispatchHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import com.loandesk.testsupport.TwilioTestEnv;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A voice wave at Twilio's default of 1 call per second, with the default bulkhead (20) and rate wait (2 s): the
 * production Twilio adapter against the fake, the dispatcher at its shipped settings but for {@code maxAttempts: 2}.
 * The dispatcher claims no more calls than the rate lets start within its wait, so none is refused locally, none
 * spends an attempt it did not make, and the provider is kept busy at its rate. Takes about two minutes: the
 * rate is the production one on purpose.
 */
@ExtendWith(VertxExtension.class)
class VoiceWaveAtTwilioDefaultRateTest {

    private static final int TASKS = Integer.getInteger("voiceWaveTasks", 120);

    private FakeTwilio fake;
    private TwilioAccount account;

    @BeforeEach
    void setUp(Vertx vertx) {
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder");
        fake = Await.result(FakeTwilio.start(vertx, 0, TwilioTestEnv.ACCOUNT_SID, TwilioTestEnv.AUTH_TOKEN)).callbacksEnabled(false);
        // Twilio's and the shipped defaults: 1 call per second, a bulkhead of 20, a 2 s rate wait, 20 workers, a 30 s
        // request time-out (the suite's 1 s would turn a cold first request ambiguous)
        account = TwilioAccount.create(vertx, TwilioTestEnv.settings(fake, "http://localhost:1",
                Map.of("TWILIO_CALLS_PER_SECOND", "1", "TWILIO_MAX_CONCURRENT", "20", "TWILIO_RATE_WAIT_MS", "2000",
                        "TWILIO_WORKER_POOL", "20", "TWILIO_REQUEST_TIMEOUT_MS", "30000")));
        Fixtures.dueTasksToOwnBorrowers(TASKS, "voice", 2000, Instant.now().minusSeconds(1));
    }

    @AfterEach
    void tearDown() {
        Await.result(account.close());
        Await.result(fake.close());
    }

    @Test
    void at_one_call_per_second_every_task_is_placed_exactly_once_none_fails_and_the_provider_is_kept_busy(Vertx vertx) {
        DispatchConfig config = DispatchConfig.from(new JsonObject().put("dispatch", new JsonObject().put("maxAttempts", 2)));
        try (DispatchHarness h = DispatchHarness.start(vertx, (context, now) -> Decision.allow("test"), Clock.systemUTC(), config,
                List.of(new TwilioVoiceChannel(account)), "voice-wave")) {
            // stops at the first failure: on the old code, tasks failed RATE_LIMITED within the first minute
            Await.until("every call placed, or one failed or left unknown", Duration.ofSeconds(60 + TASKS * 2L), () -> Fixtures.count(
                    "select count(*) from contact_task where state = 'sent'") == TASKS
                    || Fixtures.count("select count(*) from contact_task where state in ('failed', 'unknown')") > 0);
        }
        assertEquals(0, Fixtures.count("select count(*) from contact_task where state = 'failed'"),
                "no task failed: " + Fixtures.text("select string_agg(distinct last_error, '; ') from contact_task where state = 'failed'"));
        assertEquals(TASKS, Fixtures.count("select count(*) from contact_task where state = 'sent'"),
                "every call placed: " + Fixtures.text("select string_agg(state || ' ' || coalesce(last_error, ''), '; ') "
                        + "from contact_task where state <> 'sent'"));

        List<FakeRequest> posts = fake.posts("Calls.json");
        Set<String> called = new HashSet<>();
        posts.forEach(p -> called.add(p.param("To")));
        assertEquals(TASKS, posts.size(), "one request per task");
        assertEquals(TASKS, called.size(), "every number called once");

        assertEquals(0, Fixtures.count("select count(*) from contact_task where attempts <> 1"), "each task spent exactly one attempt");
        assertEquals(TASKS, Fixtures.count("select count(*) from contact_attempt"), "one ledger row per call placed");
        assertEquals(0, Fixtures.count("select count(*) from case_history where event = 'deferred'"),
                "no claimed call was handed back by the guard (RATE_LIMITED, BULKHEAD_FULL): the claims kept to the rate");
        assertEquals(TASKS, Fixtures.count("select count(*) from case_history where event = 'sending'"), "each task claimed once");

        // the pace: never over the rate (one call per one-second cycle), and the provider never left idle
        Instant first = posts.get(0).at();
        Instant last = posts.get(posts.size() - 1).at();
        long spanMs = Duration.between(first, last).toMillis();
        long longestGapMs = 0;
        for (int i = 1; i < posts.size(); i++) {
            longestGapMs = Math.max(longestGapMs, Duration.between(posts.get(i - 1).at(), posts.get(i).at()).toMillis());
        }
        String pace = "calls=" + posts.size() + " spanMs=" + spanMs + " longestGapMs=" + longestGapMs;
        // (the fake logs a request when it answers it: a cold client's first requests may arrive late, closer together)
        assertTrue(spanMs >= (TASKS - 5) * 1000L, "no faster than 1 call per second: " + pace);
        assertTrue(spanMs <= TASKS * 1000L * 115 / 100, "about 1 call per second, not far below it: " + pace);
        assertTrue(longestGapMs <= 3000, "the provider never sat idle for long: " + pace);
    }
}
