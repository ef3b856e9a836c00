package com.loandesk.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Which providers the service talks to.
 *
 * @param mode             twilio, fake-twilio or simulator; no default: every configuration says which
 * @param fakeLatency      how slowly the built-in fake answers
 * @param reconcileEvery   how often tasks left 'unknown' are checked with the provider
 * @param reconcileGrace   how long an unknown task waits before it is checked (a slow request may still land)
 */
public record ProvidersConfig(ProviderMode mode, Duration fakeLatency, Duration reconcileEvery, Duration reconcileGrace) {

    public static ProvidersConfig from(JsonObject root) {
        Settings s = Settings.of(root, "providers");
        String mode = s.text("mode", null);
        Duration fakeLatency = Duration.ofMillis(s.intIn("fakeLatencyMs", 0, 60_000, 50));
        Duration reconcileEvery = Duration.ofSeconds(s.intIn("reconcileIntervalSeconds", 1, 3600, 30));
        Duration reconcileGrace = Duration.ofSeconds(s.intIn("reconcileGraceSeconds", 0, 86_400, 120));
        s.refuseUnknown();
        if (mode == null) {
            throw new ConfigException("providers.mode must be set: one of " + ProviderMode.codes()
                    + " (twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL)");
        }
        return new ProvidersConfig(ProviderMode.of("providers.mode", mode), fakeLatency, reconcileEvery, reconcileGrace);
    }
}
