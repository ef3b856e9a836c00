package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.auth.Role;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A change made with the session cookie needs the service's own Origin (or Referer) and a JSON body; so does a login.
 * Bearer tokens are not checked for their origin. Here no PUBLIC_BASE_URL is set: the origin is the loopback address
 * the request was sent to; {@link #with_public_base_url_only_its_origin_is_accepted} sets one.
 */
class CrossSiteChangesAreRefusedTest {

    private static final String PASSWORD = "a long enough passphrase";
    private final Vertx vertx = Vertx.vertx();
    private ApiHarness api;
    private String cookie;

    @BeforeEach
    void start() {
        start(ApiHarness.settings());
    }

    private void start(com.loandesk.config.ApiSettings settings) {
        if (api != null) {
            api.close();
        }
        api = ApiHarness.start(vertx, Clock.systemUTC(), settings);
        Await.result(api.access.createUser("sam", Role.SCHEDULER, PASSWORD, "test"));
    }

    @AfterEach
    void stop() {
        api.close();
        Await.result(vertx.close());
    }

    private String logIn(String origin) {
        HttpResponse<Buffer> r = Await.result(api.request(HttpMethod.POST, "/api/login", null).putHeader("Origin", origin)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"username\":\"sam\",\"password\":\"" + PASSWORD + "\"}")));
        assertEquals(200, r.statusCode(), r.bodyAsString());
        String set = r.cookies().stream().filter(c -> c.startsWith("loandesk_session=")).findFirst().orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    /** POST /api/logout with the cookie: its effect (the session revoked) shows whether it was accepted. */
    private HttpResponse<Buffer> logout(String cookie, String origin, String referer, String contentType, String body) {
        HttpRequest<Buffer> r = api.request(HttpMethod.POST, "/api/logout", null).putHeader("Cookie", cookie);
        if (origin != null) {
            r.putHeader("Origin", origin);
        }
        if (referer != null) {
            r.putHeader("Referer", referer);
        }
        if (contentType != null) {
            r.putHeader("Content-Type", contentType);
        }
        return Await.result(body == null ? r.send() : r.sendBuffer(Buffer.buffer(body)));
    }

    private long revoked() {
        return Fixtures.count("select count(*) from session where revoked_at is not null");
    }

    @Test
    void a_cookie_change_from_another_origin_or_without_one_is_403_and_changes_nothing() {
        cookie = logIn(api.origin());
        for (String origin : new String[] {"https://evil.example", "http://localhost:" + (api.port() + 1), "http://127.0.0.1:" + api.port(),
                "null", "http://sub.localhost:" + api.port()}) {
            HttpResponse<Buffer> r = logout(cookie, origin, null, "application/json", "{}");
            assertEquals(403, r.statusCode(), origin + ": " + r.bodyAsString());
            assertEquals("cross_site", r.bodyAsJsonObject().getString("error"));
        }
        HttpResponse<Buffer> none = logout(cookie, null, null, "application/json", "{}");
        assertEquals(403, none.statusCode());
        assertTrue(none.bodyAsJsonObject().getString("message").contains("Origin or Referer"), none.bodyAsString());
        assertEquals(403, logout(cookie, null, "https://evil.example/page", "application/json", "{}").statusCode());
        assertEquals(0, revoked(), "nothing was changed");
        // the cookie still works for reading: only changes are guarded
        assertEquals(200, Await.result(api.request(HttpMethod.GET, "/api/me", null).putHeader("Cookie", cookie).send()).statusCode());
    }

    @Test
    void a_cookie_change_as_a_form_or_text_plain_is_415_even_from_the_right_origin() {
        cookie = logIn(api.origin());
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null}) {
            HttpResponse<Buffer> r = logout(cookie, api.origin(), null, type, type == null ? null : "{}");
            assertEquals(415, r.statusCode(), type + ": " + r.bodyAsString());
            assertEquals("unsupported_media_type", r.bodyAsJsonObject().getString("error"));
        }
        assertEquals(0, revoked());
    }

    @Test
    void the_pages_own_change_is_accepted_by_origin_or_by_referer() {
        cookie = logIn(api.origin());
        assertEquals(200, logout(cookie, null, api.origin() + "/app/desk.html?x=1", "application/json; charset=utf-8", null).statusCode());
        assertEquals(1, revoked());
        cookie = logIn(api.origin());
        assertEquals(200, logout(cookie, api.origin(), null, "application/json", null).statusCode(), "a bodyless JSON change");
        assertEquals(2, revoked());
    }

    @Test
    void a_bearer_token_is_not_checked_for_its_origin() {
        String token = api.tokenFor("robot", Role.SCHEDULER);
        HttpResponse<Buffer> r = Await.result(api.request(HttpMethod.POST, "/api/templates", token).putHeader("Origin", "https://evil.example")
                .sendJsonObject(new io.vertx.core.json.JsonObject().put("code", "x").put("channel", "sms").put("body", "Hello {{firstName}}")
                        .put("locale", "en")));
        assertEquals(201, r.statusCode(), r.bodyAsString());
    }

    @Test
    void a_login_from_another_origin_or_not_as_json_is_refused_and_makes_no_session() {
        HttpResponse<Buffer> cross = Await.result(api.request(HttpMethod.POST, "/api/login", null).putHeader("Origin", "https://evil.example")
                .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("{\"username\":\"sam\",\"password\":\"" + PASSWORD + "\"}")));
        assertEquals(403, cross.statusCode(), cross.bodyAsString());
        HttpResponse<Buffer> plain = Await.result(api.request(HttpMethod.POST, "/api/login", null).putHeader("Origin", api.origin())
                .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("{\"username\":\"sam\",\"password\":\"" + PASSWORD + "\"}")));
        assertEquals(415, plain.statusCode(), plain.bodyAsString());
        HttpResponse<Buffer> none = Await.result(api.request(HttpMethod.POST, "/api/login", null)
                .sendJsonObject(new io.vertx.core.json.JsonObject().put("username", "sam").put("password", PASSWORD)));
        assertEquals(403, none.statusCode(), none.bodyAsString());
        assertEquals(0, Fixtures.count("select count(*) from session"));
        assertEquals(0, Fixtures.count("select count(*) from access_audit where action like 'login%'"), "not even tried");
    }

    @Test
    void with_public_base_url_only_its_origin_is_accepted() {
        start(ApiHarness.settings().withPublicBaseUrl("https://Desk.Lender.example:443/loandesk"));
        HttpResponse<Buffer> local = Await.result(api.request(HttpMethod.POST, "/api/login", null).putHeader("Origin", api.origin())
                .sendJsonObject(new io.vertx.core.json.JsonObject().put("username", "sam").put("password", PASSWORD)));
        assertEquals(403, local.statusCode(), "the loopback origin is not the public one: " + local.bodyAsString());
        assertTrue(local.bodyAsJsonObject().getString("message").contains("https://desk.lender.example"), local.bodyAsString());
        cookie = logIn("https://desk.lender.example");
        assertEquals(403, logout(cookie, "http://desk.lender.example", null, "application/json", null).statusCode(), "another scheme");
        assertEquals(200, logout(cookie, "https://desk.lender.example", null, "application/json", null).statusCode());
    }
}
