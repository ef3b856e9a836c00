package com.loandesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CadenceConfigErrorsTest {

    private static JsonObject early(JsonObject step) {
        return new JsonObject().put("early", new JsonArray().add(step));
    }

    private static JsonObject sms() {
        return new JsonObject().put("id", "first").put("day", 1).put("channel", "sms").put("template", "reminder-friendly");
    }

    @Test
    void a_malformed_window_is_refused_naming_the_step_key() {
        var e = assertThrows(ConfigException.class, () -> CadenceConfig.steps(early(sms().put("window", "9-12"))));
        assertEquals("cadences.early[0].window must be \"HH:MM-HH:MM\" in quotes, was '9-12'", e.getMessage());
    }

    @Test
    void a_step_needs_exactly_one_of_day_or_days() {
        var e = assertThrows(ConfigException.class, () -> CadenceConfig.steps(early(sms().put("days", new JsonArray().add(3)))));
        assertEquals("cadences.early[0] must have exactly one of day or days", e.getMessage());
    }

    @Test
    void an_unknown_channel_stage_or_duration_is_refused() {
        assertEquals("cadences.early[0].channel must be sms, voice or email, was 'fax'", assertThrows(ConfigException.class,
                () -> CadenceConfig.steps(early(sms().put("channel", "fax")))).getMessage());
        assertEquals("cadences.later is not a stage (early, middle, late)", assertThrows(ConfigException.class,
                () -> CadenceConfig.steps(new JsonObject().put("later", new JsonArray()))).getMessage());
        assertEquals("cadences.early[0].after must be a duration such as 30m, 2h or 1d, was 'soon'", assertThrows(ConfigException.class,
                () -> CadenceConfig.steps(early(sms().put("after", "soon")))).getMessage());
    }

    @Test
    void a_day_past_the_stage_is_refused() {
        CadenceConfig config = new CadenceConfig(true, Path.of("x"), CadenceConfig.steps(early(sms().put("day", 31))));
        var e = assertThrows(ConfigException.class, () -> config.checkedAgainst(PortfolioConfig.from(new JsonObject())));
        assertEquals("cadences.early step first has day 31, past the stage's 30 days (portfolio.earlyMaxDpd / middleMaxDpd)", e.getMessage());
    }

    @Test
    void portfolio_settings_are_checked_naming_the_key() {
        assertEquals("portfolio.zone must be an IANA time zone such as Europe/London, was 'Mars/Olympus'", assertThrows(ConfigException.class,
                () -> PortfolioConfig.from(new JsonObject().put("portfolio", new JsonObject().put("zone", "Mars/Olympus")))).getMessage());
        assertEquals("portfolio.middleMaxDpd must be greater than portfolio.earlyMaxDpd (30), was 20", assertThrows(ConfigException.class,
                () -> PortfolioConfig.from(new JsonObject().put("portfolio", new JsonObject().put("middleMaxDpd", 20)))).getMessage());
    }

    @Test
    void a_pool_of_one_connection_is_refused_while_cadences_run() {
        var e = assertThrows(ConfigException.class, () -> AppConfig.from(new JsonObject().put("database", new JsonObject().put("poolSize", 1))));
        assertEquals("database.poolSize must be at least 2 while cadence.enabled is true (a cadence pass holds one connection "
                + "for its lock and creates waves on another), was 1", e.getMessage());
        AppConfig.from(new JsonObject().put("database", new JsonObject().put("poolSize", 1)).put("providers", new JsonObject().put("mode", "simulator"))
                .put("cadence", new JsonObject().put("enabled", false)));
    }

    @Test
    void the_shipped_configuration_loads_with_its_cadences() {
        AppConfig config = AppConfig.load(Path.of("conf/application.yaml"), Map.of());
        assertEquals(20, config.cadence().steps().size());
        assertEquals("UTC", config.portfolio().zone().getId());
    }
}
