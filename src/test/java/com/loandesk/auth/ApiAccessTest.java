package com.loandesk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ApiAccessTest {

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
    void a_request_without_a_valid_token_is_401_json() {
        var none = api.get("/api/me", null);
        assertEquals(401, none.statusCode());
        assertEquals("unauthorized", none.bodyAsJsonObject().getString("error"));
        assertEquals(401, api.get("/api/me", "not-a-token").statusCode());
        assertEquals(401, api.get("/api/cases/C-1", "not-a-token").statusCode(), "unknown routes are not revealed");
    }

    @Test
    void bootstrap_admin_token_authenticates_and_is_stored_only_as_its_sha256() {
        var me = api.get("/api/me", ApiHarness.ADMIN_TOKEN).bodyAsJsonObject();
        assertEquals("admin", me.getString("username"));
        assertEquals("admin", me.getString("role"));
        assertEquals(1, Fixtures.count("select count(*) from api_token where token_hash = sha256(convert_to(?, 'UTF8'))",
                ApiHarness.ADMIN_TOKEN));
        assertEquals(0, Fixtures.count("select count(*) from api_token where encode(token_hash, 'escape') like ?",
                "%" + ApiHarness.ADMIN_TOKEN + "%"));
        // running it again changes nothing
        Await.result(api.access.bootstrap(ApiHarness.ADMIN_TOKEN));
        assertEquals(1, Fixtures.count("select count(*) from api_token"));
    }

    @Test
    void tokens_checked_together_each_answer_for_their_own_holder_and_revoked_disabled_or_unknown_ones_are_401() throws Exception {
        java.util.List<String> users = new java.util.ArrayList<>();
        java.util.List<String> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String username = "u" + i;
            users.add(username);
            tokens.add(api.tokenFor(username, i % 2 == 0 ? com.loandesk.auth.Role.COLLECTOR : com.loandesk.auth.Role.SCHEDULER));
        }
        String revoked = api.tokenFor("rex", com.loandesk.auth.Role.COLLECTOR);
        com.loandesk.testsupport.TestDatabase.exec(
                "update api_token set revoked_at = now() where user_id = (select id from users where username = 'rex')");
        String disabled = api.tokenFor("dora", com.loandesk.auth.Role.COLLECTOR);
        com.loandesk.testsupport.TestDatabase.exec("update users set disabled_at = now() where username = 'dora'");
        java.util.List<String> refusedTokens = java.util.List.of(revoked, disabled, "no-such-token-0123456789abcdefghijklmnop");

        var client = io.vertx.ext.web.client.WebClient.create(api.vertx, new io.vertx.ext.web.client.WebClientOptions(),
                new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
        var target = com.loandesk.testsupport.TestDatabase.target();
        java.util.function.Function<String, io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> me =
                token -> client.request(HttpMethod.GET, api.port(), "localhost", "/api/me").bearerTokenAuthentication(token).send();
        var allowed = new java.util.ArrayList<io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>>();
        var refused = new java.util.ArrayList<io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>>();
        try (var holder = java.sql.DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password())) {
            // the first check waits on the token table, held here, so the others queue behind it and go together
            holder.setAutoCommit(false);
            try (var st = holder.createStatement()) {
                st.execute("lock table api_token in access exclusive mode");
            }
            var first = me.apply(tokens.get(0));
            Await.until("the first check waits on the lock", java.time.Duration.ofSeconds(10),
                    () -> Fixtures.count("select count(*) from pg_locks where not granted") > 0);
            for (int round = 0; round < 2; round++) {
                for (String t : tokens) {
                    allowed.add(me.apply(t));
                }
                for (String t : refusedTokens) {
                    refused.add(me.apply(t));
                }
            }
            int queued = allowed.size() + refused.size();
            Await.until("every later check queued behind the first", java.time.Duration.ofSeconds(4),
                    java.time.Duration.ofMillis(10), () -> api.access.lookupsWaiting() == queued,
                    () -> api.access.lookupsWaiting() + " of " + queued + " queued");
            holder.rollback();
            assertEquals("u0", Await.result(first).bodyAsJsonObject().getString("username"));
        }
        for (int i = 0; i < allowed.size(); i++) {
            var r = Await.result(allowed.get(i));
            assertEquals(200, r.statusCode(), r.bodyAsString());
            String user = users.get(i % users.size());
            assertEquals(user, r.bodyAsJsonObject().getString("username"), "each token answers for its own holder");
            assertEquals(users.indexOf(user) % 2 == 0 ? "collector" : "scheduler", r.bodyAsJsonObject().getString("role"));
        }
        for (var f : refused) {
            assertEquals(401, Await.result(f).statusCode());
        }
        client.close();
    }

    @Test
    void a_short_bootstrap_token_is_refused() {
        var result = api.access.bootstrap("short");
        assertTrue(Await.result(result.map(v -> false).recover(e -> io.vertx.core.Future.succeededFuture(
                e instanceof IllegalArgumentException && !e.getMessage().contains("short")))));
    }

    @Test
    void login_returns_a_session_token_and_an_http_only_cookie_which_both_authenticate() {
        var created = api.post("/api/users", ApiHarness.ADMIN_TOKEN,
                new JsonObject().put("username", "carol").put("role", "compliance").put("password", "a long enough passphrase"));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        assertTrue(Fixtures.text("select password_hash from users where username = 'carol'").startsWith("pbkdf2-sha256$210000$"));

        var login = api.login("carol", "a long enough passphrase");
        assertEquals(200, login.statusCode(), login.bodyAsString());
        String token = login.bodyAsJsonObject().getString("token");
        assertNotNull(token);
        String cookie = login.cookies().stream().filter(c -> c.startsWith("loandesk_session=")).findFirst().orElseThrow();
        assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("httponly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);

        assertEquals("compliance", api.get("/api/me", token).bodyAsJsonObject().getString("role"));
        var viaCookie = Await.result(api.request(HttpMethod.GET, "/api/me", null)
                .putHeader("Cookie", cookie.substring(0, cookie.indexOf(';'))).send());
        assertEquals("session", viaCookie.bodyAsJsonObject().getString("via"));
        assertEquals(1, Fixtures.count("select count(*) from access_audit where action = 'login' and actor = 'carol'"));

        assertEquals(200, api.post("/api/logout", token, new JsonObject()).statusCode());
        assertEquals(401, api.get("/api/me", token).statusCode());
    }

    @Test
    void a_wrong_password_or_unknown_user_is_401_and_audited() {
        Await.result(api.access.createUser("dave", Role.COLLECTOR, "the right passphrase", "test"));
        var wrong = api.login("dave", "the wrong passphrase");
        assertEquals(401, wrong.statusCode());
        assertFalse(wrong.bodyAsString().contains("token\""));
        assertEquals(401, api.login("nobody", "x").statusCode());
        assertEquals(2, Fixtures.count("select count(*) from access_audit where action = 'login_failed'"));
        var missing = Await.result(api.request(HttpMethod.POST, "/api/login", null).putHeader("Origin", api.origin())
                .sendJsonObject(new JsonObject().put("username", "dave")));
        assertEquals(400, missing.statusCode());
        assertEquals("password", missing.bodyAsJsonObject().getString("field"));
    }

    @Test
    void a_role_outside_the_route_gets_403_json() {
        String collector = api.tokenFor("cole", Role.COLLECTOR);
        var r = api.post("/api/users", collector, new JsonObject().put("username", "eve").put("role", "admin"));
        assertEquals(403, r.statusCode());
        assertEquals("forbidden", r.bodyAsJsonObject().getString("error"));
        assertEquals(0, Fixtures.count("select count(*) from users where username = 'eve'"));
    }

    @Test
    void an_admin_issues_api_tokens_that_authenticate_as_their_user() {
        assertEquals(201, api.post("/api/users", ApiHarness.ADMIN_TOKEN,
                new JsonObject().put("username", "cron").put("role", "scheduler")).statusCode());
        var issued = api.post("/api/users/cron/tokens", ApiHarness.ADMIN_TOKEN, new JsonObject().put("label", "nightly"));
        assertEquals(201, issued.statusCode(), issued.bodyAsString());
        String token = issued.bodyAsJsonObject().getString("token");
        assertEquals("scheduler", api.get("/api/me", token).bodyAsJsonObject().getString("role"));
        assertEquals(404, api.post("/api/users/ghost/tokens", ApiHarness.ADMIN_TOKEN, new JsonObject().put("label", "x")).statusCode());
    }
}
