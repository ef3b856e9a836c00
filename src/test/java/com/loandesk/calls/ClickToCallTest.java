package com.loandesk.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.auth.AccessStore;
import com.loandesk.auth.Role;
import com.loandesk.channel.twilio.TwilioBridgeCall;
import com.loandesk.dispatch.ContextBuilder;
import com.loandesk.dispatch.ImmediateGate;
import com.loandesk.fake.FakeRequest;
import com.loandesk.fake.FakeTwilio;
import com.loandesk.rules.PolicyBook;
import com.loandesk.rules.ZoneResolver;
import com.loandesk.store.TaskStore;
import com.loandesk.templates.ApprovedTemplates;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.DispatchHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import com.loandesk.testsupport.TwilioTestEnv;
import com.loandesk.web.api.Errors;
import com.loandesk.testsupport.ApiHarness;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Click-to-call end to end: the API mounted with a real {@link ClickToCall} (the policy presets, the real
 * gate on the test database, the production Twilio bridge aimed at {@link FakeTwilio}), the clock set by the test.
 */
@ExtendWith(VertxExtension.class)
class ClickToCallTest {

    private static final String ADMIN_TOKEN = ApiHarness.ADMIN_TOKEN;
    private static final String BORROWER_PHONE = "+12125550123";
    private static final String COLE_PHONE = "+12125550999";
    /** Tuesday 12:00 in New York. */
    private static final Instant NOON_NY = Instant.parse("2026-11-24T17:00:00Z");

    private Vertx vertx;
    private SettableClock clock;
    private FakeTwilio fake;
    private Pool pool;
    private TwilioBridgeCall bridge;
    private HttpServer server;
    private WebClient client;
    private AccessStore access;
    private com.loandesk.metrics.DispatchMetrics metrics;
    private ClickToCall clickToCall;

    private long borrowerId;
    private long caseId;
    private String caseRef;
    private long pointId;
    private String cole;

    @BeforeEach
    void start(Vertx vertx) {
        this.vertx = vertx;
        TestDatabase.truncate();
        clock = new SettableClock(NOON_NY);
        fake = Await.result(FakeTwilio.start(vertx, 0, TwilioTestEnv.ACCOUNT_SID, TwilioTestEnv.AUTH_TOKEN)).callbacksEnabled(false);
        pool = TestDatabase.pool(vertx, 4);
        TestDatabase.exec("insert into template (code, version, channel, locale, body, approved_by, approved_at) "
                + "values ('click-to-call', 1, 'voice', 'en', 'Collector call', 'compliance-test', now())");
        ApprovedTemplates templates = Await.result(ApprovedTemplates.load(pool));
        ContextBuilder contexts = new ContextBuilder(ZoneResolver.withDefaults(List.of(ZoneId.of("America/New_York"))), templates);
        ImmediateGate gate = new ImmediateGate(new TaskStore(pool), com.loandesk.policies.PolicyFiles.load(Path.of("conf/policies")), contexts, clock,
                DispatchHarness.fastConfig());
        // a patient client: some tests hold Twilio's answer back for seconds to show the click does not wait for it
        bridge = TwilioBridgeCall.create(vertx, TwilioTestEnv.settings(fake, "http://localhost:1",
                Map.of("TWILIO_REQUEST_TIMEOUT_MS", "15000")));
        metrics = new com.loandesk.metrics.DispatchMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        clickToCall = new ClickToCall(pool, gate, bridge, clock, metrics);

        Router router = Router.router(vertx);
        var mounted = ApiHarness.mount(vertx, router, pool, clock, clickToCall);
        router.route().last().handler(ctx -> Errors.send(ctx, 404, "not_found", "no route " + ctx.request().path()));
        router.route().failureHandler(Errors::onFailure);
        server = Await.result(mounted.compose(v -> vertx.createHttpServer().requestHandler(router).listen(0)));
        // enough connections for every click of a test at once (the default is 5)
        client = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions(), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(20));
        access = AccessStore.create(vertx, pool, clock);

