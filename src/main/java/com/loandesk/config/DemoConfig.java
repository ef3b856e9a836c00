package com.loandesk.config;

import io.vertx.core.json.JsonObject;

/**
 * The demo portfolio ({@code conf/demo.yaml}, what {@code scripts/run} starts). Off unless a configuration turns
 * it on; the service then refuses real Twilio credentials and a database holding borrowers of anyone else.
 */
public record DemoConfig(boolean enabled, int borrowers) {

    /** As many borrowers as the ranges reserved for fiction give numbers (see demo.FictionalNumbers). */
    public static final int MAX_BORROWERS = 1000;

    public static DemoConfig from(JsonObject root) {
        Settings s = Settings.of(root, "demo");
        DemoConfig config = new DemoConfig(s.bool("enabled", false), s.intIn("borrowers", 1, DemoConfig.MAX_BORROWERS, 300));
        s.refuseUnknown();
        return config;
    }
}
