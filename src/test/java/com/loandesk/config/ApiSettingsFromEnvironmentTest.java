package com.loandesk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiSettingsFromEnvironmentTest {

    private static final AppConfig CONFIG = AppConfig.from(new JsonObject()
            .put("dispatch", new JsonObject().put("lenderName", "Acme Credit"))
            .put("portfolio", new JsonObject().put("zone", "Asia/Shanghai"))
            .put("providers", new JsonObject().put("mode", "simulator")));

    @Test
    void the_configuration_gives_the_lender_and_the_report_zone_and_the_environment_the_rest() {
        var s = ApiSettings.from(CONFIG, Map.of("LOANDESK_SESSION_HOURS", " 8 ", "LOANDESK_COOKIE_SECURE", "FALSE",
                "PUBLIC_BASE_URL", "https://desk.lender.example", "LOANDESK_ADMIN_TOKEN", "t".repeat(40)));
        assertEquals(Duration.ofHours(8), s.session());
        assertFalse(s.secureCookie());
        assertEquals("https://desk.lender.example", s.publicBaseUrl());
        assertEquals("t".repeat(40), s.adminToken());
        assertEquals("Acme Credit", s.lenderName());
        assertEquals("Asia/Shanghai", s.reportZone().getId());
    }

    @Test
    void an_empty_environment_gives_twelve_hour_secure_sessions_loopback_origins_and_no_admin_token() {
        var s = ApiSettings.from(CONFIG, Map.of());
        assertEquals(Duration.ofHours(12), s.session());
        assertEquals(true, s.secureCookie());
        assertNull(s.publicBaseUrl());
        assertNull(s.adminToken());
    }

    @Test
    void a_session_outside_one_hour_to_thirty_days_stops_the_start_naming_the_variable() {
        for (String bad : new String[] {"0", "721", "-3"}) {
            var e = assertThrows(ConfigException.class, () -> ApiSettings.from(CONFIG, Map.of("LOANDESK_SESSION_HOURS", bad)));
            assertEquals("LOANDESK_SESSION_HOURS must be 1..720 hours, was " + bad, e.getMessage());
        }
        var e = assertThrows(ConfigException.class, () -> ApiSettings.from(CONFIG, Map.of("LOANDESK_SESSION_HOURS", "a day")));
        assertEquals("LOANDESK_SESSION_HOURS must be 1..720 hours, was a day", e.getMessage());
    }

    @Test
    void a_public_base_url_that_is_not_http_stops_the_start_naming_the_variable() {
        var e = assertThrows(ConfigException.class, () -> ApiSettings.from(CONFIG, Map.of("PUBLIC_BASE_URL", "desk.lender.example")));
        assertEquals("PUBLIC_BASE_URL must be an http(s) URL, was 'desk.lender.example'", e.getMessage());
    }
}
