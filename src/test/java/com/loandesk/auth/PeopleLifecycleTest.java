package com.loandesk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Fixtures;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 13: people have a lifecycle, through the HTTP API, each change audited with who, what and to whom. */
@ExtendWith(VertxExtension.class)
class PeopleLifecycleTest {

    private static final String ADMIN = ApiHarness.ADMIN_TOKEN;
    private static final String PW = "a long enough passphrase";
    private static final String PW2 = "another fine passphrase";

    private ApiHarness api;

    @BeforeEach
    void start(Vertx vertx) {
        api = ApiHarness.start(vertx);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void create(String username, String role, String password) {
        var r = api.post("/api/users", ADMIN, new JsonObject().put("username", username).put("role", role).put("password", password));
        assertEquals(201, r.statusCode(), r.bodyAsString());
    }

    private String login(String username, String password) {
        var r = api.login(username, password);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getString("token");
    }

    private static void error(HttpResponse<Buffer> r, int status, String field) {
        assertEquals(status, r.statusCode(), r.bodyAsString());
        if (field != null) {
            assertEquals(field, r.bodyAsJsonObject().getString("field"), r.bodyAsString());
        }
    }

    private static long audited(String action, String actor, String target) {
        return Fixtures.count("select count(*) from access_audit where action = ? and actor = ? and target = ?", action, actor, target);
    }

    @Test
    void admin_lists_users_with_their_live_sessions_and_tokens_and_never_a_secret() {
        create("cole", "collector", PW);
        login("cole", PW);
        api.tokenFor("robot", Role.SCHEDULER);
        var r = api.get("/api/users", ADMIN);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        Map<String, JsonObject> byName = new java.util.HashMap<>();
        r.bodyAsJsonObject().getJsonArray("users").forEach(u -> byName.put(((JsonObject) u).getString("username"), (JsonObject) u));
        assertEquals(java.util.Set.of("admin", "cole", "robot"), byName.keySet());
        assertEquals(1, byName.get("cole").getInteger("activeSessions"));
        assertEquals(true, byName.get("cole").getBoolean("hasPassword"));
        assertEquals(1, byName.get("robot").getInteger("activeTokens"));
        assertEquals(false, byName.get("robot").getBoolean("hasPassword"));
        assertTrue(!r.bodyAsString().contains("pbkdf2"), "no password hash in the list");

        String cole = login("cole", PW);
        error(api.get("/api/users", cole), 403, null);
    }

    @Test
    void disabling_a_user_ends_their_sessions_and_revokes_their_tokens_and_enabling_restores_neither() {
        create("cole", "collector", PW);
        String session = login("cole", PW);
        String token = Await(api.access.createToken("cole", "cole's script", null, "test"));
        assertEquals(200, api.get("/api/me", session).statusCode());
        assertEquals(200, api.get("/api/me", token).statusCode());

        var r = api.post("/api/users/cole/disable", ADMIN, new JsonObject());
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals(1, r.bodyAsJsonObject().getInteger("sessionsEnded"));
        assertEquals(1, r.bodyAsJsonObject().getInteger("tokensRevoked"));
        assertEquals(401, api.get("/api/me", session).statusCode());
        assertEquals(401, api.get("/api/me", token).statusCode());
        error(api.login("cole", PW), 401, null);
        assertEquals(1, audited("user_disabled", "admin", "cole"));
        error(api.post("/api/users/cole/disable", ADMIN, new JsonObject()), 409, null);

        assertEquals(200, api.post("/api/users/cole/enable", ADMIN, new JsonObject()).statusCode());
        assertEquals(1, audited("user_enabled", "admin", "cole"));
        assertEquals(401, api.get("/api/me", session).statusCode(), "the old session stays ended");
        assertEquals(401, api.get("/api/me", token).statusCode(), "the old token stays revoked");
        assertEquals(200, api.get("/api/me", login("cole", PW)).statusCode(), "a new login works");
        error(api.post("/api/users/cole/enable", ADMIN, new JsonObject()), 409, null);
        error(api.post("/api/users/nobody/disable", ADMIN, new JsonObject()), 404, null);
    }

    @Test
    void a_role_change_takes_effect_on_the_next_request_of_a_live_session() {
        create("sam", "scheduler", PW);
        String sam = login("sam", PW);
        assertEquals(200, api.get("/api/waves", sam).statusCode());
        var r = api.post("/api/users/sam/role", ADMIN, new JsonObject().put("role", "collector"));
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals("scheduler", r.bodyAsJsonObject().getString("previousRole"));
        assertEquals("collector", api.get("/api/me", sam).bodyAsJsonObject().getString("role"));
        assertEquals(403, api.get("/api/waves", sam).statusCode());
        assertEquals(1, Fixtures.count("select count(*) from access_audit where action = 'user_role_changed' and actor = 'admin' "
                + "and target = 'sam' and detail->>'from' = 'scheduler' and detail->>'to' = 'collector'"));
        error(api.post("/api/users/sam/role", ADMIN, new JsonObject().put("role", "owner")), 400, "role");
        error(api.post("/api/users/sam/role", ADMIN, new JsonObject().put("role", "collector")), 409, null);
    }

    @Test
    void an_admin_may_not_disable_demote_or_reset_themselves() {
        create("ada", "admin", PW);
        String ada = login("ada", PW);
        error(api.post("/api/users/ada/disable", ada, new JsonObject()), 409, null);
        error(api.post("/api/users/ada/role", ada, new JsonObject().put("role", "collector")), 409, null);
        error(api.post("/api/users/ada/password", ada, new JsonObject().put("password", PW2)), 409, null);
        assertEquals("admin", Fixtures.text("select role from users where username = 'ada'"));
        assertEquals(0, Fixtures.count("select count(*) from users where disabled_at is not null"));
        // another admin can
        assertEquals(200, api.post("/api/users/ada/role", ADMIN, new JsonObject().put("role", "compliance")).statusCode());
    }

    @Test
    void a_password_reset_ends_the_users_sessions_keeps_their_tokens_and_the_new_password_logs_in() {
        create("carol", "compliance", PW);
        String s1 = login("carol", PW);
        String s2 = login("carol", PW);
        String token = Await(api.access.createToken("carol", "report job", null, "test"));
        var r = api.post("/api/users/carol/password", ADMIN, new JsonObject().put("password", PW2));
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals(2, r.bodyAsJsonObject().getInteger("sessionsEnded"));
        assertEquals(401, api.get("/api/me", s1).statusCode());
        assertEquals(401, api.get("/api/me", s2).statusCode());
        assertEquals(200, api.get("/api/me", token).statusCode(), "tokens are separate credentials and stay");
        error(api.login("carol", PW), 401, null);
        login("carol", PW2);
        assertEquals(1, audited("password_reset", "admin", "carol"));
        assertEquals(0, Fixtures.count("select count(*) from access_audit where detail::text like ?", "%" + PW2 + "%"),
                "the password is never audited");
        error(api.post("/api/users/carol/password", ADMIN, new JsonObject().put("password", "short")), 400, "password");
    }

    @Test
    void ending_all_sessions_logs_the_user_out_everywhere_and_is_audited() {
        create("cole", "collector", PW);
        String a = login("cole", PW);
        String b = login("cole", PW);
        var r = api.post("/api/users/cole/end-sessions", ADMIN, new JsonObject());
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals(2, r.bodyAsJsonObject().getInteger("sessionsEnded"));
        assertEquals(401, api.get("/api/me", a).statusCode());
        assertEquals(401, api.get("/api/me", b).statusCode());
        assertEquals(1, Fixtures.count("select count(*) from access_audit where action = 'sessions_ended' and actor = 'admin' "
                + "and target = 'cole' and (detail->>'sessionsEnded')::int = 2"));
    }

    @Test
    void a_user_changes_their_own_password_with_the_current_one_and_their_other_sessions_end() {
        create("cole", "collector", PW);
        String here = login("cole", PW);
        String elsewhere = login("cole", PW);
        error(api.post("/api/me/password", here, new JsonObject().put("currentPassword", "not my password!").put("newPassword", PW2)),
                400, "currentPassword");
        assertEquals(1, audited("password_change_refused", "cole", "cole"));
        error(api.post("/api/me/password", here, new JsonObject().put("currentPassword", PW).put("newPassword", "password12345!")),
                400, "newPassword");
        error(api.post("/api/me/password", here, new JsonObject().put("currentPassword", PW).put("newPassword", "my name is COLE, hi")),
                400, "newPassword");
        assertEquals(200, api.get("/api/me", elsewhere).statusCode(), "refused changes change nothing");

        var r = api.post("/api/me/password", here, new JsonObject().put("currentPassword", PW).put("newPassword", PW2));
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals(200, api.get("/api/me", here).statusCode(), "the session it came from stays");
        assertEquals(401, api.get("/api/me", elsewhere).statusCode(), "the other sessions end");
        error(api.login("cole", PW), 401, null);
        login("cole", PW2);
        assertEquals(1, Fixtures.count("select count(*) from access_audit where action = 'password_changed' and actor = 'cole' "
                + "and target = 'cole' and role = 'collector'"));
        // a machine user has no password to change
        error(api.post("/api/me/password", ADMIN, new JsonObject().put("currentPassword", PW).put("newPassword", PW2)), 409, null);
    }

    @Test
    void guessing_the_current_password_through_a_stolen_session_is_throttled_as_a_login_is() {
        create("cole", "collector", PW);
        String stolen = login("cole", PW);
        int refusedAsWrong = 0;
        HttpResponse<Buffer> r = null;
        for (int i = 0; i < 10; i++) {
            r = api.post("/api/me/password", stolen, new JsonObject().put("currentPassword", "guess number " + i).put("newPassword", PW2));
            if (r.statusCode() != 400) {
                break;
            }
            refusedAsWrong++;
        }
        assertEquals(429, r.statusCode(), r.bodyAsString());
        assertTrue(Integer.parseInt(r.getHeader("Retry-After")) >= 1, r.headers().toString());
        assertTrue(refusedAsWrong <= 6, "a few free guesses, then the username's delay: " + refusedAsWrong);
        // while the delay runs, not even the right password is checked, here or at the login
        assertEquals(429, api.post("/api/me/password", stolen, new JsonObject().put("currentPassword", PW).put("newPassword", PW2))
                .statusCode());
        assertEquals(429, api.login("cole", PW).statusCode(), "the same count as the login's");
    }

    @Test
    void usernames_are_unique_regardless_of_case() {
        create("cole", "collector", PW);
        var r = api.post("/api/users", ADMIN, new JsonObject().put("username", "Cole").put("role", "scheduler"));
        error(r, 409, null);
        error(api.post("/api/users", ADMIN, new JsonObject().put("username", "ADMIN").put("role", "admin")), 409, null);
        assertEquals(1, Fixtures.count("select count(*) from users where lower(username) = 'cole'"));
        assertNull(Fixtures.text("select username from users where username = 'Cole'"));
    }

    @Test
    void new_passwords_shorter_than_12_common_or_containing_the_username_are_refused_naming_why() {
        String[][] refused = {
                {"short", "12 to 1024"},
                {"unbelievable", "most common"},                 // on the list, 12 characters
                {"Masturbation", "most common"},                 // the list ignores case
                {"password1234567!", "most common"},             // a listed one followed by digits and punctuation
                {"x-carol-likes-tea", "username"},
                {"xCAROLx-likes-tea", "username"},
        };
        for (String[] c : refused) {
            var r = api.post("/api/users", ADMIN, new JsonObject().put("username", "carol").put("role", "compliance").put("password", c[0]));
            error(r, 400, "password");
            assertTrue(r.bodyAsJsonObject().getString("message").contains(c[1]), c[0] + ": " + r.bodyAsString());
        }
        assertEquals(0, Fixtures.count("select count(*) from users where username = 'carol'"), "nothing created half-way");
        create("carol", "compliance", "tea with lemon, no sugar");
    }

    private static <T> T Await(io.vertx.core.Future<T> f) {
        return com.loandesk.testsupport.Await.result(f);
    }
}
