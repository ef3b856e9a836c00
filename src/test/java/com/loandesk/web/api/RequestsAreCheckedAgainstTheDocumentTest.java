package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.auth.Role;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each request is checked against its operation in openapi.yaml before its handler runs (ContractCheck): what the
 * document refuses is a 400 naming the field in the API's own sentence (and in Chinese for a Chinese reader), after
 * the role check; what the document allows reaches the handler as it was sent (a string parameter that looks like a
 * number, a value with + or %, a null where the document allows one).
 */
@ExtendWith(VertxExtension.class)
class RequestsAreCheckedAgainstTheDocumentTest {

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
    void a_parameter_the_document_refuses_is_a_400_naming_it_in_the_apis_words() {
        String carol = api.tokenFor("carol", Role.COMPLIANCE);
        JsonObject notANumber = api.get("/api/holds?limit=abc", carol).bodyAsJsonObject();
        assertEquals(new JsonObject().put("error", "bad_request").put("field", "limit").put("message", "limit must be a whole number"),
                notANumber);
        JsonObject tooMany = api.get("/api/holds?limit=501", carol).bodyAsJsonObject();
        assertEquals("limit", tooMany.getString("field"));
        assertEquals("limit must be at most 500", tooMany.getString("message"));
        JsonObject kind = api.get("/api/holds?kind=holiday", carol).bodyAsJsonObject();
        assertEquals("kind", kind.getString("field"));
        assertEquals("kind must be one of bankruptcy, bereavement, cease_communication, complaint, deceased, dispute, fraud, illness, "
                + "pregnancy, repayment_plan", kind.getString("message"));
        assertEquals(200, api.get("/api/holds?limit=500&kind=dispute", carol).statusCode());
    }

    @Test
    void a_body_the_document_refuses_names_the_field_and_reads_in_chinese() {
        HttpResponse<Buffer> english = api.put("/api/me/language", ApiHarness.ADMIN_TOKEN, new JsonObject().put("language", 7));
        assertEquals(400, english.statusCode());
        assertEquals(new JsonObject().put("error", "bad_request").put("field", "language").put("message", "language must be one of en, zh-CN"),
                english.bodyAsJsonObject());
        HttpResponse<Buffer> chinese = Await.result(api.request(HttpMethod.PUT, "/api/me/language", ApiHarness.ADMIN_TOKEN)
                .putHeader("Accept-Language", "zh-CN").sendJsonObject(new JsonObject().put("language", 7)));
        assertEquals("language", chinese.bodyAsJsonObject().getString("field"));
        assertEquals("language 须为以下之一：en, zh-CN", chinese.bodyAsJsonObject().getString("message"));
    }

    @Test
    void a_field_the_document_does_not_name_is_refused_and_changes_nothing() {
        JsonObject typo = api.put("/api/me/language", ApiHarness.ADMIN_TOKEN,
                new JsonObject().put("language", "zh-CN").put("langauge", "en")).bodyAsJsonObject();
        assertEquals(new JsonObject().put("error", "bad_request").put("field", "langauge")
                .put("message", "unknown field langauge; fields: language"), typo);
        assertEquals(null, Fixtures.text("select page_language from users where username = 'admin'"), "the language was not set");
        JsonObject nested = api.post("/api/waves", ApiHarness.ADMIN_TOKEN, new JsonObject().put("name", "w").put("channel", "sms")
                .put("template", "t").put("selection", new JsonObject().put("stage", "early"))
                .put("window", new JsonObject().put("start", "09:00").put("end", "17:00").put("zone", "UTC"))).bodyAsJsonObject();
        assertEquals("window.zone", nested.getString("field"), nested.encode());
        assertEquals("unknown field zone; fields: end, start", nested.getString("message"));
    }

    @Test
    void the_role_is_checked_before_the_document() {
        String cole = api.tokenFor("cole", Role.COLLECTOR);
        assertEquals(403, api.get("/api/holds?limit=abc", cole).statusCode());
        assertEquals(401, api.get("/api/holds?limit=abc", null).statusCode());
    }

    @Test
    void values_the_document_allows_reach_the_handler_as_sent() {
        String admin = ApiHarness.ADMIN_TOKEN;
        api.tokenFor("cole", Role.COLLECTOR);
        long borrower = Fixtures.borrower("US-NY", "America/New_York", "US");
        Fixtures.overdueCase(borrower);
        // a string parameter that reads as JSON (a number, true), or holds + and % (not decoded twice)
        for (String q : new String[] {"12.5", "true", "%2B12125550160", "50%25", "null"}) {
            HttpResponse<Buffer> r = api.get("/api/cases?q=" + q, admin);
            assertEquals(200, r.statusCode(), q + ": " + r.bodyAsString());
        }
        // a null where the document allows one: the phone cleared
        assertEquals(200, api.put("/api/users/cole/phone", admin, new JsonObject().put("phone", "+12125550999")).statusCode());
        HttpResponse<Buffer> cleared = api.put("/api/users/cole/phone", admin, new JsonObject().putNull("phone"));
        assertEquals(200, cleared.statusCode(), cleared.bodyAsString());
        assertEquals(null, Fixtures.text("select phone from users where username = 'cole'"));
    }
}
