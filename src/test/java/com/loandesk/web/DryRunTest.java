package com.loandesk.web;

import com.loandesk.web.api.DryRunApi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.dispatch.ContextBuilder;
import com.loandesk.dispatch.DryRun;
import com.loandesk.rules.ContactGate;
import com.loandesk.rules.PolicyBook;
import com.loandesk.rules.ZoneResolver;
import com.loandesk.store.TaskStore;
import com.loandesk.templates.ApprovedTemplates;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dry run reports send-now, deferred-until and blocked-by-rule, and writes nothing. */
@ExtendWith(VertxExtension.class)
class DryRunTest {

    private final SettableClock clock = SettableClock.at("2026-11-24T02:30:00Z"); // 21:30 in New York, 18:30 in LA
    private final List<Boolean> judgedOnEventLoop = new CopyOnWriteArrayList<>();
    private Pool pool;
    private ApprovedTemplates templates;
    private HttpServer server;
    private WebClient client;

    @BeforeEach
    void setUp(Vertx vertx) {
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder");
        pool = TestDatabase.pool(vertx, 2);
        templates = Await.result(ApprovedTemplates.load(pool));
        var contexts = new ContextBuilder(ZoneResolver.withDefaults(List.of(ZoneId.of("America/New_York"))), templates);
        PolicyBook book = com.loandesk.policies.PolicyFiles.load(Path.of("conf/policies"));
        ContactGate recording = (context, now) -> {
            judgedOnEventLoop.add(Context.isOnEventLoopThread());
            return book.check(context, now);
        };
        DryRun dryRun = new DryRun(vertx, new TaskStore(pool), recording, contexts, clock, Duration.ofDays(31), "Acme Credit");
        Router router = Router.router(vertx);
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(65536));
        new DryRunApi(dryRun, clock).mount(router, RoutingContext::next, RoutingContext::next);
        server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0));
        client = WebClient.create(vertx);
    }

    @AfterEach
    void tearDown() {
        client.close();
        Await.result(server.close());
        Await.result(pool.close());
    }

    private HttpResponse<io.vertx.core.buffer.Buffer> post(Object body) {
        return Await.result(client.post(server.actualPort(), "localhost", "/api/dry-run")
                .putHeader("content-type", "application/json").sendBuffer(io.vertx.core.buffer.Buffer.buffer(body.toString())));
    }

    @Test
    void dry_run_of_a_wave_selection_reports_now_deferred_and_blocked_and_sends_nothing() {
        long ny = Fixtures.borrower("US-NY", null, "US");
        Fixtures.mobile(ny, "+12125550101");
        Fixtures.caseFor(ny, "early", "overdue", "900.00");
        long la = Fixtures.borrower("US-CA", null, "US");
        Fixtures.mobile(la, "+14155550102");
        Fixtures.caseFor(la, "early", "overdue", "900.00");
        long paid = Fixtures.borrower("US-CA", null, "US");
        Fixtures.mobile(paid, "+14155550103");
        Fixtures.caseFor(paid, "early", "paid", "0.00");
        Fixtures.caseFor(Fixtures.borrower("US-CA", null, "US"), "middle", "overdue", "900.00"); // other stage
        long historyBefore = Fixtures.count("select count(*) from case_history");

        JsonObject report = post(new JsonObject().put("channel", "voice").put("template", "reminder")
                .put("selection", new JsonObject().put("stage", "early"))).bodyAsJsonObject();

        assertEquals(2, report.getInteger("total"), "a paid case is never selected: " + report.encodePrettily());
        assertEquals(1, report.getInteger("sendNow"));
        assertEquals(1, report.getInteger("deferred"));
        assertEquals(0, report.getInteger("blocked"));
        assertEquals(new JsonObject().put("QUIET_HOURS", 1), report.getJsonObject("byRule"));
        JsonObject deferred = report.getJsonArray("items").stream().map(JsonObject.class::cast)
                .filter(i -> "deferred".equals(i.getString("outcome"))).findFirst().orElseThrow();
        assertEquals("2026-11-24T08:00-05:00 America/New_York", deferred.getJsonObject("detail").getString("untilLocal"));
        assertEquals(historyBefore, Fixtures.count("select count(*) from case_history"), "a dry run writes nothing");
        assertEquals(0, Fixtures.count("select count(*) from contact_task"));
        assertEquals(0, Fixtures.count("select count(*) from contact_attempt"));
    }

    @Test
    void a_dry_run_with_the_waves_window_judges_it_as_create_would_and_says_when_they_go() {
        long la = Fixtures.borrower("US-CA", null, "US"); // 18:30 in Los Angeles: inside the hours, outside a 09:00-12:00 window
        Fixtures.mobile(la, "+14155550104");
        Fixtures.caseFor(la, "early", "overdue", "900.00");
        JsonObject selection = new JsonObject().put("channel", "voice").put("template", "reminder")
                .put("selection", new JsonObject().put("stage", "early"));

        JsonObject without = post(selection.copy()).bodyAsJsonObject();
        assertEquals(1, without.getInteger("sendNow"), without.encodePrettily());

        JsonObject within = post(selection.copy().put("window", new JsonObject().put("start", "09:00").put("end", "12:00")))
                .bodyAsJsonObject();
        assertEquals(0, within.getInteger("sendNow"), "the wave's window holds it back, as its task would be: " + within.encodePrettily());
        assertEquals(new JsonObject().put("TASK_WINDOW", 1), within.getJsonObject("byRule"));
        JsonObject item = within.getJsonArray("items").getJsonObject(0);
        assertEquals("2026-11-24T09:00-08:00 America/Los_Angeles", item.getJsonObject("detail").getString("untilLocal"),
                "when it will go, in the borrower's time");
        assertEquals(new JsonObject().put("outcome", "deferred").put("ruleId", "TASK_WINDOW").put("localAt", "2026-11-24T09:00")
                        .put("count", 1).put("examples", new JsonArray().add(item.getString("caseRef"))),
                within.getJsonArray("groups").getJsonObject(0), "grouped by rule and the local time they go, with examples");

        JsonObject atStart = post(selection.copy().put("window", new JsonObject().put("start", "09:00").put("end", "12:00"))
                .put("startsAt", "2026-11-24T17:30:00Z")).bodyAsJsonObject();
        assertEquals(1, atStart.getInteger("sendNow"), "judged at the wave's start, 09:30 in Los Angeles: " + atStart.encodePrettily());
        assertEquals("2026-11-24T17:30:00Z", atStart.getString("evaluatedAt"));

        assertEquals("window.end", post(selection.copy().put("window", new JsonObject().put("start", "12:00").put("end", "09:00")))
                .bodyAsJsonObject().getString("field"));
        assertEquals("window.start", post(selection.copy().put("window", new JsonObject().put("start", "9am").put("end", "12:00")))
                .bodyAsJsonObject().getString("field"));
    }

    @Test
    void dry_run_of_tasks_leaves_them_pending() {
        long b = Fixtures.borrower("US-CA", null, "US");
        long caseId = Fixtures.overdueCase(b);
        long phone = Fixtures.mobile(b, "+14155550102");
        long task = Fixtures.task(caseId, phone, "voice", clock.instant().minus(Duration.ofMinutes(1)));
        JsonObject report = post(new JsonObject().put("taskIds", new JsonArray().add(task))).bodyAsJsonObject();
        assertEquals(1, report.getInteger("sendNow"), report.encodePrettily());
        assertEquals(task, report.getJsonArray("items").getJsonObject(0).getLong("taskId"));
        assertEquals("pending", Fixtures.text("select state from contact_task where id = ?", task));
    }

    @Test
    void malformed_dry_run_requests_are_refused_naming_the_field() {
        JsonObject element = post(new JsonObject().put("taskIds", new JsonArray().add("one"))).bodyAsJsonObject();
        assertEquals("taskIds", element.getString("field"));
        assertEquals("taskIds[0] must be a whole number", element.getString("message"), "the element named, as openapi.yaml's check says it");
        assertEquals("channel", post(new JsonObject().put("channel", "fax").put("template", "t")
                .put("selection", new JsonObject())).bodyAsJsonObject().getString("field"));
        assertEquals("selection", post(new JsonObject().put("channel", "sms").put("template", "t")
                .put("selection", new JsonObject())).bodyAsJsonObject().getString("field"), "as Create, a selection of every case is refused");
        assertEquals("selection.colour", post(new JsonObject().put("channel", "sms").put("template", "t")
                .put("selection", new JsonObject().put("colour", "red"))).bodyAsJsonObject().getString("field"), "as Create");
        assertEquals("selection.stage", post(new JsonObject().put("channel", "sms").put("template", "t")
                .put("selection", new JsonObject().put("stage", "whenever"))).bodyAsJsonObject().getString("field"));
        var notJson = post("{not json");
        assertEquals(400, notJson.statusCode());
        assertEquals(400, post(new JsonObject()).statusCode());
    }

    @Test
    void a_big_selection_is_judged_a_page_of_whole_borrowers_at_a_time_on_a_worker_thread() {
        Set<Long> cases = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            long b = Fixtures.borrower("US-CA", null, "US");
            Fixtures.mobile(b, "+1415555" + (1000 + i));
            cases.add(Fixtures.caseFor(b, "early", "overdue", "900.00"));
            cases.add(Fixtures.caseFor(b, "early", "overdue", "100.00"));
        }
        Set<String> seen = new HashSet<>();
        int pages = 0;
        String after = null;
        do {
            JsonObject body = new JsonObject().put("channel", "sms").put("template", "reminder").put("limit", 5).put("details", 10)
                    .put("selection", new JsonObject().put("stage", "early"));
            if (after != null) {
                body.put("after", after);
            }
            JsonObject page = post(body).bodyAsJsonObject();
            pages++;
            assertEquals(page.getInteger("total"), page.getJsonArray("items").size(), page.encodePrettily());
            assertEquals(0, page.getInteger("total") % 2, "a borrower's two cases are judged on one page: " + page.encodePrettily());
            page.getJsonArray("items").forEach(i -> assertTrue(seen.add(((JsonObject) i).getString("caseRef")), "judged twice: " + i));
            after = page.getString("next");
        } while (after != null && pages < 10);
        assertEquals(cases.size(), seen.size(), "every case judged once over the pages");
        assertEquals(4, pages, "pages of 2 borrowers (4 of the 5 contacts a page may hold), then the last borrower");
        assertFalse(judgedOnEventLoop.isEmpty());
        assertFalse(judgedOnEventLoop.contains(true), "the gate never runs on an event loop");
    }

    @Test
    void a_selection_page_over_5000_contacts_or_a_made_up_cursor_is_refused_naming_the_field() {
        JsonObject body = new JsonObject().put("channel", "sms").put("template", "reminder")
                .put("selection", new JsonObject().put("stage", "early"));
        var big = post(body.copy().put("limit", 50_000));
        assertEquals(400, big.statusCode());
        assertEquals("limit", big.bodyAsJsonObject().getString("field"));
        var cursor = post(body.copy().put("after", "tomorrow"));
        assertEquals(400, cursor.statusCode());
        assertEquals("after", cursor.bodyAsJsonObject().getString("field"));
    }

    @Test
    void a_case_busy_in_another_wave_is_left_out_as_create_would_skip_it() {
        long free = Fixtures.borrower("US-CA", null, "US");
        Fixtures.mobile(free, "+14155550105");
        Fixtures.caseFor(free, "early", "overdue", "900.00");
        long taken = Fixtures.borrower("US-CA", null, "US");
        Fixtures.mobile(taken, "+14155550106");
        long takenCase = Fixtures.caseFor(taken, "early", "overdue", "900.00");
        TestDatabase.exec("update collection_case set product = 'card' where id = " + takenCase);
        var waves = com.loandesk.store.WaveStore.create(pool, clock, 100);
        Await.result(waves.create(new com.loandesk.store.WaveSpec("cards", new com.loandesk.store.WaveSelection(
                com.loandesk.rules.Channel.SMS, "reminder", null, null, null, "card", null, null, null, null, Integer.MAX_VALUE),
                null, null, null, null, null), "cron"));

        JsonObject report = post(new JsonObject().put("channel", "sms").put("template", "reminder")
                .put("selection", new JsonObject().put("stage", "early"))).bodyAsJsonObject();
        var counts = Await.result(waves.preview(new com.loandesk.store.WaveSpec("early", new com.loandesk.store.WaveSelection(
                com.loandesk.rules.Channel.SMS, "reminder", "early", null, null, null, null, null, null, null, Integer.MAX_VALUE),
                null, null, null, null, null)));
        assertEquals(1, counts.enqueued());
        assertEquals(1, counts.skipped());
        assertEquals((int) counts.enqueued(), report.getInteger("total"),
                "the dry run judges exactly the cases Create would enqueue: " + report.encodePrettily());
    }

    @Test
    void an_sms_selection_says_what_its_texts_cost_in_segments_and_how_many_go_as_ucs2() {
        for (int i = 0; i < 3; i++) {
            long b = Fixtures.borrower("CN-31", "Asia/Shanghai", "CN"); // 10:30 in Shanghai
            Fixtures.mobile(b, "+861380013800" + i);
            Fixtures.caseFor(b, "early", "overdue", "900.00");
        }
        JsonObject body = new JsonObject().put("channel", "sms").put("template", "reminder")
                .put("selection", new JsonObject().put("stage", "early"));
        assertEquals(new JsonObject().put("messages", 3).put("segments", 3).put("ucs2", 0).put("unrendered", 0),
                post(body).bodyAsJsonObject().getJsonObject("sms"), "three short GSM-7 reminders");

        TestDatabase.exec("insert into template (code, version, channel, locale, body, approved_by, approved_at) values ('reminder', 2, "
                + "'sms', 'en', '{{lenderName}}提醒{{firstName}}：您的贷款{{amount}}{{currency}}已逾期，请尽快还款，以免影响您的信用记录。"
                + "如已还款请忽略本短信。详情请登录APP查看或致电客服热线。', 'compliance-test', now())");
        Await.result(templates.refresh());
        assertEquals(new JsonObject().put("messages", 3).put("segments", 6).put("ucs2", 3).put("unrendered", 0),
                post(body).bodyAsJsonObject().getJsonObject("sms"), "the same three in Chinese: two segments each");
    }
}
