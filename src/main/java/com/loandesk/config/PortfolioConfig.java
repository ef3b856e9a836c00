package com.loandesk.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The nightly recompute of days past due, status and stage. The business date is the calendar day in
 * {@code zone} (the lender's zone, not the server's); the run starts at {@code recomputeAt} in that zone,
 * or at the first check after it (a service started later catches up the same day). DPD 1..graceDays is
 * 'warning', beyond it 'overdue'; stages end at {@code earlyMaxDpd} and {@code middleMaxDpd}.
 */
public record PortfolioConfig(boolean enabled, ZoneId zone, LocalTime recomputeAt, int graceDays, int earlyMaxDpd,
                              int middleMaxDpd, int batchSize, Duration checkEvery) {

    public static PortfolioConfig from(JsonObject root) {
        Settings s = Settings.of(root, "portfolio");
        ZoneId zone = s.parsed("zone", "UTC", ZoneId::of, "an IANA time zone such as Europe/London");
        LocalTime at = s.parsed("recomputeAt", "02:00", LocalTime::parse, "a time of day HH:MM");
        int grace = s.intIn("graceDays", 0, 30, 3);
        int early = s.intIn("earlyMaxDpd", 1, 3650, 30);
        int middle = s.intIn("middleMaxDpd", 2, 3650, 90);
        if (middle <= early) {
            throw new ConfigException("portfolio.middleMaxDpd must be greater than portfolio.earlyMaxDpd (" + early + "), was " + middle);
        }
        PortfolioConfig config = new PortfolioConfig(s.bool("enabled", true), zone, at, grace, early, middle,
                s.intIn("batchSize", 100, 100_000, 10_000), Duration.ofSeconds(s.intIn("checkIntervalSeconds", 5, 3600, 60)));
        s.refuseUnknown();
        return config;
    }
}
