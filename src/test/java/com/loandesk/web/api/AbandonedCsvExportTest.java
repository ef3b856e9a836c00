package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.auth.Role;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A CSV export runs through a pool of its own and stops when its client goes away: the cursor is closed, the
 * transaction rolled back and the connection given back. While a download stalls, the API still answers, even on a
 * service pool of one connection.
 */
class AbandonedCsvExportTest {

    private Vertx vertx;
    private ApiHarness api;
    private String token;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        api = ApiHarness.startWithExportPool(vertx, 1, 1, Duration.ofMinutes(5));
        token = api.tokenFor("carol", Role.COMPLIANCE);
        long borrower = Fixtures.borrower("US-NY", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        // about 15 MB of CSV: far more than the sockets' buffers hold, so the server's write queue fills
        TestDatabase.exec("insert into case_history (case_id, at, event, actor, detail) select " + caseId
                + ", timestamptz '2026-11-01T00:00:00Z' + g * interval '1 second', 'note', 'test', "
                + "jsonb_build_object('pad', repeat('x', 250)) from generate_series(1, 50000) g");
    }

    @AfterEach
    void stop() {
        api.close();
        Await.result(vertx.close());
    }

    /** Export sessions of this database holding a transaction open between fetches. */
    private static long openExports() {
        return Fixtures.count("select count(*) from pg_stat_activity where datname = current_database() "
                + "and state like 'idle in transaction%' and pid <> pg_backend_pid()");
    }

    @Test
    void an_export_whose_client_disconnects_frees_its_connection_and_the_api_answers_meanwhile() {
        Promise<Void> firstBytes = Promise.promise();
        NetSocket socket = Await.result(vertx.createNetClient().connect(api.port(), "localhost"));
        socket.handler(b -> {
            firstBytes.tryComplete();
            socket.pause(); // a client that stops reading, then goes away
        });
        socket.write(Buffer.buffer("GET /api/log.csv HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n\r\n"));
        Await.result(firstBytes.future());
        Await.until("the export stalled on its cursor, in its transaction", Duration.ofSeconds(20), () -> openExports() == 1);

        // the stalled export holds the export pool's only connection, not the service pool's only one
        assertEquals(200, api.get("/api/me", token).statusCode());
        assertEquals(200, api.get("/api/log?limit=1", token).statusCode());

        Await.result(socket.close());
        Await.until("the abandoned export's transaction ended", Duration.ofSeconds(10), () -> openExports() == 0);
        var again = api.get("/api/log.csv?limit=2", token);
        assertEquals(200, again.statusCode(), "the export pool's connection is free again");
        assertEquals(3, again.bodyAsString().split("\r\n").length, "the header and two rows");
    }
}
