package com.loandesk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.auth.AccessStore;
import com.loandesk.auth.Role;
import com.loandesk.dispatch.ContextBuilder;
import com.loandesk.rules.PolicyBook;
import com.loandesk.rules.ZoneResolver;
import com.loandesk.templates.ApprovedTemplates;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import com.loandesk.web.api.Errors;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GET /api/cases/{ref}/callable: the desk knows, before the click, whether each phone of a case can be called now,
 * from when in the borrower's time, or not and why, judged by the same gate a click goes through; nothing is created.
 */
@ExtendWith(VertxExtension.class)
class CallableTellsTheDeskBeforeTheClickTest {

    // 22:30 in New York: inside Regulation F's quiet hours (21:00-08:00 at the consumer's location)
    private final SettableClock clock = SettableClock.at("2026-11-24T03:30:00Z");
    private Pool pool;
    private HttpServer server;
    private WebClient client;
    private String caseRef;
    private long caseId;
    private long mobile;
    private long home;
    private String cole;
    private String dana;

    @BeforeEach
    void start(Vertx vertx) {
        TestDatabase.truncate();
        TestDatabase.exec("insert into template (code, version, channel, locale, body, approved_by, approved_at) "
                + "values ('click-to-call', 1, 'voice', 'en', 'Collector call', 'compliance-test', now())");
        long borrower = Fixtures.borrower("US-NY", null, "US");
        caseId = Fixtures.overdueCase(borrower);
        TestDatabase.exec("update collection_case set assigned_collector = 'cole' where id = " + caseId);
        caseRef = Fixtures.text("select external_id from collection_case where id = ?", caseId);
        mobile = Fixtures.mobile(borrower, "+12125550150");
        home = Fixtures.count("insert into contact_point (borrower_id, kind, value, priority, voice_consent) "
                + "values (?, 'home', '+12125550151', 3, true) returning id", borrower);
        Fixtures.email(borrower, "b@example.com");

        pool = TestDatabase.pool(vertx, 4);
        ApprovedTemplates templates = Await.result(ApprovedTemplates.load(pool));
        ContextBuilder contexts = new ContextBuilder(ZoneResolver.withDefaults(List.of(ZoneId.of("America/Chicago"))), templates);
        PolicyBook policies = com.loandesk.policies.PolicyFiles.load(Path.of("conf/policies"));
        Router router = Router.router(vertx);
        var mounted = ApiHarness.mount(vertx, router, pool, clock, null);
        ApiHarness.mountDryRun(vertx, router, pool, clock, policies, contexts);
        router.route().last().handler(ctx -> Errors.send(ctx, 404, "not_found", "no route " + ctx.request().path()));
        router.route().failureHandler(Errors::onFailure);
        server = Await.result(mounted.compose(v -> vertx.createHttpServer().requestHandler(router).listen(0)));
        client = WebClient.create(vertx);
        AccessStore access = AccessStore.create(vertx, pool, clock, ApiHarness.settings().login());
        cole = token(access, "cole", Role.COLLECTOR);
        dana = token(access, "dana", Role.COLLECTOR);
    }

    private static String token(AccessStore access, String username, Role role) {
        Await.result(access.createUser(username, role, null, "test"));
        return Await.result(access.createToken(username, "test", null, "test"));
    }

    @AfterEach
    void stop() {
        Await.result(server.close());
        Await.result(pool.close());
    }

    private HttpResponse<Buffer> callable(String token) {
        return Await.result(client.get(server.actualPort(), "localhost", "/api/cases/" + caseRef + "/callable")
                .bearerTokenAuthentication(token).send());
    }

    private JsonObject point(JsonObject body, long id) {
        JsonArray points = body.getJsonArray("points");
        for (int i = 0; i < points.size(); i++) {
            if (points.getJsonObject(i).getLong("contactPointId") == id) {
                return points.getJsonObject(i);
            }
        }
        throw new AssertionError("no point " + id + " in " + body.encode());
    }

