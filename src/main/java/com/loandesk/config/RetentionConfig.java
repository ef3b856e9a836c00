package com.loandesk.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Period;

/** How long records are kept (3 years by default) and how often the purge runs (at start, then every interval). */
public record RetentionConfig(Period keep, Duration every) {

    public static RetentionConfig from(JsonObject root) {
        Settings s = Settings.of(root, "retention");
        RetentionConfig config = new RetentionConfig(Period.ofYears(s.intIn("years", 2, 50, 3)),
                Duration.ofHours(s.intIn("intervalHours", 1, 24 * 30, 24)));
        s.refuseUnknown();
        return config;
    }
}
