package com.loandesk.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Locale;

/**
 * The nightly refresh of reassigned-numbers checks (package rnd). {@code provider}: {@code dncscrub} (the real
 * adapter, its API key from the environment variable RND_API_KEY) or {@code fake} (the built-in fake: the demo only).
 * A number whose check is older than {@code staleDays} is asked about again, {@code batchSize} at a time, at most
 * {@code maxPerRun} a night, each request with a deadline of {@code requestTimeoutMs}.
 */
public record RndConfig(boolean enabled, Provider provider, String baseUrl, Duration staleAge, int batchSize, int maxPerRun,
                        Duration requestTimeout, LocalTime runAt, Duration checkEvery) {

    /** The environment variable holding the real adapter's API key. */
    public static final String API_KEY_ENV = "RND_API_KEY";

    /** Which adapter answers. */
    public enum Provider {
        DNCSCRUB, FAKE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static RndConfig defaults() {
        return from(new JsonObject());
    }

    public static RndConfig from(JsonObject root) {
        Settings s = Settings.of(root, "rnd");
        Provider provider = s.parsed("provider", "dncscrub", v -> Provider.valueOf(v.toUpperCase(Locale.ROOT)), "dncscrub or fake");
        RndConfig config = new RndConfig(s.bool("enabled", false), provider,
                s.parsed("baseUrl", "https://dataapi.dncscrub.com", v -> {
                    if (!v.startsWith("https://") && !v.startsWith("http://127.0.0.1") && !v.startsWith("http://localhost")) {
                        throw new IllegalArgumentException(v);
                    }
                    return v;
                }, "an https:// URL (http only to 127.0.0.1 or localhost)"),
                Duration.ofDays(s.intIn("staleDays", 1, 365, 20)), s.intIn("batchSize", 1, 1000, 100),
                s.intIn("maxPerRun", 1, 10_000_000, 100_000), Duration.ofMillis(s.intIn("requestTimeoutMs", 100, 120_000, 10_000)),
                s.parsed("runAt", "03:00", LocalTime::parse, "a time of day HH:MM"),
                Duration.ofSeconds(s.intIn("checkIntervalSeconds", 5, 3600, 60)));
        s.refuseUnknown();
        return config;
    }

    /**
     * Fails closed: the fake only in the demo, and the real adapter only with its API key. Called at start when the
     * job is enabled.
     */
    public void checkStartable(boolean demo, java.util.Map<String, String> env) {
        if (!enabled) {
            return;
        }
        if (provider == Provider.FAKE && !demo) {
            throw new ConfigException("rnd.provider fake is the demo's: outside the demo, rnd.provider must be dncscrub "
                    + "(or rnd.enabled false)");
        }
        if (provider == Provider.DNCSCRUB) {
            String key = env.get(API_KEY_ENV);
            if (key == null || key.isBlank()) {
                throw new ConfigException("rnd.enabled is true with rnd.provider dncscrub, but " + API_KEY_ENV
                        + " is not set: the reassigned-numbers refresh cannot ask the database");
            }
        }
    }
}
