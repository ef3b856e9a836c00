package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.auth.Role;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API answers as its document says: the real routes, on a database with a case, its phones, history and a hold,
 * are read as each role reads them, and every answer is validated against openapi.yaml by Vert.x's response
 * validator (status, content type and body schema of the operation the path and method find).
 */
@ExtendWith(VertxExtension.class)
class ResponsesKeepTheirContractTest {

    private ApiHarness api;
    private OpenAPIContract contract;
    private io.vertx.json.schema.SchemaRepository schemas;

    /**
     * The served document, as Vert.x's contract parser and validator take it (CSV, YAML and audio bodies read as octets,
     * a nullable value as "the schema, or null").
     */
    static JsonObject document() {
        return com.loandesk.web.ApiContract.get().forVertx();
    }

    private static final String BASE = "app:///";

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        api = ApiHarness.start(vertx);
        contract = Await.result(OpenAPIContract.from(vertx, document()));
        JsonObject schemasDoc = document();
        schemas = io.vertx.json.schema.SchemaRepository.create(new io.vertx.json.schema.JsonSchemaOptions()
                .setDraft(io.vertx.json.schema.Draft.DRAFT201909).setBaseUri(BASE)
                .setOutputFormat(io.vertx.json.schema.OutputFormat.Basic));
        schemas.dereference(BASE + "openapi.json", io.vertx.json.schema.JsonSchema.of(schemasDoc));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void the_reads_each_role_makes_answer_as_the_document_says() {
        String carol = api.tokenFor("carol", Role.COMPLIANCE);
        String cole = api.tokenFor("cole", Role.COLLECTOR);
        String sam = api.tokenFor("sam", Role.SCHEDULER);
        String admin = ApiHarness.ADMIN_TOKEN;
        long borrower = Fixtures.borrower("US-NY", "America/New_York", "US");
        long caseId = Fixtures.overdueCase(borrower);
        long phone = Fixtures.mobile(borrower, "+12125550160");
        TestDatabase.exec("update collection_case set assigned_collector = 'cole' where id = " + caseId);
        String caseRef = Fixtures.text("select external_id from collection_case where id = ?", caseId);
        long task = Fixtures.task(caseId, phone, "sms", java.time.Instant.parse("2026-11-24T15:00:00Z"));
        TestDatabase.exec("insert into case_history (case_id, task_id, at, event, state, rule_id, policy, actor, detail) values ("
                + caseId + ", " + task + ", now(), 'blocked', 'blocked', 'QUIET_HOURS', 'us-reg-f', 'dispatcher', '{\"reason\": \"late\"}')");
        TestDatabase.exec("insert into case_hold (case_id, kind, reason, set_by, set_at) values (" + caseId + ", 'dispute', 'amount', 'carol', now())");

        record Read(String path, String token) {
        }
        List<Read> reads = List.of(new Read("/api/me", cole), new Read("/api/cases", cole), new Read("/api/cases/" + caseRef, cole),
                new Read("/api/cases/" + caseRef + "?unmask=true", carol), new Read("/api/desk/queue", cole),
                new Read("/api/log?caseRef=" + caseRef, carol),
                new Read("/api/log/choices", carol), new Read("/api/holds", carol), new Read("/api/templates", sam),
                new Read("/api/waves", sam), new Read("/api/users", admin), new Read("/api/tokens", admin),
                new Read("/api/unknown-tasks", carol), new Read("/api/reports/daily?date=2026-11-24", carol),
                new Read("/api/reports/monthly?month=2026-11", carol));
        List<String> broken = new ArrayList<>();
        for (Read read : reads) {
            HttpResponse<Buffer> r = Await.result(api.request(HttpMethod.GET, read.path(), read.token()).send());
            assertEquals(200, r.statusCode(), read.path() + ": " + r.bodyAsString());
            String path = read.path().contains("?") ? read.path().substring(0, read.path().indexOf('?')) : read.path();
            Operation op = contract.findOperation(path, HttpMethod.GET);
            if (op == null) {
                broken.add(read.path() + ": no operation in the document");
                continue;
            }
            String type = r.getHeader("Content-Type") == null ? null : r.getHeader("Content-Type").split(";")[0].strip();
            if (!"application/json".equals(type)) {
                broken.add(read.path() + ": content type " + type);
                continue;
            }
            // the operation's 200 body schema, where the document puts it
            String pointer = "#/paths/" + op.getOpenAPIPath().replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D")
                    + "/get/responses/200/content/application~1json/schema";
            io.vertx.json.schema.OutputUnit result = schemas.validator(io.vertx.json.schema.JsonSchema.of(
                    new JsonObject().put("$ref", BASE + "openapi.json" + pointer))).validate(r.bodyAsJsonObject());
            if (!result.getValid()) {
                broken.add(read.path() + " (" + op.getOperationId() + "): " + result.getErrors());
            }
        }
        assertTrue(broken.isEmpty(), String.join("\n", broken));
    }
}
