package com.loandesk.dispatch;

import com.loandesk.channel.SendResult;
import com.loandesk.store.Completion;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Maps a provider's answer to the task's next state. Only answers to a request that may have reached the provider
 * spend the attempt the claim counted; a send refused here ({@link SendResult.NotStarted}) gives it back.
 */
final class Outcomes {

    /** When a send refused here without saying when to come back is due again. */
    static final Duration NOT_STARTED_AGAIN = Duration.ofSeconds(1);

    private Outcomes() {
    }

    /** What the history says comes after an unknown send the provider can be asked about, and after one it cannot. */
    static final String RECONCILED = "reconcile with the provider before any resend";
    static final String PERSON_SETTLES = "no provider can be asked: a person settles it (POST /api/tasks/{taskId}/settle); never resent";

    static Completion of(long taskId, int attempt, SendResult result, Instant now, int maxAttempts, Duration retryBase) {
        return of(taskId, attempt, result, now, maxAttempts, retryBase, true);
    }

    /** {@code reconcilable}: whether the provider can be asked about an unknown send (Twilio yes, SMTP no). */
    static Completion of(long taskId, int attempt, SendResult result, Instant now, int maxAttempts, Duration retryBase,
                         boolean reconcilable) {
        if (result instanceof SendResult.Accepted a) {
            return new Completion(taskId, attempt, "sent", a.providerRef(), null, null, true,
                    new JsonObject().put("providerStatus", a.status()).encode(), null);
        }
        if (result instanceof SendResult.Rejected r) {
            return new Completion(taskId, attempt, "failed", null, r.code() + ": " + r.reason(), null, false,
                    new JsonObject().put("code", r.code()).put("reason", r.reason()).put("suppress", r.suppress().name()).encode(),
                    r.suppress() == SendResult.Suppression.NONE ? null : r.suppress().name());
        }
        if (result instanceof SendResult.RetryLater r) {
            if (attempt >= maxAttempts) {
                return new Completion(taskId, attempt, "failed", null, r.code() + ": " + r.reason() + " (after " + attempt + " attempts)",
                        null, false, new JsonObject().put("code", r.code()).put("reason", "retries exhausted").encode(), null);
            }
            Duration wait = backoff(attempt, retryBase, r.after());
            Instant retryAt = now.plus(wait);
            return new Completion(taskId, attempt, "deferred", null, r.code() + ": " + r.reason(), retryAt, false,
                    new JsonObject().put("code", r.code()).put("reason", r.reason()).put("retryAt", retryAt.toString()).encode(),
                    null);
        }
        if (result instanceof SendResult.NotStarted n) {
            return notStarted(taskId, attempt, n.code(), n.reason(), now.plus(n.after() == null ? NOT_STARTED_AGAIN : n.after()));
        }
        SendResult.Ambiguous u = (SendResult.Ambiguous) result;
        return new Completion(taskId, attempt, "unknown", null, u.reason(), null, true,
                new JsonObject().put("reason", u.reason()).put("next", reconcilable ? RECONCILED : PERSON_SETTLES).encode(),
                null);
    }

    /**
     * A send refused here before any request left (see {@link SendResult.NotStarted}): deferred to {@code retryAt}
     * and never failed, its attempt given back and its ledger row removed. The history row names the local reason
     * and says that no request was made, so it never reads as a contact.
     */
    static Completion notStarted(long taskId, int attempt, String code, String reason, Instant retryAt) {
        return new Completion(taskId, attempt, "deferred", null, code + ": " + reason + " (no request made)", retryAt, false,
                new JsonObject().put("code", code).put("reason", reason).put("requestMade", false)
                        .put("retryAt", retryAt.toString()).encode(), null, false);
    }

    /** Exponential back-off with full jitter, never shorter than what the provider asked for. */
    static Duration backoff(int attempt, Duration base, Duration atLeast) {
        long ceiling = base.toMillis() * (1L << Math.min(attempt - 1, 16));
        long jittered = ThreadLocalRandom.current().nextLong(base.toMillis(), Math.max(base.toMillis(), ceiling) + 1);
        long floor = atLeast == null ? 0 : atLeast.toMillis();
        return Duration.ofMillis(Math.max(jittered, floor));
    }
}
