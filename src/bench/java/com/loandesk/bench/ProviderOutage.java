package com.loandesk.bench;

import com.loandesk.store.DatabaseLocator;
import com.loandesk.store.DatabaseTarget;
import java.time.Duration;

/**
 * scripts/outage-test: a wave of SMS through the real service while the provider fails. Once
 * {@code --at-pct} of the tasks are sent, the fake answers every request 503 for {@code --outage-s}
 * seconds (every third create is processed all the same: the ambiguous 5xx), then 429 for
 * {@code --storm-s} seconds, then recovers. Checks that nothing was lost, doubled or failed, that the
 * breaker opened, that the POSTs stayed within the retry budget:
 * {@code posts ≤ tasks + retryBudgetPercent/100 × first attempts + retryBudgetFloorPerSecond × seconds},
 * and that no task was charged an attempt without a request to its number ({@code attempts_without_request}).
 * Exit status 0 only then. {@code --rate} is the account's SMS rate (TWILIO_SMS_PER_SECOND); at a low rate, such
 * as Twilio's 1 call per second, the dispatcher must keep its claims to what the rate lets start. Database: DATABASE_URL, else loandesk_outage on the local server; recreated.
 */
public final class ProviderOutage {

    private ProviderOutage() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions o = new BenchOptions().option("--tasks", 3000).option("--rate", 300).option("--outage-s", 4)
                .option("--storm-s", 4).option("--at-pct", 30).parse(args);
        int tasks = o.integer("--tasks");
        int rate = o.integer("--rate");
        int outageS = o.integer("--outage-s");
        int stormS = o.integer("--storm-s");
        int atPct = o.integer("--at-pct");
        DatabaseLocator locator = new DatabaseLocator(System.getenv());
        DatabaseTarget db = locator.locate("loandesk_outage", false);
        System.out.println(CrashSeed.seed(db, tasks));
        if (rate < 1) {
            throw new IllegalArgumentException("--rate must be at least 1, was " + rate);
        }
        // at a low rate the wave itself takes tasks/rate seconds: wait for that, twice over, on top of the faults
        Duration timeout = Duration.ofSeconds(Math.max(600, 2L * tasks / rate + 2L * (outageS + stormS) + 120));
        ChaosRun.Report r = run(db, tasks, rate, Duration.ofSeconds(outageS), Duration.ofSeconds(stormS), atPct / 100.0, timeout);
        r.check().examples().forEach(System.out::println);
        System.out.println("# states=" + r.check().states() + " rate=" + rate);
        boolean withinBudget = r.posts() <= tasks + r.retryBound() && r.retries() <= r.retryBound();
        System.out.println(r.line() + " within_budget=" + withinBudget);
        locator.close();
        System.exit(r.check().clean() && r.breakerOpened() && withinBudget && r.attemptsWithoutRequest() == 0 ? 0 : 1);
    }

    /** The outage run over an already seeded {@code db}. */
    public static ChaosRun.Report run(DatabaseTarget db, int tasks, int rate, Duration outage, Duration storm,
                                      double atFraction, Duration timeout) throws Exception {
        return ChaosRun.run(db, ChaosRun.config(db), rate, 20, atFraction,
                scene -> scene.fake().outage(outage, 503, 20503, 3).outage(storm, 429, 20429, 0), timeout);
    }
}
