package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.store.TaskStore;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.TestDatabase;
import com.loandesk.web.StatusApi;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The service mounts the API before StatusApi: the API's 1 MiB body limit holds for /api/* beside it. */
@ExtendWith(VertxExtension.class)
class MountedBesideStatusApiTest {

    @Test
    void the_api_limit_of_1_mib_holds_when_status_api_is_mounted_after_it(Vertx vertx) {
        TestDatabase.truncate();
        Pool pool = TestDatabase.pool(vertx, 2);
        Router router = Router.router(vertx);
        Await.result(ApiHarness.mount(vertx, router, pool, Clock.systemUTC(), null));
        new StatusApi(new TaskStore(pool), new com.loandesk.channel.Channels(java.util.List.of()),
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT))
                .mount(router);
        StatusApi.finish(router);
        HttpServer server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0));
        WebClient client = WebClient.create(vertx);
        try {
            // 200 KiB of CSV: under the API's limit; a header-only file imports nothing
            String csv = "borrower_external_id" + " ".repeat(200 * 1024) + "\n";
            var r = Await.result(client.post(server.actualPort(), "localhost", "/api/cases/import")
                    .bearerTokenAuthentication(ApiHarness.ADMIN_TOKEN).putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(csv)));
            assertEquals(200, r.statusCode(), r.bodyAsString());
            assertEquals(0, r.bodyAsJsonObject().getInteger("inserted"));
            assertEquals(200, Await.result(client.get(server.actualPort(), "localhost", "/api/status")
                    .bearerTokenAuthentication(ApiHarness.ADMIN_TOKEN).send()).statusCode());
        } finally {
            client.close();
            Await.result(server.close().compose(v -> pool.close()));
        }
    }
}
