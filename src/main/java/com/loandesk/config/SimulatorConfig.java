package com.loandesk.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/** The built-in provider simulator: how slow it answers. */
public record SimulatorConfig(Duration latency) {

    public static SimulatorConfig from(JsonObject root) {
        Settings s = Settings.of(root, "simulator");
        SimulatorConfig config = new SimulatorConfig(Duration.ofMillis(s.intIn("latencyMs", 0, 600_000, 50)));
        s.refuseUnknown();
        return config;
    }
}
