package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.Providers;
import com.loandesk.Service;
import com.loandesk.config.AppConfig;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.TestDatabase;
import com.loandesk.web.HttpRoute;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The served API document and the service's real routes name the same operations: every method and path the
 * service's router answers (but the pages under /app and Twilio's webhooks, which are not the API) is in
 * {@code /openapi.yaml}, and every operation there is a route. Read from the router of a service started as
 * production starts it (the demo's settings, the fake providers), not from a list kept by hand.
 */
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private Vertx vertx;
    private Service service;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        TestDatabase.truncate();
        Map<String, String> env = Map.of("PORT", "0", "LOANDESK_ADMIN_TOKEN", "openapi-test-admin-token-0123456789abcdef",
                "LOANDESK_COOKIE_SECURE", "false");
        AppConfig config = AppConfig.load(Path.of("conf/demo.yaml"), env);
        service = Await.result(Providers.start(vertx, config, env, 0).compose(providers -> Service.start(vertx, config,
                TestDatabase.target(), Clock.systemUTC(), providers,
                com.loandesk.policies.PolicyFiles.load(config.rules().policiesDir(), config.rules().housePolicy()), env)));
    }

    @AfterEach
    void stop() {
        if (service != null) {
            Await.result(service.stop());
        }
        Await.result(vertx.close());
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_served_document_names_exactly_the_operations_the_service_routes() {
        WebClient client = WebClient.create(vertx);
        var r = Await.result(client.get(service.httpPort(), "localhost", "/openapi.yaml").send());
        client.close();
        assertEquals(200, r.statusCode(), "served without a token");
        Map<String, Object> doc = new Yaml().load(r.bodyAsString());
        assertTrue(String.valueOf(doc.get("openapi")).startsWith("3."));
        Set<String> documented = new TreeSet<>();
        ((Map<String, Map<String, Object>>) doc.get("paths")).forEach((path, operations) -> operations.keySet().stream()
                .filter(METHODS::contains).forEach(method -> documented.add(method + " " + path)));

        Set<String> routed = new TreeSet<>();
        for (HttpRoute route : service.routes()) {
            if (!route.path().equals("/app") && !route.path().startsWith("/app/") && !route.path().startsWith("/webhooks/")) {
                routed.add(route.method() + " " + route.path());
            }
        }
        assertTrue(routed.size() > 50, "the router's routes were read: " + routed);
        Set<String> undocumented = new TreeSet<>(routed);
        undocumented.removeAll(documented);
        Set<String> unrouted = new TreeSet<>(documented);
        unrouted.removeAll(routed);
        assertEquals(Set.of(), undocumented, "routes the document does not name");
        assertEquals(Set.of(), unrouted, "operations the service does not route");
    }
}