    @Test
    void in_quiet_hours_each_phone_says_from_when_in_the_borrowers_time_and_at_ten_it_says_now_and_nothing_is_created() {
        long historyBefore = Fixtures.count("select count(*) from case_history");
        HttpResponse<Buffer> r = callable(cole);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonObject body = r.bodyAsJsonObject();
        assertEquals("America/New_York", body.getJsonObject("borrower").getString("zone"), body.encode());
        assertEquals("region", body.getJsonObject("borrower").getString("zonesFrom"));
        assertEquals("2026-11-23T22:30-05:00 America/New_York", body.getJsonObject("borrower").getString("localNow"));
        assertEquals(2, body.getJsonArray("points").size(), "the phones a collector may call, not the e-mail");
        for (long id : new long[] {mobile, home}) {
            JsonObject p = point(body, id);
            assertEquals("later", p.getString("verdict"), p.encode());
            assertEquals("QUIET_HOURS", p.getString("ruleId"));
            assertTrue(p.getString("untilLocal").startsWith("2026-11-24T08:00") && p.getString("untilLocal").endsWith("America/New_York"),
                    p.encode());
            assertTrue(p.getString("reason") != null && !p.getString("reason").isBlank());
        }
        assertEquals(0, Fixtures.count("select count(*) from contact_task"), "judged without creating a task");
        assertEquals(historyBefore, Fixtures.count("select count(*) from case_history"));

        clock.set(Instant.parse("2026-11-24T15:00:00Z"));
        JsonObject morning = callable(cole).bodyAsJsonObject();
        assertEquals("now", point(morning, mobile).getString("verdict"), morning.encode());
        assertEquals("now", point(morning, home).getString("verdict"));
    }

    @Test
    void a_disputed_case_cannot_be_called_saying_so_and_another_collectors_case_is_not_found() {
        clock.set(Instant.parse("2026-11-24T15:00:00Z"));
        TestDatabase.exec("insert into case_hold (case_id, kind, reason, set_by, set_at) values (" + caseId
                + ", 'dispute', 'disputes the amount', 'carol', now())");

        JsonObject body = callable(cole).bodyAsJsonObject();
        JsonObject p = point(body, mobile);
        assertEquals("not", p.getString("verdict"), body.encode());
        assertTrue(p.getString("ruleId").contains("HOLD") || p.getString("ruleId").contains("DISPUTE"), p.encode());

        HttpResponse<Buffer> other = callable(dana);
        assertEquals(404, other.statusCode(), other.bodyAsString());
    }

    private JsonObject next(String token, String after) {
        HttpResponse<Buffer> r = Await.result(client.get(server.actualPort(), "localhost",
                "/api/desk/next" + (after == null ? "" : "?after=" + after)).bearerTokenAuthentication(token).send());
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject();
    }

    @Test
    void next_skips_the_day_s_cases_that_cannot_be_called_now_in_one_request_and_comes_round_to_the_top() {
        // 22:30 in New York (the first case, never contacted, in quiet hours) is 11:30 in Shanghai
        long shanghai = Fixtures.borrower("CN-31", "Asia/Shanghai", "CN");
        long awake = Fixtures.overdueCase(shanghai);
        TestDatabase.exec("update collection_case set assigned_collector = 'cole', days_past_due = 5 where id = " + awake);
        TestDatabase.exec("update collection_case set days_past_due = 40 where id = " + caseId);
        Fixtures.mobile(shanghai, "+8613800138000");
        String awakeRef = Fixtures.text("select external_id from collection_case where id = ?", awake);
        long historyBefore = Fixtures.count("select count(*) from case_history");

        JsonObject first = next(cole, null);
        assertEquals(awakeRef, first.getString("caseRef"), "the New York case comes first in the day but is asleep: " + first.encode());
        assertEquals(2, first.getInteger("checked"), first.encode());
        assertEquals("new", first.getString("reason"));
        JsonObject again = next(cole, awakeRef);
        assertEquals(null, again.getString("caseRef"), "coming round, the New York case still cannot be called: " + again.encode());
        assertEquals(1, again.getInteger("checked"));

        clock.set(Instant.parse("2026-11-24T15:00:00Z")); // 10:00 in New York, 23:00 in Shanghai
        assertEquals(caseRef, next(cole, awakeRef).getString("caseRef"));
        assertEquals(caseRef, next(cole, null).getString("caseRef"));
        assertEquals(null, next(cole, caseRef).getString("caseRef"), "23:00 in Shanghai: the other case sleeps now");
        assertEquals(0, Fixtures.count("select count(*) from contact_task"), "judged without creating a task");
        assertEquals(historyBefore, Fixtures.count("select count(*) from case_history"));
        assertEquals(null, next(dana, null).getString("caseRef"), "another collector's day holds none of cole's cases");
    }
}
