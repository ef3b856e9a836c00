package com.loandesk.web.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.Providers;
import com.loandesk.Service;
import com.loandesk.auth.AccessStore;
import com.loandesk.auth.Role;
import com.loandesk.cases.Masking;
import com.loandesk.config.AppConfig;
import com.loandesk.fake.FakeRequest;
import com.loandesk.fake.TwilioSignature;
import com.loandesk.rules.PolicyBook;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.SettableClock;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The three people's pages, clicked through in headless Chromium against the whole service as Main assembles it
 * ({@link Service} with the built-in Twilio fake, the policy presets and the real dispatcher), the clock fixed at a
 * Tuesday noon in New York. Each test logs in through the login page as its own user and asserts on what the page
 * shows, then on the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagesInChromiumTest {

    private static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdefghijklmnop";
    private static final String PASSWORD = "correct horse battery";
    private static final Instant NOON_NY = Instant.parse("2026-11-24T17:00:00Z");
    private static final String COLE_PHONE = "+12125550999";

    private Vertx vertx;
    private Service service;
    private Chromium browser;
    private WebClient http;
    private String base;

    @BeforeAll
    void start() throws Exception {
        vertx = Vertx.vertx();
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder");
        TestDatabase.exec("insert into template (code, version, channel, locale, body, approved_by, approved_at) "
                + "values ('click-to-call', 1, 'voice', 'en', 'Collector call', 'compliance-test', now())");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> env = Map.of("PORT", String.valueOf(port), "LOANDESK_ADMIN_TOKEN", ADMIN_TOKEN,
                "LOANDESK_COOKIE_SECURE", "false");
        AppConfig config = AppConfig.load(Path.of("conf/demo.yaml"), env);
        SettableClock clock = new SettableClock(NOON_NY);
        service = Await.result(Providers.start(vertx, config, env, port).compose(providers -> Service.start(vertx, config,
                TestDatabase.target(), clock, providers, com.loandesk.policies.PolicyFiles.load(config.rules().policiesDir(), config.rules().housePolicy()), env)));
        base = "http://localhost:" + service.httpPort();
        http = WebClient.create(vertx);
        AccessStore access = AccessStore.create(vertx, service.pool(), clock);
        for (var user : Map.of("sam", Role.SCHEDULER, "cole", Role.COLLECTOR, "otto", Role.COLLECTOR, "carol", Role.COMPLIANCE).entrySet()) {
            Await.result(access.createUser(user.getKey(), user.getValue(), PASSWORD, "test"));
        }
        browser = Chromium.launch(vertx);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (http != null) {
            http.close();
        }
        if (service != null) {
            Await.result(service.stop());
        }
        Await.result(vertx.close());
    }

    @BeforeEach
    void loggedOut() {
        browser.clearCookies();
        // and the language the last person chose on this browser forgotten
        browser.clearStorage(base);
    }

    @AfterEach
    void noScriptErrors() {
        assertEquals(List.of(), browser.problems(), "JavaScript errors or CSP violations on the pages");
    }

    private void logIn(String page, String username) {
        browser.logIn(base, page, username, PASSWORD);
    }

    /** A borrower in New York (or {@code zone}) with a texting- and calling-ready mobile; returns the case id. */
    private long caseOf(String zone, String jurisdiction, String phone, String product, String collector) {
        long borrower = Fixtures.borrower(zone.equals("Pacific/Honolulu") ? "US-HI" : "US-NY", zone, jurisdiction);
        long caseId = Fixtures.caseFor(borrower, "middle", "overdue", "800.00");
        // due 40 days before the test's clock, not the database's: the service's nightly recompute reads it
        TestDatabase.exec("update collection_case set due_date = date '"
                + NOON_NY.atZone(java.time.ZoneOffset.UTC).toLocalDate().minusDays(40) + "', days_past_due = 40 where id = " + caseId);
        long point = Fixtures.mobile(borrower, phone);
        TestDatabase.exec("update contact_point set rnd_checked_at = '2026-11-23T12:00:00Z', rnd_result = 'not_reassigned', "
                + "rnd_proof = 'test' where id = " + point);
        TestDatabase.exec("update collection_case set product = '" + product + "', assigned_collector = "
                + (collector == null ? "null" : "'" + collector + "'") + " where id = " + caseId);
        return caseId;
    }

    private static String ref(long caseId) {
        return Fixtures.text("select external_id from collection_case where id = ?", caseId);
    }

    @Test
    void scheduler_dry_runs_and_creates_a_wave_then_watches_it_progress_on_the_board() {
        for (int i = 0; i < 3; i++) {
            caseOf("America/New_York", "US", "+1212555010" + i, "auto-loan", null);
        }
        long disputed = caseOf("America/New_York", "US", "+12125550109", "auto-loan", null);
        TestDatabase.exec("insert into case_hold (case_id, kind, reason, set_by, set_at) values (" + disputed
                + ", 'dispute', 'denies the loan', 'carol', '2026-11-20T10:00:00Z')");

        logIn("/app/waves.html", "sam");
        browser.type("#wave-name", "November reminders");
        browser.choose("#wave-channel", "sms");
        browser.waitFor("the approved templates", "document.querySelector('#wave-template option[value=\"reminder\"]') !== null");
        browser.choose("#wave-template", "reminder");
        browser.choose("#sel-stage", "middle");
        browser.type("#sel-product", "auto-loan");
        assertEquals(Boolean.TRUE, browser.eval("document.querySelector('#create-wave').disabled"), "create comes after a dry run");

        // a window that ends before it starts: the refusal names the field and marks it
        browser.choose("#win-start", "12:00");
        browser.choose("#win-end", "09:00");
        browser.click("#dry-run");
        browser.waitFor("the window's end marked", "document.querySelector('#win-end').getAttribute('aria-invalid') === 'true'");
        assertTrue(browser.text("#wave-msg").contains("window.end"), browser.text("#wave-msg"));
        assertEquals(Boolean.TRUE, browser.eval("document.activeElement === document.querySelector('#win-end')"), "the bad field has the focus");
        browser.choose("#win-start", "");
        browser.choose("#win-end", "");
        assertEquals(0L, browser.count("#wave-form [aria-invalid]"), "a change clears the mark");

        // a selection that matches nothing: the dry run says so, and there is nothing to create
        browser.type("#sel-product", "no-such-product");
        browser.click("#dry-run");
        browser.waitFor("an empty dry run", "document.querySelector('#dry-enqueued')?.textContent === '0'");
        assertEquals(Boolean.TRUE, browser.eval("document.querySelector('#create-wave').disabled"), "nothing to create");
        assertTrue(browser.text("#create-hint").startsWith("Nothing to create: this selection matches no case."), browser.text("#create-hint"));
        browser.type("#sel-product", "auto-loan");

        browser.click("#dry-run");
        browser.waitFor("the dry run's counts", "document.querySelector('#dry-enqueued')?.textContent === '4'");
        assertEquals("0", browser.text("#dry-skipped"));
        assertEquals("3", browser.text("#dry-send-now"));
        assertEquals("1", browser.text("#dry-blocked"));
        assertTrue(browser.text("#dry-run-gate").contains("HOLD 1"), browser.text("#dry-run-gate"));
        assertTrue(browser.text("#dry-run-groups li[data-rule=\"HOLD\"]").startsWith("1 blocked by HOLD — e.g. "),
                browser.text("#dry-run-groups"));
        assertEquals("3", browser.text("#dry-sms-messages"), "the three that may go are measured");
        assertEquals("3", browser.text("#dry-sms-segments"), browser.text("#dry-run-sms"));
        assertEquals(0, Fixtures.count("select count(*) from wave"), "a dry run writes nothing");

        browser.click("#create-wave");
        browser.waitFor("the new wave's progress", "document.querySelector('#wave-counts dd[data-state=\"pending\"]')?.textContent === '4'");
        long waveId = Fixtures.count("select id from wave where name = 'November reminders'");
        assertEquals(4, Fixtures.count("select count(*) from contact_task where wave_id = ? and state = 'pending'", waveId));
        assertTrue(browser.text("#wave-list tbody").contains("November reminders"));
        assertEquals(Boolean.TRUE, browser.eval("(() => { const r = document.querySelector('#wave-detail').getBoundingClientRect(); "
                + "return r.top >= 0 && r.top < innerHeight; })()"), "the new wave's detail opens in view");

        // the service samples the wave: a reload draws its chart from those samples, not from nothing
        Await.result(service.sampleWaves());
        browser.open(base + "/app/waves.html");
        browser.focusAndPressEnter("#wave-list tr[data-wave-id=\"" + waveId + "\"]");   // opened from the keyboard
        browser.waitFor("the chart from the service's samples", "document.querySelector('#wave-state').textContent === 'running'");
        browser.waitFor("the chart drawn", "document.querySelector('#state-chart').dataset.since !== undefined");
        assertEquals(NOON_NY.toString(), browser.eval("document.querySelector('#state-chart').dataset.since").toString().replace(".000Z", "Z"),
                "the chart starts at the service's sample, taken before the reload");
        assertEquals(1, browser.count("#state-chart polyline[data-state=\"pending\"]"));
        assertTrue(browser.text("#wave-list tr[data-wave-id=\"" + waveId + "\"] td[data-col=\"progress\"]").contains("0 delivered"),
                "the list shows the wave's progress from its latest sample");
        assertEquals(4L, ((Number) browser.eval("document.querySelector('#wave-list tr[data-wave-id=\"" + waveId
                + "\"] progress').max")).longValue());

        browser.click("#wave-pause");
        browser.waitFor("the paused state", "document.querySelector('#wave-state').textContent === 'paused'");
        assertEquals("paused", Fixtures.text("select state from wave where id = ?", waveId));
        browser.click("#wave-resume");
        browser.waitFor("the running state", "document.querySelector('#wave-state').textContent === 'running'");
        assertEquals("running", Fixtures.text("select state from wave where id = ?", waveId));

        // the dispatcher starts only now: the board must show the tasks move
        Await.result(service.startDispatching());
        browser.waitFor("three delivered and one blocked", "document.querySelector('#wave-counts dd[data-state=\"delivered\"]')?.textContent === '3'"
                + " && document.querySelector('#wave-counts dd[data-state=\"blocked\"]')?.textContent === '1'"
                + " && document.querySelector('#wave-counts dd[data-state=\"pending\"]') === null", Duration.ofSeconds(20));
        assertEquals(1, browser.count("#rule-chart rect[data-rule=\"HOLD (blocked)\"]"));
        assertEquals(1, browser.count("#state-chart polyline[data-state=\"pending\"]"), "the chart keeps the pending line it started with");
        assertEquals(1, browser.count("#state-chart polyline[data-state=\"delivered\"]"));
        assertEquals(3, Fixtures.count("select count(*) from contact_task where wave_id = ? and state = 'delivered'", waveId));
        assertEquals("HOLD", Fixtures.text("select block_rule from contact_task where wave_id = ? and state = 'blocked'", waveId));

        browser.click("#wave-cancel");
        browser.click("#wave-cancel-yes");
        browser.waitFor("the cancelled state", "document.querySelector('#wave-state').textContent === 'cancelled'");
        assertEquals("cancelled", Fixtures.text("select state from wave where id = ?", waveId));
        browser.screenshot("wave-board");
    }

    @Test
    void a_scheduler_who_reads_chinese_dry_runs_a_chinese_sms_wave_sees_its_segments_and_creates_it_all_in_chinese() {
        TestDatabase.exec("insert into template (code, version, channel, locale, body, approved_by, approved_at) values ('reminder', 1, "
                + "'sms', 'zh', '{{lenderName}}：{{firstName}}您好，您的{{product}}账户已逾期{{daysPastDue}}天，待还金额{{amount}} {{currency}}。"
                + "请尽快还款，以免产生更多费用。如已还款请忽略本短信。回复TD退订。', 'compliance-test', now())");
        long first = caseOf("America/New_York", "US", "+12125550301", "zh-loan", null);
        long second = caseOf("America/New_York", "US", "+12125550302", "zh-loan", null);
        long held = caseOf("America/New_York", "US", "+12125550303", "zh-loan", null);
        TestDatabase.exec("update borrower set locale = 'zh' where id in (select borrower_id from collection_case where id in ("
                + first + ", " + second + ", " + held + "))");
        TestDatabase.exec("insert into case_hold (case_id, kind, reason, set_by, set_at) values (" + held
                + ", 'complaint', 'wrote to the regulator', 'carol', '2026-11-20T10:00:00Z')");
        TestDatabase.exec("update users set page_language = 'zh-CN' where username = 'sam'");
        try {
            logIn("/app/waves.html", "sam");
            browser.waitFor("the board in Chinese", "document.querySelector('h1').textContent === '批量提醒'");
            browser.type("#wave-name", "十二月短信提醒");
            browser.choose("#wave-channel", "sms");
            browser.waitFor("the approved templates", "document.querySelector('#wave-template option[value=\"reminder\"]') !== null");
            browser.choose("#wave-template", "reminder");
            browser.choose("#sel-stage", "middle");
            browser.type("#sel-product", "zh-loan");
            browser.click("#dry-run");
            browser.waitFor("the dry run's counts", "document.querySelector('#dry-enqueued')?.textContent === '3'");
            assertTrue(browser.text("#dry-run-groups li[data-rule=\"HOLD\"]").startsWith("1 条拦截，规则 HOLD — 例如 "),
                    browser.text("#dry-run-groups"));
            // two Chinese reminders may go, each sent as more than one UCS-2 segment
            assertEquals("2", browser.text("#dry-sms-messages"));
            long segments = Long.parseLong(browser.text("#dry-sms-segments"));
            assertTrue(segments >= 4 && segments % 2 == 0, "two texts of more than one segment each: " + segments);
            assertTrue(browser.text("#dry-run-sms").contains("UCS-2"), browser.text("#dry-run-sms"));

            browser.click("#create-wave");
            browser.waitFor("the new wave, in Chinese", "document.querySelector('#wave-state').textContent === '进行中'"
                    + " && document.querySelector('#wave-state').dataset.state === 'running'");
            long waveId = Fixtures.count("select id from wave where name = '十二月短信提醒'");
            String row = "#wave-list tr[data-wave-id=\"" + waveId + "\"]";
            browser.waitFor("the wave listed", "document.querySelector(" + Chromium.js(row) + ") !== null");
            assertTrue(browser.text(row).contains("短信") && browser.text(row).contains("进行中"), browser.text(row));
            assertTrue(browser.text("#wave-meta").startsWith("短信 · 模板 reminder · 阶段=中期, 产品=zh-loan"), browser.text("#wave-meta"));
            browser.waitFor("the wave's events", "document.querySelector('#wave-events li') !== null");
            assertTrue(browser.text("#wave-events").contains("sam 创建"), browser.text("#wave-events"));
        } finally {
            TestDatabase.exec("update users set page_language = null where username = 'sam'");
        }
    }

    @Test
    void collector_sees_only_their_cases_calls_one_and_records_a_promise_to_pay() {
        Await.result(http.put(service.httpPort(), "localhost", "/api/users/cole/phone").bearerTokenAuthentication(ADMIN_TOKEN)
                .sendJsonObject(new JsonObject().put("phone", COLE_PHONE)));
        assertEquals(COLE_PHONE, Fixtures.text("select phone from users where username = 'cole'"));
        String mine = ref(caseOf("America/New_York", "US", "+12125550123", "card", "cole"));
        String asleep = ref(caseOf("Pacific/Honolulu", "US", "+18085550123", "card", "cole"));
        String theirs = ref(caseOf("America/New_York", "US", "+12125550777", "card", "otto"));
        int callsBefore = service.providers().fake().posts("Calls.json").size();

        logIn("/app/desk.html", "cole");
        browser.waitFor("my cases", "document.querySelector('#case-list tr[data-case-ref=" + Chromium.js(mine) + "]') !== null"
                + " && document.querySelector('#case-list tr[data-case-ref=" + Chromium.js(asleep) + "]') !== null");
        assertFalse(browser.text("#case-list").contains(theirs), "another collector's case is not listed");

        // a case opens from the keyboard as well as with the mouse
        browser.focusAndPressEnter("#case-list tr[data-case-ref=" + Chromium.js(mine) + "]");
        browser.waitFor("the case", "document.querySelector('#case-title')?.textContent.startsWith(" + Chromium.js(mine) + ")");
        assertEquals(Masking.phone("+12125550123"), browser.text("#points .point-value"));
        assertFalse(((String) browser.eval("document.body.innerText")).contains("2125550123"), "numbers are masked");

        // before any click the desk says the phone can be called now, and in the borrower's time
        browser.waitFor("the gate's word on the phone", "document.querySelector('#points td.point-now')?.dataset.verdict === 'now'");
        assertTrue(browser.text("#case-local").contains("America/New_York"), browser.text("#case-local"));
        browser.click("#points button.call");
        browser.waitFor("the outcome form", "!document.querySelector('#outcome-form').classList.contains('hidden')");
        // the click is answered once the gate allowed it; the bridge call is placed right after
        com.loandesk.testsupport.Await.until("the call placed", java.time.Duration.ofSeconds(10),
                () -> Fixtures.count("select count(*) from contact_task where created_by = 'cole' and state = 'sent'") > 0);
        // cole's one call: read by who placed it, since its state moves on as the fake's callbacks arrive
        long taskId = Fixtures.count("select id from contact_task where created_by = 'cole'");
        List<FakeRequest> calls = service.providers().fake().posts("Calls.json");
        assertEquals(callsBefore + 1, calls.size());
        assertEquals(COLE_PHONE, calls.get(calls.size() - 1).param("To"), "the collector's phone rings first");

        // a reload loses nothing: the call waits for its outcome in the list, whatever page placed it
        browser.open(base + "/app/desk.html");
        String row = "#awaiting-list tr[data-task=\"" + taskId + "\"]";
        browser.waitFor("the call awaiting its outcome", "document.querySelector(" + Chromium.js(row) + ") !== null");
        // Twilio's word on the call as its callbacks arrive, read again every 2 s while the call lasts: it ended, and how long
        browser.waitFor("the call's end and length", "document.querySelector(" + Chromium.js(row + " td.call-state") + ").dataset.status === 'completed'");
        assertTrue(browser.text(row + " td.call-state").matches("completed, \\d+ s"), browser.text(row + " td.call-state"));
        browser.click(row + " button.record-outcome");
        browser.waitFor("the outcome form of that call", "!document.querySelector('#outcome-form').classList.contains('hidden')"
                + " && document.querySelector('#outcome-task').textContent === '#" + taskId + "'");
        browser.choose("#outcome", "promise_to_pay");
        assertEquals("Amount (USD)", browser.text("#promise-amount-label"), "a promise is in the case's currency");
        browser.type("#promise-amount", "150.00");
        browser.choose("#promise-date", "2026-12-01");
        browser.type("#outcome-note", "pays on payday");
        browser.click("#outcome-submit");
        browser.waitFor("the recorded outcome", "document.querySelector('#call-msg').textContent.includes('recorded: promise to pay')");
        browser.waitFor("the outcome in the timeline", "document.querySelector('#timeline li[data-event=\"call_outcome\"]') !== null");
        // the timeline reads as sentences: the channel and template of the call, and the borrower's time with its zone
        assertTrue(browser.text("#timeline li[data-event=\"call_outcome\"]").contains("outcome: promise to pay · “pays on payday” · promise $150.00 on 2026-12-01"),
                browser.text("#timeline li[data-event=\"call_outcome\"]"));
        String sent = browser.text("#timeline li[data-event=\"sent\"]");
        assertTrue(sent.contains("Call click-to-call sent") && sent.contains("their time (America/New_York)"), sent);
        browser.waitFor("no call left awaiting an outcome", "document.querySelector(" + Chromium.js(row) + ") === null");
        assertEquals("promise_to_pay|150.00|2026-12-01|pays on payday|cole", Fixtures.text(
                "select (detail->>'outcome') || '|' || (detail->>'promiseAmount') || '|' || (detail->>'promiseDate') || '|' "
                        + "|| (detail->>'note') || '|' || actor from case_history where task_id = ? and event = 'call_outcome'", taskId));

        // 07:00 in Honolulu: the desk says until when before any click, and offers no call until then
        browser.click("#case-list tr[data-case-ref=" + Chromium.js(asleep) + "]");
        browser.waitFor("the second case", "document.querySelector('#case-title')?.textContent.startsWith(" + Chromium.js(asleep) + ")");
        browser.waitFor("the quiet hours on the phone", "document.querySelector('#points td.point-now')?.dataset.verdict === 'later'");
        String now = browser.text("#points td.point-now");
        assertTrue(now.contains("2026-11-24 08:00") && now.contains("QUIET_HOURS (quiet hours) — outside allowed hours"), now);
        assertTrue(browser.text("#case-local").contains("Pacific/Honolulu"), browser.text("#case-local"));
        assertEquals("true", String.valueOf(browser.eval("document.querySelector('#points button.call').disabled")));
        assertEquals(now, String.valueOf(browser.eval("document.querySelector('#points button.call').title")), "the button says why");
        assertEquals(1, Fixtures.count("select count(*) from contact_task where created_by = 'cole'"), "asking creates nothing");
        assertEquals(callsBefore + 1, service.providers().fake().posts("Calls.json").size(), "a call not offered rings nobody");

        // the day lists the never-contacted Honolulu case before the New York one (called today); N skips what
        // cannot be called now and opens the next case that can
        browser.waitFor("the day", "document.querySelectorAll('#day-list tr[data-case-ref]').length === 2");
        assertEquals("new", String.valueOf(browser.eval("document.querySelector('#day-list tr[data-case-ref]').dataset.reason")));
        browser.pressLetter('n');
        browser.waitFor("the next callable case", "document.querySelector('#case-title')?.textContent.startsWith(" + Chromium.js(mine) + ")");
        browser.pressLetter('n');
        browser.waitFor("no other case callable now", "document.querySelector('#day-msg').textContent.length > 0");
        browser.screenshot("collector-desk");

        browser.click("#logout");
        browser.waitFor("the login page after logging out", "location.pathname === '/app/login.html'");
        assertEquals(1, Fixtures.count("select count(*) from session s join users u on u.id = s.user_id "
                + "where u.username = 'cole' and s.revoked_at is not null"));
    }

    @Test
    void a_collector_who_reads_chinese_is_told_when_a_borrower_may_be_called_then_calls_and_records_a_promise_in_chinese() {
        // a collector of their own, so the day holds this test's cases only
        Await.result(AccessStore.create(vertx, service.pool(), java.time.Clock.systemUTC()).createUser("lin", Role.COLLECTOR, PASSWORD, "test"));
        TestDatabase.exec("update users set phone = '+12125550888', page_language = 'zh-CN' where username = 'lin'");
        String awake = ref(caseOf("America/New_York", "US", "+12125550411", "card", "lin"));
        String asleep = ref(caseOf("Pacific/Honolulu", "US", "+18085550411", "card", "lin"));
        try {
            logIn("/app/desk.html", "lin");
            browser.waitFor("the desk in Chinese", "document.querySelector('h1').textContent === '催收工作台'");
            // 07:00 in Honolulu: when the borrower may be called, in their time, and by which rule, in Chinese
            browser.waitFor("the cases", "document.querySelector('#case-list tr[data-case-ref=" + Chromium.js(asleep) + "]') !== null");
            browser.click("#case-list tr[data-case-ref=" + Chromium.js(asleep) + "]");
            browser.waitFor("the quiet hours", "document.querySelector('#points td.point-now')?.dataset.verdict === 'later'");
            String later = browser.text("#points td.point-now");
            assertTrue(later.startsWith("可拨打时间：2026-11-24 08:00") && later.contains("QUIET_HOURS (免打扰时段)"), later);
            assertEquals("拨打", browser.text("#points button.call"));
            assertEquals("true", String.valueOf(browser.eval("document.querySelector('#points button.call').disabled")));
            assertTrue(browser.text("#case-local").startsWith("借款人当地时间："), browser.text("#case-local"));

            browser.click("#case-list tr[data-case-ref=" + Chromium.js(awake) + "]");
            browser.waitFor("a phone callable now", "document.querySelector('#points td.point-now')?.dataset.verdict === 'now'"
                    + " && document.querySelector('#case-title').textContent.startsWith(" + Chromium.js(awake) + ")");
            assertEquals("现在可以拨打", browser.text("#points td.point-now"));
            assertEquals("手机", browser.text("#points tbody td:first-child"));
            browser.click("#points button.call");
            browser.waitFor("the call allowed, in Chinese", "document.querySelector('#call-msg').textContent.startsWith('允许：先接通您的电话')");
            com.loandesk.testsupport.Await.until("the call placed", Duration.ofSeconds(10),
                    () -> Fixtures.count("select count(*) from contact_task where created_by = 'lin' and provider_ref is not null") > 0);
            long taskId = Fixtures.count("select id from contact_task where created_by = 'lin'");
            String row = "#awaiting-list tr[data-task=\"" + taskId + "\"] td.call-state";
            browser.waitFor("Twilio's word on the call, in Chinese", "document.querySelector(" + Chromium.js(row) + ")?.dataset.status === 'completed'");
            assertTrue(browser.text(row).matches("已结束，\\d+ 秒"), browser.text(row));

            browser.choose("#outcome", "promise_to_pay");
            assertEquals("金额（USD）", browser.text("#promise-amount-label"));
            browser.type("#promise-amount", "150.00");
            browser.choose("#promise-date", "2026-12-01");
            browser.type("#outcome-note", "发薪日还款");
            browser.click("#outcome-submit");
            browser.waitFor("the outcome recorded, in Chinese", "document.querySelector('#call-msg').textContent === "
                    + Chromium.js("任务 " + taskId + " 的结果已记录：承诺还款。"));
            browser.waitFor("the outcome in the timeline", "document.querySelector('#timeline li[data-event=\"call_outcome\"]') !== null");
            String outcome = browser.text("#timeline li[data-event=\"call_outcome\"]");
            assertTrue(outcome.contains("通话结果") && outcome.contains("结果：承诺还款") && outcome.contains("承诺于 2026-12-01 还款 US$150.00"), outcome);
            assertEquals("promise_to_pay|150.00|lin", Fixtures.text("select (detail->>'outcome') || '|' || (detail->>'promiseAmount') || '|' "
                    + "|| actor from case_history where task_id = ? and event = 'call_outcome'", taskId));

            // one key works the day in Chinese too: after the case just called, none in the day can be called now, and N says so
            browser.pressLetter('n');
            browser.waitFor("the day's answer in Chinese", "document.querySelector('#day-msg').textContent === '今日列表中没有现在可以拨打的案件。'");
        } finally {
            TestDatabase.exec("update users set page_language = null where username = 'lin'");
        }
    }

    @Test
    void compliance_searches_the_log_pages_exports_and_opens_a_recording_which_is_audited() throws Exception {
        long caseId = caseOf("America/New_York", "US", "+12125550456", "card", "otto");
        String caseRef = ref(caseId);
        long point = Fixtures.count("select p.id from contact_point p join collection_case c on c.borrower_id = p.borrower_id where c.id = ?", caseId);
        String callSid = "CA" + "7".repeat(32);
        String recordingSid = "RE" + "5".repeat(32);
        long task = Fixtures.count("insert into contact_task (case_id, contact_point_id, channel, template, due_at, state, provider_ref, created_by) "
                + "values (?, ?, 'voice', 'click-to-call', '2026-11-24T16:00:00Z', 'sent', ?, 'otto') returning id", caseId, point, callSid);
        TestDatabase.exec("insert into case_history (case_id, task_id, at, event, state, provider_ref, actor) values (" + caseId + ", " + task
                + ", '2026-11-24T16:00:01Z', 'sent', 'sent', '" + callSid + "', 'otto')");
        TestDatabase.exec("insert into case_history (case_id, at, event, state, rule_id, policy, actor) select " + caseId
                + ", '2026-11-24T15:00:00Z'::timestamptz + n * interval '1 second', 'decision', 'blocked', 'HOLD', 'us-reg-f', 'dispatcher' "
                + "from generate_series(1, 30) n");
        // the recording arrives as Twilio sends it: a signed callback to the service
        String url = service.providers().twilio().publicBaseUrl() + "/webhooks/twilio/recording-status";
        // a recording of the account on its API host (here the fake's): the only links a callback may leave
        String mediaUrl = service.providers().twilio().apiBaseUrl() + "/2010-04-01/Accounts/" + service.providers().twilio().accountSid()
                + "/Recordings/" + recordingSid;
        Map<String, String> form = new LinkedHashMap<>();
        form.put("AccountSid", service.providers().twilio().accountSid());
        form.put("CallSid", callSid);
        form.put("RecordingSid", recordingSid);
        form.put("RecordingStatus", "completed");
        form.put("RecordingUrl", mediaUrl);
        form.put("RecordingDuration", "41");
        MultiMap body = MultiMap.caseInsensitiveMultiMap();
        form.forEach(body::add);
        var hook = Await.result(http.postAbs(url).putHeader("X-Twilio-Signature",
                TwilioSignature.sign(service.providers().twilio().authToken(), url, form)).sendForm(body));
        assertEquals(204, hook.statusCode(), hook.bodyAsString());
        long rows = Fixtures.count("select count(*) from case_history where case_id = ?", caseId);
        assertEquals(32, rows);

        logIn("/app/log.html", "carol");
        // it opens on the last 24 hours, newest first, with a total: these rows are older (the service's clock)
        browser.waitFor("the opening search", "document.querySelector('#log-summary').textContent.startsWith('0 matching')");
        assertEquals("24h", browser.eval("document.querySelector('#f-since').value"));
        assertEquals("newest", browser.eval("document.querySelector('#f-order').value"));
        // the rule filter offers the rules the log holds
        browser.waitFor("the rule choices", "document.querySelector('#rule-choices option[value=\"HOLD\"]') !== null");
        // and the event filter the events the history records
        browser.waitFor("the event choices", "document.querySelector('#event-choices option[value=\"call_outcome\"]') !== null"
                + " && document.querySelector('#f-event').getAttribute('list') === 'event-choices'");
        browser.choose("#f-since", "all");
        browser.type("#f-case", caseRef);
        browser.choose("#f-limit", "25");
        browser.click("#log-search");
        browser.waitFor("the first page", "document.querySelectorAll('#log-table tbody tr').length === 25");
        assertTrue(browser.text("#log-page").contains("page 1"));
        assertTrue(browser.text("#log-summary").startsWith(rows + " matching."), browser.text("#log-summary"));
        assertEquals(Boolean.TRUE, browser.eval("(() => { const at = [...document.querySelectorAll('#log-table tbody tr td:first-child')]"
                + ".map(td => td.textContent); return at.every((t, i) => i === 0 || at[i - 1] >= t); })()"), "newest first");
        browser.click("#log-next");
        browser.waitFor("the second page", "document.querySelector('#log-page').textContent === 'page 2'"
                + " && document.querySelectorAll('#log-table tbody tr').length === " + (rows - 25));
        assertEquals(Boolean.TRUE, browser.eval("document.querySelector('#log-next').disabled"), "no third page");
        assertFalse(((String) browser.eval("document.body.innerText")).contains(mediaUrl), "the log shows no recording URL");
        assertEquals("/api/log.csv?caseRef=" + caseRef + "&order=newest", browser.eval("document.querySelector('#csv-link').getAttribute('href')"));
        String csv = (String) browser.eval("fetch(document.querySelector('#csv-link').href).then(r => r.text())");
        assertEquals(rows + 1, csv.lines().count(), "the export has every matching row after its header:\n" + csv);

        assertEquals(0, Fixtures.count("select count(*) from access_audit where action = 'recording_view'"));
        // newest first: the recording, the newest entry, is back on the first page
        browser.click("#log-first");
        browser.waitFor("the first page again", "document.querySelector('#log-page').textContent === 'page 1'");
        browser.click("#log-table button[data-recording=" + Chromium.js(recordingSid) + "]");
        browser.waitFor("the recording's player", "document.querySelector('#recording-msg audio.recording-audio') !== null");
        String audio = "/api/recordings/" + recordingSid + "/audio";
        assertEquals(audio, browser.eval("document.querySelector('#recording-msg audio').getAttribute('src')"));
        assertFalse(((String) browser.eval("document.body.innerHTML")).contains(mediaUrl), "Twilio's link, which needs its credentials, is never shown");
        assertEquals("carol|compliance|" + caseId + "|" + callSid, Fixtures.text("select actor || '|' || role || '|' || case_id || '|' "
                + "|| (detail->>'callSid') from access_audit where action = 'recording_view' and target = ?", recordingSid));
        // the player's request, with the page's session: the recording's bytes, fetched from Twilio with the account's
        // credentials, and a recording_play row
        String played = (String) browser.eval("fetch(" + Chromium.js(audio) + ").then(r => r.text().then(t => r.status + '|' "
                + "+ r.headers.get('content-type') + '|' + t.slice(0, 60)))");
        assertTrue(played.startsWith("200|audio/mpeg|" + com.loandesk.fake.FakeTwilio.RECORDING_MEDIA_PREFIX + recordingSid), played);
        assertEquals(1, Fixtures.count("select count(*) from access_audit where action = 'recording_play' and target = ? and actor = 'carol'",
                recordingSid));

        // a filter by rule: every row the page shows is blocked by HOLD, as many as the database holds
        browser.click("#log-clear");
        browser.choose("#f-since", "all");
        browser.type("#f-rule", "hold");   // rule ids match however they are typed
        browser.choose("#f-limit", "500");
        browser.click("#log-search");
        long holds = Fixtures.count("select count(*) from case_history where rule_id = 'HOLD'");
        browser.waitFor("the rows blocked by HOLD", "document.querySelectorAll('#log-table tbody tr').length === " + holds
                + " && [...document.querySelectorAll('#log-table td.rule')].every(td => td.textContent === 'HOLD')");
        browser.screenshot("compliance-log");
    }

    @Test
    void a_page_of_another_origin_cannot_log_in_or_change_anything_with_the_session_cookie() {
        logIn("/app/log.html", "carol");
        // another port of the same host: the same site to the browser, so the SameSite=Strict cookie rides along
        io.vertx.core.http.HttpServer evil = Await.result(vertx.createHttpServer().requestHandler(req -> req.response()
                .putHeader("Content-Type", "text/html").end("<!doctype html><title>evil</title><p>nothing to see</p>")).listen(0));
        try {
            browser.open("http://localhost:" + evil.actualPort() + "/");
            int logins = browser.statusesOf(base + "/api/login").size();
            int logouts = browser.statusesOf(base + "/api/logout").size();
            // a cross-site script may send these without a preflight: text/plain and a form's type
            browser.eval("fetch(" + Chromium.js(base + "/api/logout") + ", {method: 'POST', mode: 'no-cors', credentials: 'include', "
                    + "headers: {'Content-Type': 'text/plain'}, body: '{}'}).then(() => 'sent')");
            browser.eval("fetch(" + Chromium.js(base + "/api/login") + ", {method: 'POST', mode: 'no-cors', credentials: 'include', "
                    + "headers: {'Content-Type': 'text/plain'}, body: JSON.stringify({username: 'sam', password: " + Chromium.js(PASSWORD)
                    + "})}).then(() => 'sent')");
            com.loandesk.testsupport.Await.until("both answers", Duration.ofSeconds(10), () -> browser.statusesOf(base + "/api/logout").size() == logouts + 1
                    && browser.statusesOf(base + "/api/login").size() == logins + 1);
            // 403, not 401: the cookie authenticated the request, and the origin check refused it
            assertEquals(403, browser.statusesOf(base + "/api/logout").get(logouts), browser.responses().toString());
            assertEquals(403, browser.statusesOf(base + "/api/login").get(logins), browser.responses().toString());
            assertEquals(0, Fixtures.count("select count(*) from session s join users u on u.id = s.user_id "
                    + "where u.username = 'carol' and s.revoked_at is not null"), "carol is still logged in");
            assertEquals(0, Fixtures.count("select count(*) from session s join users u on u.id = s.user_id where u.username = 'sam'"),
                    "no session was made for sam");
        } finally {
            Await.result(evil.close());
        }
        // and her own page still works, still logged in: it sends its changes as JSON from its own origin
        browser.open(base + "/app/log.html");
        browser.waitFor("the log page, logged in", "document.querySelector('#who') && document.querySelector('#who').textContent.startsWith('carol')");
        browser.click("#logout");
        browser.waitFor("the login page after logging out", "location.pathname === '/app/login.html'");
        assertEquals(1, Fixtures.count("select count(*) from session s join users u on u.id = s.user_id "
                + "where u.username = 'carol' and s.revoked_at is not null"));
    }
}
