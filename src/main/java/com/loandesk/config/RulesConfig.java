package com.loandesk.config;

import com.loandesk.rules.LocalWindow;
import io.vertx.core.json.JsonObject;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/** The contact gate's settings. */
public record RulesConfig(String policy, LocalWindow window, int dailyCap, List<ZoneId> fallbackZones) {

    public static RulesConfig from(JsonObject root) {
        Settings s = Settings.of(root, "rules");
        Settings w = s.section("window");
        LocalTime start = w.parsed("start", "08:00", LocalTime::parse, "a time like 08:00");
        LocalTime end = w.parsed("end", "21:00", LocalTime::parse, "a time like 21:00");
        if (!start.isBefore(end)) {
            throw new ConfigException("rules.window.start (" + start + ") must be before rules.window.end (" + end + ")");
        }
        List<ZoneId> zones = s.texts("fallbackZones", List.of("America/New_York", "America/Los_Angeles")).stream()
                .map(z -> {
                    try {
                        return ZoneId.of(z);
                    } catch (RuntimeException e) {
                        throw new ConfigException("rules.fallbackZones has an unknown time zone '" + z + "'");
                    }
                })
                .toList();
        return new RulesConfig(s.text("policy", "lender-practice"), new LocalWindow(start, end),
                s.intIn("dailyCap", 0, 100, 2), zones);
    }
}
