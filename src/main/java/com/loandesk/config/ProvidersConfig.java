package com.loandesk.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;

/**
 * Which providers the service talks to.
 *
 * @param mode             auto (Twilio when TWILIO_ACCOUNT_SID is set, else the built-in Twilio fake),
 *                         twilio, fake-twilio, or simulator (no HTTP at all)
 * @param fakeLatency      how slowly the built-in fake answers
 * @param reconcileEvery   how often tasks left 'unknown' are checked with the provider
 * @param reconcileGrace   how long an unknown task waits before it is checked (a slow request may still land)
 */
public record ProvidersConfig(String mode, Duration fakeLatency, Duration reconcileEvery, Duration reconcileGrace) {

    private static final Set<String> MODES = Set.of("auto", "twilio", "fake-twilio", "simulator");

    public static ProvidersConfig from(JsonObject root) {
        Settings s = Settings.of(root, "providers");
        String mode = s.text("mode", "auto");
        if (!MODES.contains(mode)) {
            throw new ConfigException("providers.mode must be one of auto, twilio, fake-twilio, simulator, was '" + mode + "'");
        }
        return new ProvidersConfig(mode,
                Duration.ofMillis(s.intIn("fakeLatencyMs", 0, 60_000, 50)),
                Duration.ofSeconds(s.intIn("reconcileIntervalSeconds", 1, 3600, 30)),
                Duration.ofSeconds(s.intIn("reconcileGraceSeconds", 0, 86_400, 120)));
    }

    /** The mode after looking at the environment. */
    public String effectiveMode(java.util.Map<String, String> env) {
        if (!"auto".equals(mode)) {
            return mode;
        }
        String sid = env.get("TWILIO_ACCOUNT_SID");
        return sid == null || sid.isBlank() ? "fake-twilio" : "twilio";
    }
}
