package com.loandesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reassigned-numbers refresh never runs on the fake outside the demo, nor on the real adapter without its key. */
class RndRefreshFailsClosedTest {

    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        Path f = dir.resolve("app.yaml");
        Files.writeString(f, "providers: { mode: simulator }\n" + yaml);
        return f;
    }

    @Test
    void the_refresh_enabled_without_rnd_api_key_refuses_to_start_naming_the_variable() throws Exception {
        var e = assertThrows(ConfigException.class, () -> AppConfig.load(file("rnd: { enabled: true }\n"), Map.of()));
        assertTrue(e.getMessage().contains("RND_API_KEY is not set"), e.getMessage());
        assertTrue(AppConfig.load(file("rnd: { enabled: true }\n"), Map.of("RND_API_KEY", "k")).rnd().enabled());
    }

    @Test
    void the_fake_is_refused_outside_the_demo() throws Exception {
        var e = assertThrows(ConfigException.class, () -> AppConfig.load(file("rnd: { enabled: true, provider: fake }\n"),
                Map.of("RND_API_KEY", "k")));
        assertTrue(e.getMessage().contains("rnd.provider fake is the demo's"), e.getMessage());
    }

    @Test
    void the_shipped_configurations_start_production_off_and_the_demo_on_the_fake() {
        RndConfig production = AppConfig.load(Path.of("conf/application.yaml"), Map.of()).rnd();
        assertFalse(production.enabled());
        assertEquals(RndConfig.Provider.DNCSCRUB, production.provider());
        RndConfig demo = AppConfig.load(Path.of("conf/demo.yaml"), Map.of()).rnd();
        assertTrue(demo.enabled());
        assertEquals(RndConfig.Provider.FAKE, demo.provider());
    }

    @Test
    void an_unknown_rnd_key_and_a_plain_http_url_are_refused_by_name() throws Exception {
        var unknown = assertThrows(ConfigException.class, () -> AppConfig.load(file("rnd: { staledays: 3 }\n"), Map.of()));
        assertTrue(unknown.getMessage().contains("rnd.staledays"), unknown.getMessage());
        var http = assertThrows(ConfigException.class, () -> AppConfig.load(file("rnd: { baseUrl: 'http://rnd.example.com' }\n"), Map.of()));
        assertTrue(http.getMessage().contains("rnd.baseUrl"), http.getMessage());
    }
}
