package com.loandesk.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The claim loop's tuning.
 *
 * @param batchSize        tasks claimed (and gated) per statement
 * @param maxInFlight      provider calls under way at once
 * @param lease            how long a claim is good for without a heart-beat
 * @param pollInterval     how often to look for due work when the last claim found none
 * @param completionBatch  outcomes written per statement
 * @param completionFlush  the longest an outcome waits for its batch to fill
 * @param recoveryInterval how often expired leases are looked for
 * @param maxAttempts      provider retries (429 and the like) before a task fails
 * @param retryBase        the first retry's back-off; it doubles, with jitter
 * @param historyLookback  how far back the borrower's contacts are read for the caps
 * @param lenderName       who the messages say is contacting (templates' {{lenderName}})
 * @param retryBudgetPercent        the retry budget: each first attempt sent earns this many hundredths of
 *                                  a retry; a retry (a task's second or later attempt) waits for a whole one
 * @param retryBudgetFloorPerSecond retries earned per second whatever the first attempts, so retries
 *                                  always progress: retries sent ≤ percent × first attempts + floor × seconds
 * @param sendTimeout      the longest a send may go without the provider's answer, on every channel; past it the
 *                         task becomes 'unknown' (the provider may have it) and a late answer is not written
 */
public record DispatchConfig(
        boolean enabled,
        int batchSize,
        int maxInFlight,
        Duration lease,
        Duration pollInterval,
        int completionBatch,
        Duration completionFlush,
        Duration recoveryInterval,
        int maxAttempts,
        Duration retryBase,
        Duration historyLookback,
        String lenderName,
        int retryBudgetPercent,
        int retryBudgetFloorPerSecond,
        Duration sendTimeout) {

    /** Who the reminders say is calling or writing, unless {@code dispatch.lenderName} says otherwise. */
    public static final String DEFAULT_LENDER_NAME = "LoanDesk";

    public static DispatchConfig from(JsonObject root) {
        Settings s = Settings.of(root, "dispatch");
        int batchSize = s.intIn("batchSize", 1, 5000, 500);
        int leaseSeconds = s.intIn("leaseSeconds", 5, 3600, 300);
        int recoverySeconds = s.intIn("recoveryIntervalSeconds", 1, 3600, 30);
        DispatchConfig config = new DispatchConfig(
                s.bool("enabled", true),
                batchSize,
                s.intIn("maxInFlight", 1, 100_000, 1000),
                Duration.ofSeconds(leaseSeconds),
                Duration.ofMillis(s.intIn("pollIntervalMs", 10, 60_000, 250)),
                s.intIn("completionBatchSize", 1, 10_000, 1000),
                Duration.ofMillis(s.intIn("completionFlushMs", 1, 10_000, 5)),
                Duration.ofSeconds(recoverySeconds),
                s.intIn("maxAttempts", 1, 100, 5),
                Duration.ofMillis(s.intIn("retryBaseMs", 1, 3_600_000, 30_000)),
                Duration.ofDays(s.intIn("historyLookbackDays", 1, 400, 31)),
                s.text("lenderName", DEFAULT_LENDER_NAME),
                s.intIn("retryBudgetPercent", 0, 1000, 20),
                s.intIn("retryBudgetFloorPerSecond", 1, 100_000, 20),
                Duration.ofMillis(s.intIn("sendTimeoutMs", 100, 600_000, 60_000)));
        s.refuseUnknown();
        return config;
    }
}
