package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.auth.Role;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A page that reads Chinese asks for it (Accept-Language) and gets its refusals in Chinese; other callers, English. */
@ExtendWith(VertxExtension.class)
class RefusalsSpeakTheCallersLanguageTest {

    private ApiHarness api;
    private String caseRef;
    private String compliance;

    @BeforeEach
    void start(Vertx vertx) {
        api = ApiHarness.start(vertx);
        long caseId = Fixtures.overdueCase(Fixtures.borrower("US-CA", null, "US"));
        caseRef = Fixtures.text("select external_id from collection_case where id = ?", caseId);
        compliance = api.tokenFor("carol", Role.COMPLIANCE);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private JsonObject post(String path, JsonObject body, String language) {
        var req = api.request(HttpMethod.POST, path, compliance);
        if (language != null) {
            req.putHeader("Accept-Language", language);
        }
        var res = Await.result(req.sendJsonObject(body));
        return res.bodyAsJsonObject().put("status", res.statusCode()).put("vary", res.getHeader("Vary"));
    }

    @Test
    void a_bad_field_is_named_in_chinese_for_a_chinese_reader_and_in_english_otherwise() {
        JsonObject zh = post("/api/cases/" + caseRef + "/holds", new JsonObject().put("kind", "vacation"), "zh-CN,zh;q=0.9,en;q=0.5");
        assertEquals(400, zh.getInteger("status"));
        assertEquals("bad_request", zh.getString("error"));
        assertEquals("kind", zh.getString("field"));
        assertEquals("kind 须为以下之一：" + String.join(", ", new java.util.TreeSet<>(com.loandesk.cases.HoldKind.CODES)), zh.getString("message"));
        assertEquals("Accept-Language", zh.getString("vary"));

        JsonObject en = post("/api/cases/" + caseRef + "/holds", new JsonObject().put("kind", "vacation"), null);
        assertEquals("kind must be one of " + String.join(", ", new java.util.TreeSet<>(com.loandesk.cases.HoldKind.CODES)), en.getString("message"));
        JsonObject enFirst = post("/api/cases/" + caseRef + "/holds", new JsonObject().put("kind", "vacation"), "en-GB,zh-CN;q=0.8");
        assertEquals(en.getString("message"), enFirst.getString("message"));
    }

    @Test
    void a_missing_case_and_a_missing_field_read_in_chinese() {
        JsonObject missing = post("/api/cases/NO-SUCH/holds", new JsonObject().put("kind", "dispute"), "zh-CN");
        assertEquals(404, missing.getInteger("status"));
        assertEquals("没有案件 NO-SUCH", missing.getString("message"));
        JsonObject required = post("/api/cases/" + caseRef + "/holds", new JsonObject(), "zh");
        assertEquals(400, required.getInteger("status"));
        assertEquals("kind 为必填项", required.getString("message"));
    }
}
