package com.loandesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigErrorsTest {

    @TempDir
    Path dir;

    private static JsonObject dispatch(String key, Object value) {
        return new JsonObject().put("dispatch", new JsonObject().put(key, value));
    }

    @Test
    void batch_size_of_zero_is_refused_naming_the_key() {
        var e = assertThrows(ConfigException.class, () -> DispatchConfig.from(dispatch("batchSize", 0)));
        assertEquals("dispatch.batchSize must be 1..5000, was 0", e.getMessage());
    }

    @Test
    void a_string_where_a_number_belongs_is_refused() {
        var e = assertThrows(ConfigException.class, () -> DispatchConfig.from(dispatch("maxInFlight", "lots")));
        assertEquals("dispatch.maxInFlight must be a whole number 1..100000, was 'lots'", e.getMessage());
    }

    @Test
    void missing_policies_directory_is_refused() {
        var e = assertThrows(ConfigException.class, () -> RulesConfig.from(new JsonObject().put("rules",
                new JsonObject().put("policiesDir", "conf/no-such-dir"))));
        assertEquals("rules.policiesDir must be a directory of policy files, was 'conf/no-such-dir'", e.getMessage());
    }

    @Test
    void unknown_fallback_zone_is_refused() {
        var e = assertThrows(ConfigException.class, () -> RulesConfig.from(new JsonObject().put("rules",
                new JsonObject().put("fallbackZones", new io.vertx.core.json.JsonArray().add("Mars/Olympus")))));
        assertEquals("rules.fallbackZones has an unknown time zone 'Mars/Olympus'", e.getMessage());
    }

    @Test
    void unquoted_yaml_sexagesimal_is_caught_as_a_number() throws Exception {
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, "dispatch:\n  lenderName: 21:00\n");
        var e = assertThrows(ConfigException.class, () -> AppConfig.load(file, Map.of()));
        assertEquals("dispatch.lenderName must be a non-empty string, was 1260", e.getMessage());
    }

    @Test
    void non_numeric_port_variable_is_refused() throws Exception {
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, "http: { port: 8080 }\nproviders: { mode: simulator }\n");
        var e = assertThrows(ConfigException.class, () -> AppConfig.load(file, Map.of("PORT", "eighty")));
        assertEquals("PORT must be a whole number, was 'eighty'", e.getMessage());
        assertEquals(9090, AppConfig.load(file, Map.of("PORT", "9090")).http().port());
    }

    @Test
    void missing_file_and_broken_yaml_are_refused() throws Exception {
        assertThrows(ConfigException.class, () -> AppConfig.load(dir.resolve("nope.yaml"), Map.of()));
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "dispatch: [unclosed\n");
        var e = assertThrows(ConfigException.class, () -> AppConfig.load(file, Map.of()));
        assertTrue(e.getMessage().contains("is not valid YAML"), e.getMessage());
    }

    @Test
    void shipped_configuration_loads() {
        AppConfig config = AppConfig.load(Path.of("conf/application.yaml"), Map.of());
        assertEquals(500, config.dispatch().batchSize());
        assertEquals(java.nio.file.Path.of("conf/policies"), config.rules().policiesDir());
    }
}
