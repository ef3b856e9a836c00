package com.loandesk.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/** The built-in provider simulator: how slow it answers and how many calls it takes at once. */
public record SimulatorConfig(Duration latency, int concurrency) {

    public static SimulatorConfig from(JsonObject root) {
        Settings s = Settings.of(root, "simulator");
        return new SimulatorConfig(Duration.ofMillis(s.intIn("latencyMs", 0, 600_000, 50)),
                s.intIn("concurrency", 1, 100_000, 100));
    }
}