        borrowerId = Fixtures.borrower("US-NY", "America/New_York", "US");
        caseId = Fixtures.overdueCase(borrowerId);
        caseRef = Fixtures.text("select external_id from collection_case where id = ?", caseId);
        TestDatabase.exec("update collection_case set assigned_collector = 'cole' where id = " + caseId);
        pointId = Fixtures.mobile(borrowerId, BORROWER_PHONE);
        cole = collector("cole", COLE_PHONE);
    }

    @AfterEach
    void stop() {
        client.close();
        Await.result(server.close().compose(v -> bridge.close()).compose(v -> pool.close()).compose(v -> fake.close()));
    }

    private String collector(String username, String phone) {
        Await.result(access.createUser(username, Role.COLLECTOR, null, "test"));
        if (phone != null) {
            TestDatabase.exec("update users set phone = '" + phone + "' where username = '" + username + "'");
        }
        return Await.result(access.createToken(username, "test", null, "test"));
    }

    private HttpResponse<Buffer> post(String path, String token, JsonObject body) {
        return Await.result(client.request(HttpMethod.POST, server.actualPort(), "localhost", path)
                .bearerTokenAuthentication(token).sendJsonObject(body));
    }

    private HttpResponse<Buffer> call(String token) {
        return post("/api/cases/" + caseRef + "/calls", token, new JsonObject().put("contactPointId", pointId));
    }

    private HttpResponse<Buffer> outcome(long taskId, String token, JsonObject body) {
        return post("/api/calls/" + taskId + "/outcome", token, body);
    }

    private java.util.List<Long> awaiting(String token) {
        var r = Await.result(client.request(HttpMethod.GET, server.actualPort(), "localhost", "/api/calls/awaiting-outcome")
                .bearerTokenAuthentication(token).send());
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getJsonArray("calls").stream().map(o -> ((JsonObject) o).getLong("taskId")).toList();
    }

    @Test
    void a_placed_call_awaits_its_outcome_from_any_page_until_one_is_recorded_and_a_refused_click_never_does() {
        long placed = call(cole).bodyAsJsonObject().getLong("taskId");
        assertEquals(java.util.List.of(placed), awaiting(cole));
        assertEquals(java.util.List.of(), awaiting(collector("otto", "+12125550888")), "another collector's calls are theirs");
        clock.set(Instant.parse("2026-11-24T06:00:00Z")); // 01:00 in New York: refused
        assertEquals(409, call(cole).statusCode());
        assertEquals(java.util.List.of(placed), awaiting(cole), "a refused click placed no call");
        assertEquals(201, outcome(placed, cole, new JsonObject().put("outcome", "no_answer")).statusCode());
        assertEquals(java.util.List.of(), awaiting(cole));
    }

    /** A click the gate allowed: answered 202 at once; returns the task id once the call is placed (task 'sent'). */
    private long placedCall() {
        var r = call(cole);
        assertEquals(202, r.statusCode(), r.bodyAsString());
        long taskId = r.bodyAsJsonObject().getLong("taskId");
        awaitState(taskId, "sent");
        return taskId;
    }

    private static String state(long taskId) {
        return Fixtures.text("select state from contact_task where id = ?", taskId);
    }

    private static void awaitState(long taskId, String state) {
        Await.until("task " + taskId + " " + state, Duration.ofSeconds(20), () -> state.equals(state(taskId)));
    }

    @Test
    void click_to_call_rings_the_collector_and_bridges_the_borrower_recorded() {
        var r = call(cole);
        assertEquals(202, r.statusCode(), r.bodyAsString());
        assertEquals("sending", r.bodyAsJsonObject().getString("state"));
        long taskId = r.bodyAsJsonObject().getLong("taskId");
        awaitState(taskId, "sent");
        String sid = Fixtures.text("select provider_ref from contact_task where id = ?", taskId);
        assertNotNull(sid);
        assertTrue(sid.startsWith("CA"), sid);

        List<FakeRequest> posts = fake.posts("Calls.json");
        assertEquals(1, posts.size());
        FakeRequest post = posts.get(0);
        assertEquals(COLE_PHONE, post.param("To"));
        assertEquals(TwilioTestEnv.VOICE_FROM, post.param("From"));
        String twiml = post.param("Twiml");
        assertTrue(twiml.contains("<Dial"), twiml);
        assertTrue(twiml.contains("record=\"record-from-answer-dual\""), twiml);
        assertTrue(twiml.contains("callerId=\"" + TwilioTestEnv.VOICE_FROM + "\""), twiml);
        assertTrue(twiml.contains("/webhooks/twilio/recording-status"), twiml);
        assertTrue(twiml.contains(">" + BORROWER_PHONE + "</Number>"), twiml);
        assertTrue(post.param("StatusCallback").endsWith("/webhooks/twilio/call-status"));

        assertEquals("sent|" + sid + "|cole|click-to-call|voice", Fixtures.text(
                "select state || '|' || provider_ref || '|' || created_by || '|' || template || '|' || channel from contact_task where id = ?", taskId));
        assertEquals("task_created,sending,sent", Fixtures.text(
                "select string_agg(event, ',' order by id) from case_history where task_id = ?", taskId));
        assertEquals("cole", Fixtures.text("select actor from case_history where task_id = ? and event = 'task_created'", taskId));
        assertEquals(1, Fixtures.count("select count(*) from contact_attempt where task_id = ?", taskId));
    }

    @Test
    void click_to_call_is_answered_once_the_gate_decided_not_when_twilio_answers() {
        fake.latency(Duration.ofSeconds(3));
        var r = call(cole);
        assertEquals(202, r.statusCode(), r.bodyAsString());
        long taskId = r.bodyAsJsonObject().getLong("taskId");
        // the decision is committed (the task is 'sending' with its ledger row) while Twilio has not answered yet
        assertEquals("sending", state(taskId));
        assertEquals(1, Fixtures.count("select count(*) from contact_attempt where task_id = ?", taskId));
        assertEquals(0, fake.posts("Calls.json").size());

        awaitState(taskId, "sent");
        assertEquals(1, fake.posts("Calls.json").size());
        assertEquals("task_created,sending,sent", Fixtures.text(
                "select string_agg(event, ',' order by id) from case_history where task_id = ?", taskId));
    }

    @Test
    void a_placed_call_whose_answer_cannot_be_written_at_first_is_written_on_a_later_try() {
        // the database refuses the first write of a call's answer (a real failure, raised by a trigger once: a
        // sequence, unlike a table, keeps its count when the failing transaction rolls back)
        TestDatabase.exec("create sequence fail_once");
        TestDatabase.exec("""
                create function fail_first_sent() returns trigger language plpgsql as $$
                begin
                    if new.state = 'sent' and old.state = 'sending' and nextval('fail_once') = 1 then
                        raise exception 'simulated outage';
                    end if;
                    return new;
                end $$""");
        TestDatabase.exec("create trigger fail_first_sent before update on contact_task for each row execute function fail_first_sent()");
        try {
            var r = call(cole);
            assertEquals(202, r.statusCode(), r.bodyAsString());
            long taskId = r.bodyAsJsonObject().getLong("taskId");
            awaitState(taskId, "sent");
            assertTrue(Fixtures.count("select last_value from fail_once") >= 2, "the first write did fail");
            assertNotNull(Fixtures.text("select provider_ref from contact_task where id = ?", taskId));
            assertEquals(1, fake.posts("Calls.json").size(), "the call is placed once; only its answer's write is retried");
        } finally {
            TestDatabase.exec("drop trigger fail_first_sent on contact_task; drop function fail_first_sent(); drop sequence fail_once");
        }
    }

    @Test
    void a_second_click_while_the_first_call_is_being_placed_is_409_call_in_progress() {
        fake.latency(Duration.ofSeconds(3));
        var first = call(cole);
        assertEquals(202, first.statusCode(), first.bodyAsString());
        long taskId = first.bodyAsJsonObject().getLong("taskId");

        var second = call(cole);
        assertEquals(409, second.statusCode(), second.bodyAsString());
        assertEquals("call_in_progress", second.bodyAsJsonObject().getString("error"));
        assertEquals(taskId, second.bodyAsJsonObject().getLong("taskId"));
        assertEquals(1, Fixtures.count("select count(*) from contact_task"));

        awaitState(taskId, "sent");
        fake.latency(Duration.ZERO);
        var third = call(cole);
        assertEquals(202, third.statusCode(), third.bodyAsString());
        awaitState(third.bodyAsJsonObject().getLong("taskId"), "sent");
        assertEquals(2, fake.posts("Calls.json").size());
    }

    @Test
    void a_call_twilio_refuses_after_the_answer_leaves_its_task_failed_with_the_code() {
        fake.invalidNumber(COLE_PHONE);
        var r = call(cole);
        assertEquals(202, r.statusCode(), r.bodyAsString());
        long taskId = r.bodyAsJsonObject().getLong("taskId");
        awaitState(taskId, "failed");
        String error = Fixtures.text("select last_error from contact_task where id = ?", taskId);
        assertTrue(error.startsWith("21211"), error);
        // the number Twilio refused is the collector's: nothing is held against the borrower's number
        assertEquals("{}", Fixtures.text("select invalid_channels::text from contact_point where id = ?", pointId));
        // a refused call is not a live one: the collector can click again, and is judged again
        var again = call(cole);
        assertEquals(202, again.statusCode(), again.bodyAsString());
        awaitState(again.bodyAsJsonObject().getLong("taskId"), "failed");
    }

    @Test
    void a_double_click_creates_one_call_and_answers_the_other_409_call_in_progress() {
        fake.latency(Duration.ofSeconds(3));
        var one = client.request(HttpMethod.POST, server.actualPort(), "localhost", "/api/cases/" + caseRef + "/calls")
                .bearerTokenAuthentication(cole).sendJsonObject(new JsonObject().put("contactPointId", pointId));
        var two = client.request(HttpMethod.POST, server.actualPort(), "localhost", "/api/cases/" + caseRef + "/calls")
                .bearerTokenAuthentication(cole).sendJsonObject(new JsonObject().put("contactPointId", pointId));
        List<Integer> statuses = new java.util.ArrayList<>(List.of(Await.result(one).statusCode(), Await.result(two).statusCode()));
        statuses.sort(null);
        assertEquals(List.of(202, 409), statuses);
        assertEquals(1, Fixtures.count("select count(*) from contact_task"));
        assertEquals(1, Fixtures.count("select count(*) from contact_attempt"));
        long taskId = Fixtures.count("select id from contact_task");
        awaitState(taskId, "sent");
        assertEquals(1, fake.posts("Calls.json").size());
    }

    /** A collector with a phone of their own and a case of their own (a New York borrower with a mobile); returns the token. */
    private String collectorWithCase(String username, String phone, String borrowerPhone, List<String> caseRefs,
                                     List<Long> points) {
        String token = collector(username, phone);
        long borrower = Fixtures.borrower("US-NY", "America/New_York", "US");
        long kase = Fixtures.overdueCase(borrower);
        TestDatabase.exec("update collection_case set assigned_collector = '" + username + "' where id = " + kase);
        caseRefs.add(Fixtures.text("select external_id from collection_case where id = ?", kase));
        points.add(Fixtures.mobile(borrower, borrowerPhone));
        return token;
    }

    private io.vertx.core.Future<HttpResponse<Buffer>> click(String token, String ref, long point) {
        return client.request(HttpMethod.POST, server.actualPort(), "localhost", "/api/cases/" + ref + "/calls")
                .bearerTokenAuthentication(token).sendJsonObject(new JsonObject().put("contactPointId", point));
    }

    @Test
    void clicks_arriving_while_one_is_judged_are_judged_together_each_under_its_own_caller_and_never_past_a_cap() throws Exception {
        fake.latency(Duration.ofSeconds(2));
        // cole's borrower was called on each of the last six days: us-reg-f allows one more call this week
        for (int day = 1; day <= 6; day++) {
            TestDatabase.exec("insert into contact_attempt (borrower_id, case_id, contact_point_id, channel, point_kind, at, connected, outcome) "
                    + "values (" + borrowerId + ", " + caseId + ", " + pointId + ", 'voice', 'mobile', timestamptz '" + NOON_NY
                    + "' - interval '" + day + " days', false, 'no_answer')");
        }
        TestDatabase.exec("update users set phone = '+12125550100' where username = 'admin'");
        List<String> refs = new java.util.ArrayList<>();
        List<Long> points = new java.util.ArrayList<>();
        String bea = collectorWithCase("bea", "+12125550200", "+12125550300", refs, points);
        List<String> others = new java.util.ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            others.add(collectorWithCase("col" + i, "+1212555021" + i, "+1212555031" + i, refs, points));
        }

        var bookings = new java.util.ArrayList<io.vertx.core.Future<HttpResponse<Buffer>>>();
        io.vertx.core.Future<HttpResponse<Buffer>> first;
        try (var holder = java.sql.DriverManager.getConnection(TestDatabase.target().jdbcUrl(), TestDatabase.target().user(),
                TestDatabase.target().password())) {
            // bea's click is judged first and alone, and waits on her user row, held here
            holder.setAutoCommit(false);
            try (var st = holder.createStatement()) {
                st.execute("select 1 from users where username = 'bea' for update");
            }
            first = click(bea, refs.get(0), points.get(0));
            Await.until("bea's batch waits on the lock", Duration.ofSeconds(10),
                    () -> Fixtures.count("select count(*) from pg_locks where not granted") > 0);
            // meanwhile: cole and an admin on the same borrower, five collectors on their own cases
            bookings.add(click(cole, caseRef, pointId));
            bookings.add(click(ADMIN_TOKEN, caseRef, pointId));
            for (int i = 0; i < others.size(); i++) {
                bookings.add(click(others.get(i), refs.get(i + 1), points.get(i + 1)));
            }
            Await.until("the seven other clicks waiting for the next batch", Duration.ofSeconds(10), () -> clickToCall.waiting() == 7);
            assertEquals(0, Fixtures.count("select count(*) from contact_task"), "nothing is judged while bea's batch waits");
            holder.rollback();
        }
        assertEquals(202, Await.result(first).statusCode());
        List<HttpResponse<Buffer>> answers = bookings.stream().map(Await::result).toList();

        // the seven waiting clicks were judged in one transaction: their tasks share its id
        assertEquals(1, Fixtures.count("select count(distinct xmin::text) from contact_task where created_by <> 'bea'"));
        List<Integer> sameBorrower = new java.util.ArrayList<>(List.of(answers.get(0).statusCode(), answers.get(1).statusCode()));
        sameBorrower.sort(null);
        assertEquals(List.of(202, 409), sameBorrower, "one more call allowed on cole's borrower this week, not two");
        HttpResponse<Buffer> refused = answers.get(0).statusCode() == 409 ? answers.get(0) : answers.get(1);
        assertEquals("not_allowed", refused.bodyAsJsonObject().getString("error"), refused.bodyAsString());
        assertEquals(7, Fixtures.count("select count(*) from contact_attempt where borrower_id = ?", borrowerId));
        for (int i = 2; i < answers.size(); i++) {
            assertEquals(202, answers.get(i).statusCode(), answers.get(i).bodyAsString());
        }

        // each allowed call rang its own caller's phone, and was completed under its own caller
        Await.until("all calls placed", Duration.ofSeconds(20),
                () -> Fixtures.count("select count(*) from contact_task where state = 'sending'") == 0);
        assertEquals(7, Fixtures.count("select count(*) from contact_task where state = 'sent'"));
        assertEquals(7, Fixtures.count("""
                select count(*) from contact_task t
                  join case_history s on s.task_id = t.id and s.event = 'sending' and s.actor = 'collector:' || t.created_by
                  join case_history d on d.task_id = t.id and d.event = 'sent' and d.actor = 'collector:' || t.created_by
                """));
        List<String> rung = fake.posts("Calls.json").stream().map(p -> p.param("To")).sorted().toList();
        List<String> callers = Fixtures.text("""
                select string_agg(u.phone, ',' order by u.phone) from contact_task t join users u on u.username = t.created_by
                 where t.state = 'sent'
                """).lines().flatMap(l -> java.util.Arrays.stream(l.split(","))).toList();
        assertEquals(callers, rung);
    }

    @Test
    void each_click_is_timed_against_the_desk_target_and_counted_with_its_rule() {
        placedCall();
        clock.set(Instant.parse("2026-11-24T06:00:00Z")); // 01:00 in New York
        assertEquals(409, call(cole).statusCode());
        var registry = metrics.registry();
        var timer = registry.get("loandesk_click_decision_seconds").timer();
        assertEquals(2, timer.count());
        assertTrue(timer.max(java.util.concurrent.TimeUnit.MILLISECONDS) > 0);
        assertEquals(2, registry.get("loandesk_click_batch_size").summary().count());
        assertEquals(1.0, registry.get("loandesk_decisions_total").tags("outcome", "allowed", "channel", "voice").counter().count());
        assertEquals(1.0, registry.get("loandesk_decisions_total").tags("outcome", "deferred", "rule", "QUIET_HOURS").counter().count());
    }

    @Test
    void a_point_that_is_not_a_phone_of_the_case_borrower_is_400_and_writes_nothing() {
        long email = Fixtures.email(borrowerId, "b@example.com");
        long stranger = Fixtures.mobile(Fixtures.borrower("US-NY", "America/New_York", "US"), "+12125550777");
        for (long point : List.of(email, stranger, 999_999L)) {
            var r = post("/api/cases/" + caseRef + "/calls", cole, new JsonObject().put("contactPointId", point));
            assertEquals(400, r.statusCode(), r.bodyAsString());
            assertEquals("contactPointId", r.bodyAsJsonObject().getString("field"));
        }
        assertEquals(404, post("/api/cases/NO-SUCH-CASE/calls", cole, new JsonObject().put("contactPointId", pointId)).statusCode());
        assertEquals(0, Fixtures.count("select count(*) from contact_task"));
        assertEquals(0, Fixtures.count("select count(*) from case_history"));
        assertEquals(0, fake.posts("Calls.json").size());
        // and nothing was left locked or open: a good click goes through
        assertEquals(202, call(cole).statusCode());
    }

    @Test
    void click_to_call_in_quiet_hours_answers_409_with_rule_and_next_local_time() {
        clock.set(Instant.parse("2026-11-24T06:00:00Z")); // 01:00 in New York
        var r = call(cole);
        assertEquals(409, r.statusCode(), r.bodyAsString());
        JsonObject body = r.bodyAsJsonObject();
        assertEquals("not_allowed", body.getString("error"));
        assertEquals("QUIET_HOURS", body.getString("ruleId"));
        assertEquals("us-reg-f", body.getString("policy"));
        assertNotNull(body.getString("reason"));
        assertEquals("2026-11-24T13:00:00Z", body.getString("until"));
        assertTrue(body.getString("untilLocal").startsWith("2026-11-24T08:00-05:00"), body.getString("untilLocal"));
        assertEquals(0, fake.posts("Calls.json").size());
        assertEquals("blocked", Fixtures.text("select state from contact_task where id = ?", body.getLong("taskId")),
                "a refused click is refused, not a call still to come");
        assertEquals("task_created,refused", Fixtures.text("select string_agg(event, ',' order by id) from case_history where task_id = ?",
                body.getLong("taskId")));
        assertEquals("2026-11-24T13:00:00Z", Fixtures.text("select detail->>'until' from case_history where task_id = ? and event = 'refused'",
                body.getLong("taskId")), "the history keeps when it would have been allowed");
    }

    @Test
    void click_to_call_on_a_disputed_case_is_blocked_by_HOLD() {
        TestDatabase.exec("insert into case_hold (case_id, kind, reason, set_by, set_at) values (" + caseId
                + ", 'dispute', 'denies the loan', 'carol', now())");
        var r = call(cole);
        assertEquals(409, r.statusCode(), r.bodyAsString());
        assertEquals("HOLD", r.bodyAsJsonObject().getString("ruleId"));
        assertEquals("blocked", Fixtures.text("select state from contact_task where id = ?", r.bodyAsJsonObject().getLong("taskId")));
        assertEquals(0, fake.posts("Calls.json").size());
    }

    @Test
    void collector_cannot_call_a_case_assigned_to_someone_else() {
        String otto = collector("otto", "+12125550888");
        var r = call(otto);
        assertEquals(404, r.statusCode(), r.bodyAsString());
        assertEquals(0, Fixtures.count("select count(*) from contact_task"));
        assertEquals(0, fake.posts("Calls.json").size());

        long taskId = placedCall();
        // another collector's call answers as an unknown one does: nothing tells them it exists
        var theirs = outcome(taskId, otto, new JsonObject().put("outcome", "no_answer"));
        assertEquals(404, theirs.statusCode(), theirs.bodyAsString());
        assertEquals("no call " + taskId, theirs.bodyAsJsonObject().getString("message"));
        var unknown = outcome(taskId + 1000, otto, new JsonObject().put("outcome", "no_answer"));
        assertEquals(unknown.bodyAsJsonObject().getString("error"), theirs.bodyAsJsonObject().getString("error"));
        assertEquals(0, Fixtures.count("select count(*) from case_history where event = 'call_outcome'"));

        String noPhone = collector("nia", null);
        TestDatabase.exec("update collection_case set assigned_collector = 'nia' where id = " + caseId);
        var phoneless = call(noPhone);
        assertEquals(409, phoneless.statusCode(), phoneless.bodyAsString());
        assertTrue(phoneless.bodyAsJsonObject().getString("message").contains("no phone"));
    }

    @Test
    void dispute_outcome_opens_a_hold_that_blocks_further_contact() {
        long taskId = placedCall();
        var r = outcome(taskId, cole, new JsonObject().put("outcome", "dispute").put("note", "says the loan was never taken"));
        assertEquals(201, r.statusCode(), r.bodyAsString());
        long holdId = r.bodyAsJsonObject().getLong("holdId");
        assertEquals("dispute|cole|says the loan was never taken", Fixtures.text(
                "select kind || '|' || set_by || '|' || reason from case_hold where id = ? and cleared_at is null", holdId));
        assertEquals("dispute|cole|says the loan was never taken", Fixtures.text(
                "select detail->>'outcome' || '|' || actor || '|' || (detail->>'note') from case_history where task_id = ? and event = 'call_outcome'",
                taskId));
        assertEquals(1, Fixtures.count("select count(*) from case_history where case_id = ? and event = 'hold_set' and actor = 'cole'", caseId));

        var again = outcome(taskId, cole, new JsonObject().put("outcome", "other"));
        assertEquals(409, again.statusCode(), again.bodyAsString());

        clock.tick(Duration.ofMinutes(5));
        var next = call(cole);
        assertEquals(409, next.statusCode(), next.bodyAsString());
        assertEquals("HOLD", next.bodyAsJsonObject().getString("ruleId"));
        assertEquals(1, fake.posts("Calls.json").size());
    }

    @Test
    void callback_outcome_records_a_callback_request() {
        long taskId = placedCall();
        Instant at = NOON_NY.plus(Duration.ofDays(1));
        var r = outcome(taskId, cole, new JsonObject().put("outcome", "callback").put("callbackAt", at.toString()).put("note", "after work"));
        assertEquals(201, r.statusCode(), r.bodyAsString());
        long id = r.bodyAsJsonObject().getLong("callbackRequestId");
        assertEquals(at.toString() + "|" + at.plus(Duration.ofMinutes(30)) + "|" + pointId + "|" + caseId + "|cole|call", Fixtures.text(
                "select to_char(from_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || '|' "
                        + "|| to_char(until_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || '|' || contact_point_id || '|' "
                        + "|| case_id || '|' || recorded_by || '|' || requested_via from callback_request where id = ?", id));
        assertEquals(at.toString(), Fixtures.text(
                "select detail->>'callbackAt' from case_history where task_id = ? and event = 'call_outcome'", taskId));
    }

    @Test
    void wrong_number_outcome_marks_the_number_invalid_for_voice_and_sms() {
        long taskId = placedCall();
        var r = outcome(taskId, cole, new JsonObject().put("outcome", "wrong_number"));
        assertEquals(201, r.statusCode(), r.bodyAsString());
        assertEquals("{sms,voice}", Fixtures.text("select invalid_channels::text from contact_point where id = ?", pointId));
    }

    @Test
    void malformed_outcome_names_the_field() {
        long taskId = placedCall();
        assertField("outcome", outcome(taskId, cole, new JsonObject().put("outcome", "maybe")));
        assertField("outcome", outcome(taskId, cole, new JsonObject()));
        assertField("promiseAmount", outcome(taskId, cole, new JsonObject().put("outcome", "promise_to_pay").put("promiseDate", "2026-12-01")));
        assertField("promiseAmount", outcome(taskId, cole, new JsonObject().put("outcome", "promise_to_pay").put("promiseAmount", -5)
                .put("promiseDate", "2026-12-01")));
        assertField("promiseDate", outcome(taskId, cole, new JsonObject().put("outcome", "promise_to_pay").put("promiseAmount", 150)
                .put("promiseDate", "next week")));
        assertField("callbackAt", outcome(taskId, cole, new JsonObject().put("outcome", "callback").put("callbackAt", "tomorrow")));
        assertField("callbackAt", outcome(taskId, cole, new JsonObject().put("outcome", "callback")
                .put("callbackAt", NOON_NY.minus(Duration.ofHours(1)).toString())));
        assertField("note", outcome(taskId, cole, new JsonObject().put("outcome", "other").put("note", "x".repeat(2001))));
        assertField("taskId", outcome(0, cole, new JsonObject().put("outcome", "other")));
        assertField("contactPointId", post("/api/cases/" + caseRef + "/calls", cole, new JsonObject().put("contactPointId", "abc")));
        assertEquals(404, outcome(999999, cole, new JsonObject().put("outcome", "other")).statusCode());
        assertEquals(0, Fixtures.count("select count(*) from case_history where event = 'call_outcome'"));

        var ok = outcome(taskId, cole, new JsonObject().put("outcome", "promise_to_pay").put("promiseAmount", "150.00")
                .put("promiseDate", "2026-12-01").put("note", "will pay on payday"));
        assertEquals(201, ok.statusCode(), ok.bodyAsString());
        assertEquals("150.00|2026-12-01", Fixtures.text(
                "select (detail->>'promiseAmount') || '|' || (detail->>'promiseDate') from case_history where task_id = ? and event = 'call_outcome'",
                taskId));
    }

    private static void assertField(String field, HttpResponse<Buffer> r) {
        assertEquals(400, r.statusCode(), r.bodyAsString());
        assertEquals(field, r.bodyAsJsonObject().getString("field"), r.bodyAsString());
    }
}
