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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

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

    /** The media types Vert.x's contract parser takes (5.0). */
    private static final java.util.Set<String> PARSED = java.util.Set.of("application/json", "application/json; charset=utf-8",
            "multipart/form-data", "application/hal+json", "application/octet-stream", "text/plain", "text/plain; charset=utf-8");

    /**
     * The served document, read by Vert.x's contract parser. That parser takes no CSV, YAML or audio body, so those
     * bodies (uploads, exports, the document itself, recordings) are read here as octet streams: the JSON answers
     * checked below are as written.
     */
    static JsonObject document() throws Exception {
        JsonObject doc = new JsonObject(new Yaml().<Map<String, Object>>load(Files.readString(Path.of("src/main/resources/openapi.yaml"))));
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (!(item.getValue(method) instanceof JsonObject op)) {
                    continue;
                }
                if (op.getJsonObject("requestBody") != null) {
                    asOctets(op.getJsonObject("requestBody").getJsonObject("content"));
                }
                JsonObject responses = op.getJsonObject("responses", new JsonObject());
                for (String status : responses.fieldNames()) {
                    if (responses.getValue(status) instanceof JsonObject response) {
                        asOctets(response.getJsonObject("content"));
                    }
                }
            }
        }
        return doc;
    }

    /**
     * OpenAPI 3.0's {@code nullable: true} as JSON Schema says it ({@code type: [t, "null"]}, null among an enum's
     * values), which is what the keyword means: Vert.x's schema validator does not read the keyword itself.
     */
    private static void nullable(Object node) {
        if (node instanceof JsonObject o) {
            if (Boolean.TRUE.equals(o.getValue("nullable")) && o.getValue("type") instanceof String type) {
                o.remove("nullable");
                o.put("type", new io.vertx.core.json.JsonArray().add(type).add("null"));
                if (o.getValue("enum") instanceof io.vertx.core.json.JsonArray values && !values.contains(null)) {
                    values.addNull();
                }
            }
            o.forEach(e -> nullable(e.getValue()));
        } else if (node instanceof io.vertx.core.json.JsonArray a) {
            a.forEach(ResponsesKeepTheirContractTest::nullable);
        }
    }

    private static void asOctets(JsonObject content) {
        if (content == null) {
            return;
        }
        for (String type : new ArrayList<>(content.fieldNames())) {
            if (!PARSED.contains(type)) {
                Object body = content.remove(type);
                content.put("application/octet-stream", body);
            }
        }
    }

    private static final String BASE = "app:///";

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        api = ApiHarness.start(vertx);
        contract = Await.result(OpenAPIContract.from(vertx, document()));
        JsonObject schemasDoc = document();
        nullable(schemasDoc);
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
