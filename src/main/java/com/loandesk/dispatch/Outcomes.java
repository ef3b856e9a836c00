package com.loandesk.dispatch;

import com.loandesk.channel.SendResult;
import com.loandesk.store.Completion;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/** Maps a provider's answer to the task's next state. */
final class Outcomes {

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
        SendResult.Ambiguous u = (SendResult.Ambiguous) result;
        return new Completion(taskId, attempt, "unknown", null, u.reason(), null, true,
                new JsonObject().put("reason", u.reason()).put("next", reconcilable ? RECONCILED : PERSON_SETTLES).encode(),
                null);
    }

    /** Exponential back-off with full jitter, never shorter than what the provider asked for. */
    static Duration backoff(int attempt, Duration base, Duration atLeast) {
        long ceiling = base.toMillis() * (1L << Math.min(attempt - 1, 16));
        long jittered = ThreadLocalRandom.current().nextLong(base.toMillis(), Math.max(base.toMillis(), ceiling) + 1);
        long floor = atLeast == null ? 0 : atLeast.toMillis();
        return Duration.ofMillis(Math.max(jittered, floor));
    }
}
