package com.loandesk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 13: API tokens are listed without secrets, revoked, show when they were last used; the bootstrap one rotates. */
@ExtendWith(VertxExtension.class)
class TokenLifecycleTest {

    private static final String ADMIN = ApiHarness.ADMIN_TOKEN;
    private static final Instant T0 = Instant.parse("2026-11-24T17:00:00Z");
    private static final String NEXT_ADMIN = "rotated-admin-token-abcdefghijklmnopqrstuvwxyz";

    private ApiHarness api;
    private SettableClock clock;

    @BeforeEach
    void start(Vertx vertx) {
        clock = new SettableClock(T0);
        api = ApiHarness.start(vertx, clock, ApiHarness.settings());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private JsonObject token(String label) {
        return api.get("/api/tokens", ADMIN).bodyAsJsonObject().getJsonArray("tokens").stream().map(JsonObject.class::cast)
                .filter(t -> label.equals(t.getString("label"))).findFirst().orElseThrow(() -> new AssertionError("no token " + label));
    }

    @Test
    void a_token_is_shown_once_at_creation_and_listed_with_owner_label_dates_and_state_but_never_its_value() {
        Await.result(api.access.createUser("robot", Role.SCHEDULER, null, "test"));
        var created = api.post("/api/users/robot/tokens", ADMIN, new JsonObject().put("label", "nightly import")
                .put("expiresAt", "2027-01-01T00:00:00Z"));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        String secret = created.bodyAsJsonObject().getString("token");
        assertEquals("no-store", created.getHeader("Cache-Control"));

        var list = api.get("/api/tokens", ADMIN);
        assertEquals(200, list.statusCode(), list.bodyAsString());
        assertFalse(list.bodyAsString().contains(secret), "the list never carries a token's value");
        assertFalse(list.bodyAsString().contains(ADMIN));
        JsonObject t = token("nightly import");
        assertEquals("robot", t.getString("username"));
        assertEquals(T0.toString(), t.getString("createdAt"));
        assertEquals("2027-01-01T00:00:00Z", t.getString("expiresAt"));
        assertEquals("active", t.getString("state"));
        assertFalse(t.getBoolean("bootstrap"));
        assertTrue(token("bootstrap (LOANDESK_ADMIN_TOKEN)").getBoolean("bootstrap"));

        clock.set(Instant.parse("2027-01-01T00:00:01Z"));
        assertEquals("expired", token("nightly import").getString("state"));
        assertEquals(401, api.get("/api/me", secret).statusCode());
        assertEquals(403, api.get("/api/tokens", Await.result(api.access.createToken("robot", "other", null, "test"))).statusCode(),
                "admin only");
    }

    @Test
    void a_revoked_token_is_refused_from_the_next_request_and_the_revocation_is_audited() {
        String secret = api.tokenFor("robot", Role.SCHEDULER);
        assertEquals(200, api.get("/api/me", secret).statusCode());
        long id = token("test").getLong("id");
        var r = api.post("/api/tokens/" + id + "/revoke", ADMIN, new JsonObject());
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals("revoked", r.bodyAsJsonObject().getString("state"));
        assertEquals(401, api.get("/api/me", secret).statusCode());
        assertEquals("revoked", token("test").getString("state"));
        assertEquals(T0.toString(), token("test").getString("revokedAt"));
        assertEquals(1, Fixtures.count("select count(*) from access_audit where action = 'token_revoked' and actor = 'admin' "
                + "and target = 'robot' and (detail->>'tokenId')::bigint = ?", id));
        assertEquals(409, api.post("/api/tokens/" + id + "/revoke", ADMIN, new JsonObject()).statusCode(), "already revoked");
        assertEquals(404, api.post("/api/tokens/999999/revoke", ADMIN, new JsonObject()).statusCode());
        assertEquals(400, api.post("/api/tokens/abc/revoke", ADMIN, new JsonObject()).statusCode());
    }

    @Test
    void the_token_of_the_request_itself_cannot_be_revoked_by_it() {
        long bootstrap = token("bootstrap (LOANDESK_ADMIN_TOKEN)").getLong("id");
        var r = api.post("/api/tokens/" + bootstrap + "/revoke", ADMIN, new JsonObject());
        assertEquals(409, r.statusCode(), r.bodyAsString());
        assertEquals(200, api.get("/api/me", ADMIN).statusCode());
    }

    @Test
    void last_use_is_written_at_most_once_a_minute_per_token() {
        String secret = api.tokenFor("robot", Role.SCHEDULER);
        assertNull(token("test").getString("lastUsedAt"), "never used");
        clock.set(T0.plusSeconds(5));
        assertEquals(200, api.get("/api/me", secret).statusCode());
        assertEquals(T0.plusSeconds(5), lastUsed());

        // 50 more requests within the minute: no write (the first use of the minute is kept)
        for (int i = 0; i < 50; i++) {
            clock.set(T0.plusSeconds(6 + i));
            assertEquals(200, api.get("/api/me", secret).statusCode());
        }
        assertEquals(T0.plusSeconds(5), lastUsed());

        clock.set(T0.plusSeconds(65));
        assertEquals(200, api.get("/api/me", secret).statusCode());
        assertEquals(T0.plusSeconds(65), lastUsed(), "a minute later it is written again");
    }

    @Test
    void a_token_row_locked_by_another_transaction_does_not_hold_up_its_check() throws Exception {
        String secret = api.tokenFor("robot", Role.SCHEDULER);
        var target = com.loandesk.testsupport.TestDatabase.target();
        try (var holder = java.sql.DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password())) {
            holder.setAutoCommit(false);
            try (var st = holder.createStatement()) {
                st.execute("select * from api_token where user_id = (select id from users where username = 'robot') for update");
            }
            long started = System.nanoTime();
            assertEquals(200, api.get("/api/me", secret).statusCode());
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < AccessStore.LOOKUP_DEADLINE.toMillis(), "answered while the row was locked, in " + millis + " ms");
            holder.rollback();
        }
        assertNull(lastUsed(), "the locked row was skipped, not waited for");
    }

    private Instant lastUsed() {
        String text = Fixtures.text("select to_char(last_used_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') from api_token "
                + "where user_id = (select id from users where username = 'robot')");
        return text == null ? null : Instant.parse(text);
    }

    @Test
    void a_new_bootstrap_token_revokes_the_one_before_it_and_a_revoked_one_never_comes_back() {
        assertEquals("admin", api.get("/api/me", ADMIN).bodyAsJsonObject().getString("role"));
        clock.tick(Duration.ofMinutes(5));

        // the operator changes LOANDESK_ADMIN_TOKEN and restarts
        Await.result(api.access.bootstrap(NEXT_ADMIN));
        assertEquals(401, api.get("/api/me", ADMIN).statusCode(), "the old (published) token is revoked");
        assertEquals("admin", api.get("/api/me", NEXT_ADMIN).bodyAsJsonObject().getString("role"));
        assertEquals(1, Fixtures.count("select count(*) from access_audit where action = 'token_revoked' and actor = 'system' "
                + "and detail->>'reason' = 'bootstrap token rotated'"));
        assertEquals(2, Fixtures.count("select count(*) from api_token where bootstrap"));
        assertEquals(1, Fixtures.count("select count(*) from api_token where bootstrap and revoked_at is null"));

        // a restart with the same value changes nothing
        long audits = Fixtures.count("select count(*) from access_audit");
        Await.result(api.access.bootstrap(NEXT_ADMIN));
        assertEquals(200, api.get("/api/me", NEXT_ADMIN).statusCode());
        assertEquals(audits, Fixtures.count("select count(*) from access_audit"));

        // the old value put back (a rolled-back deployment): it stays revoked, the current one stays, the start goes on
        Await.result(api.access.bootstrap(ADMIN));
        assertEquals(401, api.get("/api/me", ADMIN).statusCode());
        assertEquals(200, api.get("/api/me", NEXT_ADMIN).statusCode());
        assertEquals(1, Fixtures.count("select count(*) from access_audit where action = 'token_bootstrap_refused'"));
    }

    @Test
    void a_bootstrap_token_an_admin_revoked_stays_revoked_after_a_restart() {
        Await.result(api.access.createUser("ada", Role.ADMIN, null, "test"));
        String ada = Await.result(api.access.createToken("ada", "ada's token", null, "test"));
        long bootstrap = token("bootstrap (LOANDESK_ADMIN_TOKEN)").getLong("id");
        assertEquals(200, api.post("/api/tokens/" + bootstrap + "/revoke", ada, new JsonObject()).statusCode());
        assertEquals(401, api.get("/api/me", ADMIN).statusCode());
        Await.result(api.access.bootstrap(ADMIN));
        assertEquals(401, api.get("/api/me", ADMIN).statusCode());
    }
}
