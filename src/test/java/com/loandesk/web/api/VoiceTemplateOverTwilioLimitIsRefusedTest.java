package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.auth.Role;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Fixtures;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Twilio refuses TwiML over 4,000 characters: a voice template that would make it is refused when it is created. */
@ExtendWith(VertxExtension.class)
class VoiceTemplateOverTwilioLimitIsRefusedTest {

    private ApiHarness api;
    private String admin;

    @BeforeEach
    void start(Vertx vertx) {
        api = ApiHarness.start(vertx, java.time.Clock.systemUTC(), ApiHarness.settings().withLenderName("Acme Credit"));
        admin = api.tokenFor("alice", Role.ADMIN);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static JsonObject template(String channel, String locale, String body) {
        return new JsonObject().put("code", "long-call").put("channel", channel).put("locale", locale).put("body", body);
    }

    @Test
    void a_voice_template_whose_twiml_passes_4000_characters_is_refused_naming_the_body() {
        // 3,500 characters of text: under the API's 10,000, over Twilio's limit once wrapped in the call's TwiML
        var r = api.post("/api/templates", admin, template("voice", "en", "Please listen. ".repeat(233) + "{{amount}}"));
        assertEquals(400, r.statusCode(), r.bodyAsString());
        assertEquals("body", r.bodyAsJsonObject().getString("field"));
        assertTrue(r.bodyAsJsonObject().getString("message").contains("4000"), r.bodyAsString());
        assertEquals(0, Fixtures.count("select count(*) from template where code = 'long-call'"));
    }

    @Test
    void case_values_count_at_their_longest_so_a_short_body_full_of_names_is_refused_too() {
        // 45 names of at most 100 characters each: short as written, far over the limit when spoken for a long name
        var r = api.post("/api/templates", admin, template("voice", "en", "{{borrowerName}} ".repeat(45)));
        assertEquals(400, r.statusCode(), r.bodyAsString());
        assertEquals("body", r.bodyAsJsonObject().getString("field"));
    }

    @Test
    void markup_characters_count_as_twilio_receives_them_escaped() {
        // 700 ampersands are 700 characters as written and 3,500 as &amp; in the TwiML
        var r = api.post("/api/templates", admin, template("voice", "en", "& ".repeat(700)));
        assertEquals(400, r.statusCode(), r.bodyAsString());
    }

    @Test
    void a_voice_template_that_fits_is_created_and_the_same_text_is_fine_as_an_email() {
        String body = "{{lenderName}}: {{firstName}}, {{amount}} {{currency}} was due on {{dueDate}}. ".repeat(10);
        var voice = api.post("/api/templates", admin, template("voice", "en", body));
        assertEquals(201, voice.statusCode(), voice.bodyAsString());
        var longEmail = api.post("/api/templates", admin, template("email", "en", "Please listen. ".repeat(233))
                .put("subject", "Reminder"));
        assertEquals(201, longEmail.statusCode(), "the limit is Twilio's, for voice only: " + longEmail.bodyAsString());
    }
}
