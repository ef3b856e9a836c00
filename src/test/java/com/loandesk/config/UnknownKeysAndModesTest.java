package com.loandesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every configuration file refuses what nobody reads, and says which providers and database it means. */
class UnknownKeysAndModesTest {

    @TempDir
    Path dir;

    private AppConfig load(String yaml) throws Exception {
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, yaml);
        return AppConfig.load(file, Map.of());
    }

    private String refusal(String yaml) throws Exception {
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, yaml);
        return assertThrows(ConfigException.class, () -> AppConfig.load(file, Map.of())).getMessage();
    }

    @Test
    void a_key_differing_only_in_case_is_refused_naming_it_and_the_key_it_meant() throws Exception {
        String e = refusal("dispatch:\n  batchsize: 10\nproviders: {mode: simulator}\n");
        assertTrue(e.startsWith("dispatch.batchsize is not a known setting; did you mean dispatch.batchSize?"), e);
    }

    @Test
    void an_unknown_key_is_refused_in_every_section() throws Exception {
        for (String section : AppConfig.SECTIONS) {
            String e = refusal(section + ":\n  noSuchKey: 1\n" + (section.equals("providers") ? "  mode: simulator\n"
                    : "providers: {mode: simulator}\n"));
            assertTrue(e.startsWith(section + ".noSuchKey is not a known setting"), section + ": " + e);
        }
    }

    @Test
    void an_unknown_section_is_refused_naming_it() throws Exception {
        String e = refusal("dispatcher:\n  batchSize: 10\nproviders: {mode: simulator}\n");
        assertTrue(e.startsWith("dispatcher is not a known setting"), e);
    }

    @Test
    void the_body_limit_that_never_limited_anything_is_gone() throws Exception {
        String e = refusal("http:\n  bodyLimitBytes: 65536\nproviders: {mode: simulator}\n");
        assertTrue(e.startsWith("http.bodyLimitBytes is not a known setting"), e);
    }

    @Test
    void a_configuration_that_does_not_choose_its_providers_is_refused() throws Exception {
        assertEquals("providers.mode must be set: one of twilio, fake-twilio, simulator (twilio needs TWILIO_ACCOUNT_SID, "
                + "TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL)", refusal("dispatch:\n  batchSize: 10\n"));
        assertEquals("providers.mode must be one of twilio, fake-twilio, simulator, was 'auto'", refusal("providers: {mode: auto}\n"));
    }

    @Test
    void the_demo_aimed_at_real_twilio_is_refused() throws Exception {
        String e = refusal("demo: {enabled: true}\nproviders: {mode: twilio}\n");
        assertTrue(e.startsWith("demo.enabled is true with providers.mode twilio"), e);
    }

    @Test
    void without_a_configuration_saying_otherwise_there_is_no_demo_and_no_database_but_the_configured_one() throws Exception {
        AppConfig config = load("providers: {mode: twilio}\n");
        assertFalse(config.demo().enabled());
        assertEquals(DatabaseFallback.NONE, config.database().fallback());
    }

    @Test
    void production_and_demo_configurations_say_what_they_are() {
        AppConfig production = AppConfig.load(Path.of("conf/application.yaml"), Map.of());
        assertFalse(production.demo().enabled());
        assertEquals(DatabaseFallback.NONE, production.database().fallback());
        assertEquals(ProviderMode.TWILIO, production.providers().mode());

        AppConfig demo = AppConfig.load(Path.of("conf/demo.yaml"), Map.of());
        assertTrue(demo.demo().enabled());
        assertEquals(DatabaseFallback.LOCAL_OR_EMBEDDED, demo.database().fallback());
        assertEquals(ProviderMode.FAKE_TWILIO, demo.providers().mode());
        assertEquals("127.0.0.1", demo.http().host());
        assertEquals("0.0.0.0", AppConfig.load(Path.of("conf/demo.yaml"), Map.of("BIND_ADDRESS", "0.0.0.0")).http().host());
    }

    @Test
    void every_configuration_shipped_in_conf_loads() {
        for (String name : List.of("application", "demo", "chaos", "crash", "multi-bench", "multi-bench-latency")) {
            AppConfig config = AppConfig.load(Path.of("conf/" + name + ".yaml"), Map.of());
            assertTrue(name.equals("demo") || !config.demo().enabled(), name + " is no demo");
            assertEquals(name.equals("demo") ? DatabaseFallback.LOCAL_OR_EMBEDDED : DatabaseFallback.NONE,
                    config.database().fallback(), name);
        }
    }
}
