package com.loandesk.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /** Asks for a retry of every first attempt, and takes every retry; counts the sends it was handed, by task. */
    private static final class FirstAttemptsRetryLater implements ContactChannel {
        final Map<Long, Integer> sends = new ConcurrentHashMap<>();

        @Override
        public Channel channel() {
            return Channel.SMS;
        }

        @Override
        public Future<SendResult> send(OutboundContact contact) {
            sends.merge(contact.taskId(), 1, Integer::sum);
            return Future.succeededFuture(contact.attempt() == 1
                    ? new SendResult.RetryLater("20429", "too many requests", Duration.ZERO)
                    : new SendResult.Accepted("SM" + contact.taskId(), "queued"));
        }
    }

    @Test
    void a_retry_held_by_the_budget_into_the_borrowers_quiet_hours_is_judged_again_and_not_sent(Vertx vertx) {
        // the gate allows until 21:00 and defers from then on; each judgement is counted, by task
        Instant quietFrom = Instant.parse("2026-11-24T05:00:00Z");
        com.loandesk.testsupport.SettableClock clock = new com.loandesk.testsupport.SettableClock(quietFrom.minusSeconds(60));
        Map<Long, Integer> judged = new ConcurrentHashMap<>();
        com.loandesk.rules.ContactGate gate = (context, now) -> {
            judged.merge(context.request().taskId(), 1, Integer::sum);
            return now.isBefore(quietFrom) ? Decision.allow("test")
                    : Decision.defer("test", "QUIET_HOURS", quietFrom.plus(Duration.ofHours(11)), "outside allowed hours");
        };
        List<Long> tasks = Fixtures.dueTasksToOwnBorrowers(5, "sms", 2000, clock.instant().minusSeconds(1));
        // no budget earned by first attempts and the clock stands still: every retry waits for the budget
        DispatchConfig config = DispatchConfig.from(new JsonObject().put("dispatch", new JsonObject()
                .put("batchSize", 50).put("maxInFlight", 50).put("pollIntervalMs", 20).put("completionFlushMs", 2)
                .put("leaseSeconds", 60).put("retryBaseMs", 1).put("retryBudgetPercent", 0).put("retryBudgetFloorPerSecond", 1)));
        List<ContactChannel> channels = new ArrayList<>(DispatchHarness.simulators(vertx));
        channels.removeIf(c -> c.channel() == Channel.SMS);
        FirstAttemptsRetryLater sms = new FirstAttemptsRetryLater();
        channels.add(sms);
        try (DispatchHarness h = DispatchHarness.start(vertx, gate, clock, config, channels, "held-into-quiet-hours")) {
            Await.until("every first attempt answered 'retry later'", Duration.ofSeconds(20),
                    () -> tasks.stream().allMatch(t -> sms.sends.getOrDefault(t, 0) == 1));
            // the retries come due (the back-off is a few milliseconds); the budget earns a hundredth of a retry meanwhile
            clock.tick(Duration.ofMillis(10));
            Await.until("the retries judged once, allowed and waiting", Duration.ofSeconds(20),
                    () -> tasks.stream().allMatch(t -> judged.getOrDefault(t, 0) == 2));
            // every one of them waiting for the budget, none still queued (a queued one could take the budget the tick earns)
            Await.until("the five retries held by the budget", Duration.ofSeconds(20),
                    () -> h.dispatcher.retryBudgetCounts()[2] == tasks.size());
            // the budget keeps them past the hold's limit, and past 21:00
            clock.tick(Duration.ofMinutes(2));
            Await.until("the held retries deferred by RETRY_BUDGET", Duration.ofSeconds(20), Duration.ofMillis(20), () -> Fixtures.count(
                    "select count(*) from case_history where event = 'deferred' and detail::text like '%RETRY_BUDGET%'") == tasks.size(),
                    () -> "sends " + sms.sends + ", judged " + judged + ", budget " + java.util.Arrays.toString(h.dispatcher.retryBudgetCounts())
                            + ", history " + Fixtures.text("select string_agg(task_id || ':' || event || ':' || coalesce(rule_id, '') || ':' "
                            + "|| coalesce(detail->>'code', detail->>'error', ''), ', ' order by id) from case_history where task_id is not null"));
            clock.tick(Duration.ofSeconds(1));
            Await.until("each judged again, now inside quiet hours", Duration.ofSeconds(20), () -> Fixtures.count(
                    "select count(*) from case_history where event = 'deferred' and rule_id = 'QUIET_HOURS'") == tasks.size());
        }
        for (long t : tasks) {
            assertEquals(3, judged.get(t), "judged for the first attempt, for the retry, and again after the budget's deferral");
            assertEquals(1, sms.sends.get(t), "the retry never left inside quiet hours");
            assertEquals("deferred", Fixtures.text("select state from contact_task where id = ?", t));
        }
    }

    @Test
    void a_retry_held_past_its_time_by_the_retry_budget_is_deferred_to_be_judged_again(Vertx vertx) {
        runUntilARetryIsDeferredByTheBudget(vertx);
        assertTrue(Fixtures.count("select count(*) from contact_task where state = 'failed'") == 0, "nothing failed for want of budget");
    }

    @Test
    void a_retry_deferred_by_the_retry_budget_spends_no_attempt_each_task_counts_only_the_sends_made(Vertx vertx) {
        Map<Long, Integer> sends = runUntilARetryIsDeferredByTheBudget(vertx);
        // the history keeps it: a deferred task may have been judged and sent again before the stop rewrote last_error
        assertTrue(Fixtures.count("select count(*) from case_history where event = 'deferred' and detail::text like '%RETRY_BUDGET%'") > 0,
                "some retries were held by the budget and deferred");
        for (long task : Fixtures.ids("select id from contact_task")) {
            assertEquals(sends.getOrDefault(task, 0), (int) Fixtures.count("select attempts from contact_task where id = ?", task),
                    "task " + task + ": attempts are the sends that left, " + Fixtures.text(
                            "select state || ' ' || coalesce(last_error, '') from contact_task where id = ?", task));
        }
        assertEquals(0, Fixtures.count("select count(*) from contact_attempt a join contact_task t on t.id = a.task_id "
                + "where t.state = 'deferred'"), "a deferred task is on no cap ledger");
    }

    /** Runs 40 tasks whose first attempts Twilio asks to retry, until a retry is deferred; returns the sends made, by task. */
    private Map<Long, Integer> runUntilARetryIsDeferredByTheBudget(Vertx vertx) {
        Fixtures.dueTasksToOwnBorrowers(40, "sms", 1000, Instant.now().minusSeconds(1));
        // no budget earned by first attempts, one retry a second from the floor: most retries must wait
        DispatchConfig config = DispatchConfig.from(new JsonObject().put("dispatch", new JsonObject()
                .put("batchSize", 50).put("maxInFlight", 50).put("pollIntervalMs", 20).put("completionFlushMs", 2)
                .put("leaseSeconds", 60).put("retryBaseMs", 1).put("retryBudgetPercent", 0).put("retryBudgetFloorPerSecond", 1)));
        List<ContactChannel> channels = new ArrayList<>(DispatchHarness.simulators(vertx));
        channels.removeIf(c -> c.channel() == Channel.SMS);
        FirstAttemptsRetryLater sms = new FirstAttemptsRetryLater();
        channels.add(sms);
        try (DispatchHarness h = DispatchHarness.start(vertx, (context, now) -> Decision.allow("test"), Clock.systemUTC(), config,
                channels, "held-retries")) {
            Await.until("a held retry deferred by RETRY_BUDGET", Duration.ofSeconds(20), () -> Fixtures.count(
                    "select count(*) from case_history where event = 'deferred' and detail::text like '%RETRY_BUDGET%'") > 0);
        }
        return sms.sends;
    }
}
