package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.loandesk.auth.Role;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Fixtures;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A person's page language: chosen once, remembered by the service for every device, only among the pages' languages. */
@ExtendWith(VertxExtension.class)
class PageLanguageIsRememberedTest {

    private ApiHarness api;

    @BeforeEach
    void start(Vertx vertx) {
        api = ApiHarness.start(vertx);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void a_chosen_language_is_what_me_answers_from_then_on_and_an_unknown_one_changes_nothing() {
        String carol = api.tokenFor("carol", Role.COMPLIANCE);
        assertNull(api.get("/api/me", carol).bodyAsJsonObject().getString("language"), "not chosen: the browser's");

        var set = api.put("/api/me/language", carol, new JsonObject().put("language", "zh-CN"));
        assertEquals(200, set.statusCode(), set.bodyAsString());
        assertEquals("zh-CN", api.get("/api/me", carol).bodyAsJsonObject().getString("language"));
        assertEquals("zh-CN", Fixtures.text("select page_language from users where username = 'carol'"));

        var bad = api.put("/api/me/language", carol, new JsonObject().put("language", "fr"));
        assertEquals(400, bad.statusCode());
        assertEquals("language", bad.bodyAsJsonObject().getString("field"));
        assertEquals("zh-CN", Fixtures.text("select page_language from users where username = 'carol'"), "unchanged");

        String sam = api.tokenFor("sam", Role.SCHEDULER);
        assertNull(api.get("/api/me", sam).bodyAsJsonObject().getString("language"), "one person's choice is theirs alone");
    }
}
