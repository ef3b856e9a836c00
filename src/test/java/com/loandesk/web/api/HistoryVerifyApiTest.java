package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.Providers;
import com.loandesk.Service;
import com.loandesk.audit.CheckpointFile;
import com.loandesk.config.AppConfig;
import com.loandesk.config.ConfigException;
import com.loandesk.rules.PolicyBook;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The running service seals in the background, writes its signed checkpoint, and verifies on an admin's request. */
@ExtendWith(VertxExtension.class)
class HistoryVerifyApiTest {

    private static final String ADMIN = "history-verify-admin-token-0123456789abcdef";
    private static final String KEY = "history-verify-checkpoint-key-0123456789";

    @TempDir
    Path dir;

    private AppConfig config(Path checkpoints) {
        return AppConfig.from(new JsonObject()
                .put("http", new JsonObject().put("port", 0).put("host", "127.0.0.1"))
                .put("providers", new JsonObject().put("mode", "simulator"))
                .put("portfolio", new JsonObject().put("enabled", false))
                .put("audit", new JsonObject().put("sealIntervalMs", 100).put("blockRows", 100)
                        .put("checkpointDir", checkpoints.toString())));
    }

    private Future<Service> start(Vertx vertx, AppConfig config, Map<String, String> env) {
        return Providers.start(vertx, config, env, 0).compose(p -> Service.start(vertx, config, TestDatabase.target(),
                Clock.systemUTC(), p, com.loandesk.policies.PolicyFiles.load(config.rules().policiesDir()), env));
    }

    @Test
    void an_admin_sees_the_history_intact_then_the_changed_row_named(Vertx vertx) throws Exception {
        TestDatabase.truncate();
        TestDatabase.exec("insert into case_history (case_id, at, event, actor) select g, now(), 'sent', 'dispatcher' "
                + "from generate_series(1, 300) g");
        Map<String, String> env = Map.of("LOANDESK_ADMIN_TOKEN", ADMIN, CheckpointFile.KEY_ENV, KEY);
        Service service = Await.result(start(vertx, config(dir), env));
        WebClient client = WebClient.create(vertx);
        try {
            Await.until("the history sealed", Duration.ofSeconds(20),
                    () -> Fixtures.count("select coalesce(max(sealed_to), 0) from chain_head where chain = 'case_history'") == 300);
            Await.until("a checkpoint file", Duration.ofSeconds(20), () -> files() > 0);

            var ok = Await.result(client.get(service.httpPort(), "127.0.0.1", "/api/admin/history/verify").bearerTokenAuthentication(ADMIN).send());
            assertEquals(200, ok.statusCode(), ok.bodyAsString());
            JsonObject body = ok.bodyAsJsonObject();
            assertTrue(body.getBoolean("intact"), body.encodePrettily());
            assertEquals(300, body.getJsonArray("chains").stream().map(JsonObject.class::cast)
                    .filter(c -> c.getString("chain").equals("case_history")).findFirst().orElseThrow().getLong("rows"));
            assertTrue(body.getJsonArray("checkpoints").size() >= 1, body.encodePrettily());

            TestDatabase.exec("alter table case_history disable trigger case_history_append_only; "
                    + "update case_history set event = 'blocked' where id = 250; "
                    + "alter table case_history enable trigger case_history_append_only");
            JsonObject broken = Await.result(client.get(service.httpPort(), "127.0.0.1", "/api/admin/history/verify")
                    .bearerTokenAuthentication(ADMIN).send()).bodyAsJsonObject();
            assertFalse(broken.getBoolean("intact"));
            JsonObject history = broken.getJsonArray("chains").stream().map(JsonObject.class::cast)
                    .filter(c -> c.getString("chain").equals("case_history")).findFirst().orElseThrow();
            assertEquals("ROWS_CHANGED", history.getJsonObject("firstBreak").getString("kind"));
            assertEquals(3, history.getJsonObject("firstBreak").getLong("block"));

            assertEquals(401, Await.result(client.get(service.httpPort(), "127.0.0.1", "/api/admin/history/verify").send()).statusCode());
        } finally {
            client.close();
            Await.result(service.stop());
        }
    }

    @Test
    void a_checkpoint_directory_without_the_key_stops_the_start_naming_the_variable(Vertx vertx) throws Exception {
        AppConfig config = config(dir);
        Throwable e = start(vertx, config, Map.of()).transform(ar -> Future.succeededFuture(ar.cause()))
                .toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(e instanceof ConfigException, e.toString());
        assertTrue(e.getMessage().contains(CheckpointFile.KEY_ENV), e.getMessage());
    }

    private long files() {
        try (var s = Files.list(dir)) {
            return s.count();
        } catch (Exception e) {
            return 0;
        }
    }
}
