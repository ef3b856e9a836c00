package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.testsupport.ApiHarness;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

@ExtendWith(VertxExtension.class)
class OpenApiDocumentTest {

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
    @SuppressWarnings("unchecked")
    void openapi_yaml_is_served_without_a_token_and_describes_every_route() {
        var r = api.get("/openapi.yaml", null);
        assertEquals(200, r.statusCode());
        Map<String, Object> doc = new Yaml().load(r.bodyAsString());
        assertTrue(String.valueOf(doc.get("openapi")).startsWith("3."));
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        Map<String, Set<String>> expected = Map.ofEntries(
                Map.entry("/api/login", Set.of("post")), Map.entry("/api/logout", Set.of("post")), Map.entry("/api/me", Set.of("get")), Map.entry("/api/me/language", Set.of("put")),
                Map.entry("/api/users", Set.of("get", "post")), Map.entry("/api/users/{username}/tokens", Set.of("post")),
                Map.entry("/api/users/{username}/disable", Set.of("post")), Map.entry("/api/users/{username}/enable", Set.of("post")),
                Map.entry("/api/users/{username}/role", Set.of("post")), Map.entry("/api/users/{username}/password", Set.of("post")),
                Map.entry("/api/users/{username}/end-sessions", Set.of("post")), Map.entry("/api/me/password", Set.of("post")),
                Map.entry("/api/tokens", Set.of("get")), Map.entry("/api/tokens/{id}/revoke", Set.of("post")),
                Map.entry("/api/cases/import", Set.of("post")), Map.entry("/api/imports", Set.of("post")),
                Map.entry("/api/imports/{id}", Set.of("get")), Map.entry("/api/imports/{id}/rejects.csv", Set.of("get")), Map.entry("/api/cases/{caseRef}", Set.of("get")),
                Map.entry("/api/cases/{caseRef}/holds", Set.of("post")), Map.entry("/api/cases/{caseRef}/holds/{id}/clear", Set.of("post")),
                Map.entry("/api/holds", Set.of("get")),
                Map.entry("/api/cases/{caseRef}/contact-points/{pointId}/consent-evidence", Set.of("post")),
                Map.entry("/api/cases/{caseRef}/contact-points/{pointId}/rnd-checks", Set.of("post")),
                Map.entry("/api/cases/{caseRef}/calls", Set.of("post")), Map.entry("/api/calls/{taskId}/outcome", Set.of("post")), Map.entry("/api/calls/awaiting-outcome", Set.of("get")),
                Map.entry("/api/templates", Set.of("get", "post")), Map.entry("/api/templates/{code}/versions/{v}/approve", Set.of("post")),
                Map.entry("/api/templates/{code}/preview", Set.of("post")), Map.entry("/api/log", Set.of("get")),
                Map.entry("/api/log.csv", Set.of("get")), Map.entry("/openapi.yaml", Set.of("get")),
                Map.entry("/api/waves", Set.of("get", "post")), Map.entry("/api/waves/{id}", Set.of("get")),
                Map.entry("/api/waves/{id}/pause", Set.of("post")), Map.entry("/api/waves/{id}/resume", Set.of("post")),
                Map.entry("/api/waves/{id}/cancel", Set.of("post")), Map.entry("/api/dry-run", Set.of("post")), Map.entry("/api/cases/{caseRef}/callable", Set.of("get")), Map.entry("/api/desk/queue", Set.of("get")), Map.entry("/api/desk/next", Set.of("get")), Map.entry("/api/log/choices", Set.of("get")),
                Map.entry("/api/cases", Set.of("get")), Map.entry("/api/recordings/{sid}", Set.of("get")), Map.entry("/api/recordings/{sid}/audio", Set.of("get")),
                Map.entry("/api/users/{username}/phone", Set.of("put")),
                Map.entry("/api/unknown-tasks", Set.of("get")), Map.entry("/api/tasks/{taskId}/settle", Set.of("post")),
                Map.entry("/api/reports/daily", Set.of("get")), Map.entry("/api/reports/monthly", Set.of("get")),
                Map.entry("/api/admin/history/verify", Set.of("get")), Map.entry("/api/status", Set.of("get")), Map.entry("/health", Set.of("get")), Map.entry("/metrics", Set.of("get")));
        assertEquals(expected.keySet(), paths.keySet());
        expected.forEach((path, methods) -> assertEquals(methods, paths.get(path).keySet(), path));
    }
}
