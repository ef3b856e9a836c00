package com.loandesk.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

/**
 * The contact gate's settings: where the policy presets live (one YAML file per policy, each naming
 * the jurisdictions it serves), the lender's house policy judged on top of every jurisdiction's (one of
 * those files, serving no jurisdiction; {@code none} for no house policy), and the zones assumed when
 * nothing locates a borrower.
 */
public record RulesConfig(Path policiesDir, String housePolicy, List<ZoneId> fallbackZones) {

    public static RulesConfig from(JsonObject root) {
        Settings s = Settings.of(root, "rules");
        Path dir = Path.of(s.text("policiesDir", "conf/policies"));
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("rules.policiesDir must be a directory of policy files, was '" + dir + "'");
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
        String house = s.text("housePolicy", "lender-practice");
        s.refuseUnknown();
        return new RulesConfig(dir, house.equals("none") ? null : house, zones);
    }
}
