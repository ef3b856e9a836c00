package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.testsupport.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

/**
 * The served document is a valid OpenAPI 3.0 document, checked against the specification's own JSON schema (as
 * Vert.x's contract parser and linters such as redocly check it): an unquoted comma in a flow mapping once turned
 * descriptions into stray properties that linters reject.
 */
@ExtendWith(VertxExtension.class)
class OpenApiDocumentIsAValidContractTest {

    @Test
    void the_api_document_validates_against_the_openapi_3_0_schema(Vertx vertx) throws Exception {
        JsonObject document = new JsonObject(new Yaml().<java.util.Map<String, Object>>load(
                Files.readString(Path.of("src/main/resources/openapi.yaml"))));
        OpenAPIVersion version = OpenAPIVersion.fromContract(document);
        assertEquals(OpenAPIVersion.V3_0, version);
        OutputUnit result = Await.result(version.getRepository(vertx, "app:///")
                .compose(repository -> version.validateContract(vertx, repository, document)));
        assertTrue(result.getValid(), () -> "invalid: " + result.getErrors());
        // linters want a server, and Vert.x's contract parser an absolute one
        var servers = document.getJsonArray("servers");
        assertTrue(servers != null && !servers.isEmpty(), "a server is named");
        servers.forEach(server -> assertTrue(((JsonObject) server).getString("url").matches("https?://.+"), server.toString()));
    }
}
