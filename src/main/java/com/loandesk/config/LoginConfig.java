package com.loandesk.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * How password logins are throttled and hashed (section {@code login}).
 *
 * @param hashThreads          threads of the login's own PBKDF2 pool (nothing else runs there)
 * @param hashQueue            logins that may wait for a hashing thread; one more is refused at once (503)
 * @param usernameFreeFailures failed logins of one username before its delays start
 * @param addressFreeFailures  failed logins from one client address (an IPv6 /64) before its delays start
 * @param firstDelay           the first delay; each further failure doubles it
 * @param maxDelay             the longest delay
 * @param forgetAfter          a key with no failed login this long starts again from zero
 */
public record LoginConfig(int hashThreads, int hashQueue, int usernameFreeFailures, int addressFreeFailures,
                          Duration firstDelay, Duration maxDelay, Duration forgetAfter) {

    public static LoginConfig from(JsonObject root) {
        Settings s = Settings.of(root, "login");
        LoginConfig c = new LoginConfig(s.intIn("hashThreads", 1, 16, 1), s.intIn("hashQueue", 0, 1000, 16),
                s.intIn("usernameFreeFailures", 1, 100, 5), s.intIn("addressFreeFailures", 1, 10_000, 20),
                Duration.ofMillis(s.intIn("firstDelayMs", 100, 60_000, 1000)),
                Duration.ofSeconds(s.intIn("maxDelaySeconds", 1, 86_400, 900)),
                Duration.ofHours(s.intIn("forgetAfterHours", 1, 24 * 30, 24)));
        s.refuseUnknown();
        if (c.maxDelay.compareTo(c.firstDelay) < 0) {
            throw new ConfigException("login.maxDelaySeconds must not be shorter than login.firstDelayMs");
        }
        return c;
    }

    /** The defaults, as an empty {@code login} section gives them. */
    public static LoginConfig defaults() {
        return from(new JsonObject());
    }
}
