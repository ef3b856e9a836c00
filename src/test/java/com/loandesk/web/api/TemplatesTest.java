package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.auth.Role;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Fixtures;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TemplatesTest {

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

    private static JsonObject sms(String body) {
        return new JsonObject().put("code", "reminder").put("channel", "sms").put("locale", "en").put("body", body);
    }

    @Test
    void each_create_is_a_new_unapproved_version() {
        var v1 = api.post("/api/templates", admin, sms("Hi {{borrowerName}}, from {{lenderName}}"));
        assertEquals(201, v1.statusCode(), v1.bodyAsString());
        assertEquals(1, v1.bodyAsJsonObject().getInteger("version"));
        assertFalse(v1.bodyAsJsonObject().getBoolean("approved"));
        assertEquals(2, api.post("/api/templates", admin, sms("Hello {{borrowerName}}")).bodyAsJsonObject().getInteger("version"));
        assertEquals(1, api.post("/api/templates", admin, sms("Hola {{borrowerName}}").put("locale", "es"))
                .bodyAsJsonObject().getInteger("version"));
        JsonArray all = api.get("/api/templates?code=reminder", api.tokenFor("cole", Role.COLLECTOR)).bodyAsJsonObject().getJsonArray("templates");
        assertEquals(3, all.size());
        assertEquals("alice", all.getJsonObject(0).getString("createdBy"));
    }

    @Test
    void unapproved_template_cannot_be_approved_by_its_author() {
        String carol = api.tokenFor("carol", Role.COMPLIANCE);
        api.post("/api/templates", admin, sms("Hi {{borrowerName}}"));
        var self = api.post("/api/templates/reminder/versions/1/approve", admin, new JsonObject());
        assertEquals(403, self.statusCode());
        assertEquals("forbidden", self.bodyAsJsonObject().getString("error"));
        assertEquals(0, Fixtures.count("select count(*) from template where approved_at is not null"));

        var ok = api.post("/api/templates/reminder/versions/1/approve", carol, new JsonObject());
        assertEquals(200, ok.statusCode(), ok.bodyAsString());
        assertEquals("carol", ok.bodyAsJsonObject().getString("approvedBy"));
        assertEquals(409, api.post("/api/templates/reminder/versions/1/approve", carol, new JsonObject()).statusCode());
        assertEquals(404, api.post("/api/templates/reminder/versions/7/approve", carol, new JsonObject()).statusCode());
        assertEquals(403, api.post("/api/templates/reminder/versions/1/approve", api.tokenFor("cron", Role.SCHEDULER), new JsonObject()).statusCode());
        assertEquals(403, api.post("/api/templates", carol, sms("x")).statusCode(), "compliance writes no templates");
    }

    @Test
    void invalid_mustache_is_rejected_at_create_time() {
        var unclosed = api.post("/api/templates", admin, sms("Hi {{#borrowerName}}there"));
        assertEquals(400, unclosed.statusCode());
        assertEquals("body", unclosed.bodyAsJsonObject().getString("field"));
        var unknown = api.post("/api/templates", admin, sms("Pay {{amount}} or the {{courtName}} will hear of it"));
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.bodyAsJsonObject().getString("message").contains("courtName"));
        var subject = api.post("/api/templates", admin, new JsonObject().put("code", "notice").put("channel", "email")
                .put("subject", "{{/x}}").put("body", "Dear {{borrowerName}}"));
        assertEquals("subject", subject.bodyAsJsonObject().getString("field"));
        var channel = api.post("/api/templates", admin, sms("x").put("channel", "fax"));
        assertEquals("channel", channel.bodyAsJsonObject().getString("field"));
        assertEquals(0, Fixtures.count("select count(*) from template"));
    }

    @Test
    void preview_renders_the_newest_version_with_case_variables() {
        long borrower = Fixtures.borrower("US-CA", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        String caseRef = Fixtures.text("select external_id from collection_case where id = ?", caseId);
        api.post("/api/templates", admin, sms("old"));
        api.post("/api/templates", admin, sms("{{lenderName}}: {{borrowerName}}, {{amount}} {{currency}} was due {{dueDate}} ({{daysPastDue}} days)."));
        var r = api.post("/api/templates/reminder/preview", admin, new JsonObject().put("caseRef", caseRef));
        assertEquals(200, r.statusCode(), r.bodyAsString());
        String name = Fixtures.text("select full_name from borrower where id = ?", borrower);
        String due = Fixtures.text("select due_date::text from collection_case where id = ?", caseId);
        assertEquals("Acme Credit: " + name + ", 1500.00 USD was due " + due + " (10 days).", r.bodyAsJsonObject().getString("body"));
        assertEquals(2, r.bodyAsJsonObject().getInteger("version"));
        String body = r.bodyAsJsonObject().getString("body");
        assertEquals(new JsonObject().put("encoding", "GSM_7").put("units", body.length()).put("segments", 1),
                r.bodyAsJsonObject().getJsonObject("sms"), "what the case's text costs");
        assertEquals("old", api.post("/api/templates/reminder/preview", admin, new JsonObject().put("caseRef", caseRef).put("version", 1))
                .bodyAsJsonObject().getString("body"));
        assertEquals(404, api.post("/api/templates/reminder/preview", admin, new JsonObject().put("caseRef", "NOPE")).statusCode());
        assertEquals(404, api.post("/api/templates/reminder/preview", api.tokenFor("cole", Role.COLLECTOR),
                new JsonObject().put("caseRef", caseRef)).statusCode(), "not cole's case");
    }

    @Test
    void a_chinese_reminder_previews_as_ucs2_in_its_billed_segments() {
        long caseId = Fixtures.overdueCase(Fixtures.borrower("US-CA", null, "US"));
        String caseRef = Fixtures.text("select external_id from collection_case where id = ?", caseId);
        String text = "{{lenderName}}提醒您：您的贷款{{amount}}{{currency}}已逾期{{daysPastDue}}天，请尽快还款，以免影响您的信用记录。如已还款请忽略本短信。详情请登录APP查看或致电客服热线。";
        assertEquals(201, api.post("/api/templates", admin, sms(text)).statusCode());
        var r = api.post("/api/templates/reminder/preview", admin, new JsonObject().put("caseRef", caseRef)).bodyAsJsonObject();
        String body = r.getString("body");
        assertEquals("UCS_2", r.getJsonObject("sms").getString("encoding"), body);
        assertEquals(body.length(), r.getJsonObject("sms").getInteger("units"));
        assertEquals(2, r.getJsonObject("sms").getInteger("segments"), "this reminder is two billed messages: " + body);
    }
}
