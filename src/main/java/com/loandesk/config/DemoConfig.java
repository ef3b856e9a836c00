package com.loandesk.config;

import io.vertx.core.json.JsonObject;

/** The demo portfolio the embedded default loads. */
public record DemoConfig(boolean enabled, int borrowers) {

    public static DemoConfig from(JsonObject root) {
        Settings s = Settings.of(root, "demo");
        return new DemoConfig(s.bool("enabled", false), s.intIn("borrowers", 1, 100_000, 300));
    }
}
