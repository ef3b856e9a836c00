package com.loandesk.calls;

import com.loandesk.channel.SendResult;
import com.loandesk.store.Completion;
import io.vertx.core.json.JsonObject;

/**
 * Maps the bridge call's answer to the task's completion, like the dispatcher's outcomes with two
 * differences that come from the call ringing the collector first:
 * <ul>
 *   <li>a rejection names the collector's number, not the borrower's: nothing is suppressed on the borrower's point;</li>
 *   <li>a manual call is tried once: "retry later", or a refusal before any request left, fails it (the collector
 *       clicks again), it is never deferred into an automated call.</li>
 * </ul>
 */
final class CallCompletions {

    private CallCompletions() {
    }

    static Completion of(long taskId, int attempt, SendResult result) {
        if (result instanceof SendResult.Accepted a) {
            return new Completion(taskId, attempt, "sent", a.providerRef(), null, null, true,
                    new JsonObject().put("providerStatus", a.status()).put("clickToCall", true).encode(), null);
        }
        if (result instanceof SendResult.Rejected r) {
            return new Completion(taskId, attempt, "failed", null, r.code() + ": " + r.reason(), null, false,
                    new JsonObject().put("code", r.code()).put("reason", r.reason()).put("clickToCall", true).encode(), null);
        }
        if (result instanceof SendResult.RetryLater r) {
            return new Completion(taskId, attempt, "failed", null, r.code() + ": " + r.reason() + " (click-to-call is not retried)",
                    null, false, new JsonObject().put("code", r.code()).put("reason", r.reason()).put("clickToCall", true).encode(), null);
        }
        if (result instanceof SendResult.NotStarted n) {
            return new Completion(taskId, attempt, "failed", null, n.code() + ": " + n.reason() + " (no request made; click-to-call is not retried)",
                    null, false, new JsonObject().put("code", n.code()).put("reason", n.reason()).put("requestMade", false)
                            .put("clickToCall", true).encode(), null, false);
        }
        SendResult.Ambiguous u = (SendResult.Ambiguous) result;
        return new Completion(taskId, attempt, "unknown", null, u.reason(), null, true,
                new JsonObject().put("reason", u.reason()).put("clickToCall", true)
                        .put("next", PERSON_SETTLES).encode(), null);
    }

    /** What happens to an unknown click-to-call: Twilio cannot be asked about a call bridged to the collector's phone. */
    static final String PERSON_SETTLES = "a person settles it (POST /api/tasks/{taskId}/settle); never resent";

    /** A short reason for the caller of the API. */
    static String reason(SendResult result) {
        if (result instanceof SendResult.Rejected r) {
            return r.code() + ": " + r.reason();
        }
        if (result instanceof SendResult.RetryLater r) {
            return r.code() + ": " + r.reason();
        }
        if (result instanceof SendResult.NotStarted n) {
            return n.code() + ": " + n.reason();
        }
        if (result instanceof SendResult.Ambiguous u) {
            return u.reason();
        }
        return null;
    }
}
