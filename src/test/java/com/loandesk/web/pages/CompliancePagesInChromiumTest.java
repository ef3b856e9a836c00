package com.loandesk.web.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.auth.Role;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Compliance's pages for what was API-only (issue 14): open holds (set and clear), the daily and monthly reports with
 * their chart and CSV, and the sends a person settles; clicked through in headless Chromium against the API on a real
 * server and PostgreSQL, each step checked in the database.
 */
class CompliancePagesInChromiumTest extends PageServerTest {

    @Override
    protected Map<String, Role> people() {
        return Map.of("carol", Role.COMPLIANCE, "cole", Role.COLLECTOR, "sam", Role.SCHEDULER);
    }

    private static String ref(long caseId) {
        return Fixtures.text("select external_id from collection_case where id = ?", caseId);
    }

    @Test
    void compliance_sees_the_open_holds_newest_first_sets_one_and_clears_one_with_a_reason() {
        long older = Fixtures.overdueCase(Fixtures.borrower("US-CA", null, "US"));
        long newer = Fixtures.overdueCase(Fixtures.borrower("US-CA", null, "US"));
        long target = Fixtures.overdueCase(Fixtures.borrower("US-CA", null, "US"));
        long olderHold = Fixtures.count("insert into case_hold (case_id, kind, reason, set_by, set_at) values (?, 'dispute', "
                + "'denies the debt', 'carol', '2026-11-20T10:00:00Z') returning id", older);
        long newerHold = Fixtures.count("insert into case_hold (case_id, kind, reason, set_by, set_at) values (?, 'illness', "
                + "'in hospital', 'carol', '2026-11-21T10:00:00Z') returning id", newer);

        pages.logIn("/app/holds.html", "carol", PageServer.PASSWORD);
        browser.waitFor("the open holds", "document.querySelectorAll('#hold-list tr[data-hold-id]').length === 2");
        assertEquals(List.of(String.valueOf(newerHold), String.valueOf(olderHold)), rowIds(), "newest first");

        browser.type("#hold-case", ref(target));
        browser.choose("#hold-kind", "complaint");
        browser.type("#hold-reason", "wrote to the regulator");
        browser.click("#set-hold");
        browser.waitFor("the new hold listed", "document.querySelectorAll('#hold-list tr[data-hold-id]').length === 3");
        long set = Fixtures.count("select id from case_hold where case_id = ? and kind = 'complaint' and set_by = 'carol' "
                + "and reason = 'wrote to the regulator' and cleared_at is null", target);
        assertEquals(String.valueOf(set), rowIds().get(0));

        browser.click("#hold-list button[data-clear=\"" + olderHold + "\"]");
        browser.type("input[data-reason=\"" + olderHold + "\"]", "the borrower withdrew the dispute");
        browser.click("button[data-confirm=\"" + olderHold + "\"]");
        browser.waitFor("the cleared hold gone", "document.querySelector('#hold-list tr[data-hold-id=\"" + olderHold + "\"]') === null");
        assertEquals("carol|the borrower withdrew the dispute", Fixtures.text(
                "select cleared_by || '|' || clear_reason from case_hold where id = ?", olderHold));
        assertEquals(1, Fixtures.count("select count(*) from case_history where case_id = ? and event = 'hold_cleared' and actor = 'carol'", older));

        browser.choose("#filter-kind", "illness");
        browser.waitFor("only illness holds", "document.querySelectorAll('#hold-list tr[data-hold-id]').length === 1");
        assertEquals(List.of(String.valueOf(newerHold)), rowIds());
        browser.screenshot("holds");
    }

    @SuppressWarnings("unchecked")
    private List<String> rowIds() {
        return (List<String>) (List<?>) ((io.vertx.core.json.JsonArray) browser.eval(
                "[...document.querySelectorAll('#hold-list tr[data-hold-id]')].map(tr => tr.dataset.holdId)")).getList();
    }

    @Test
    void the_daily_report_shows_the_days_contacts_and_blocked_rules_and_downloads_as_csv() {
        long borrower = Fixtures.borrower("US-CA", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long point = Fixtures.mobile(borrower, "+14155550188");
        for (int i = 0; i < 3; i++) {
            TestDatabase.exec("insert into contact_attempt (borrower_id, case_id, contact_point_id, channel, point_kind, outcome, at) "
                    + "values (" + borrower + ", " + caseId + ", " + point + ", 'sms', 'mobile', 'delivered', timestamptz '2026-11-20T1" + i + ":00:00Z')");
        }
        TestDatabase.exec("insert into case_history (case_id, at, event, state, rule_id, actor) values (" + caseId
                + ", '2026-11-20T12:00:00Z', 'blocked', 'blocked', 'HOLD', 'dispatcher')");

        pages.logIn("/app/reports.html", "sam", PageServer.PASSWORD);
        browser.choose("#report-date", "2026-11-20");
        browser.click("#show-report");
        browser.waitFor("the day's report", "document.querySelector('#report-title')?.textContent === 'Day 2026-11-20'");
        assertEquals("3", browser.text("#report-counts dd[data-key=\"contacts\"]"));
        assertEquals("1", browser.text("#report-counts dd[data-key=\"borrowersContacted\"]"));
        assertEquals("3", browser.text("#report-channels tr[data-channel=\"sms\"] td:nth-child(2)"), browser.text("#report-channels"));
        assertEquals("1", browser.text("#report-channels tr[data-channel=\"sms\"] td:nth-child(3)"), browser.text("#report-channels"));
        assertEquals(1, browser.count("#report-rules rect[data-rule=\"HOLD (blocked)\"]"));

        browser.click("#report-csv");
        browser.waitFor("the CSV saved", "document.querySelector('#report-msg')?.textContent === 'report-2026-11-20.csv'");

        browser.choose("#report-period", "monthly");
        browser.choose("#report-month", "2026-11");
        browser.click("#show-report");
        browser.waitFor("the month's report", "document.querySelector('#report-title')?.textContent === 'Month 2026-11'");
        assertEquals("3", browser.text("#report-counts dd[data-key=\"contacts\"]"));
    }

    @Test
    void compliance_settles_an_unknown_email_as_not_sent_with_a_reason_and_a_collector_may_not() {
        long borrower = Fixtures.borrower("US-CA", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long task = Fixtures.task(caseId, Fixtures.email(borrower, "ada@example.com"), "email", Instant.parse("2026-11-23T15:00:00Z"));
        TestDatabase.exec("update contact_task set state = 'unknown', attempts = 1, last_error = 'relay went silent' where id = " + task);

        pages.logIn("/app/settle.html", "cole", PageServer.PASSWORD);
        browser.waitFor("the refusal", "document.querySelector('main').textContent.includes('may not use this page')");

        browser.clearCookies();
        pages.logIn("/app/settle.html", "carol", PageServer.PASSWORD);
        browser.waitFor("the unknown e-mail", "document.querySelector('#settle-list tr[data-task-id=\"" + task + "\"]') !== null");
        assertTrue(browser.text("#settle-list tr[data-task-id=\"" + task + "\"]").contains("relay went silent"));
        assertTrue(!browser.text("#settle-list").contains("ada@example.com"), "the address is masked");

        browser.click("button[data-not-sent=\"" + task + "\"]");
        browser.waitFor("the missing reason named", "document.querySelector('#list-msg')?.textContent.includes('reason')");
        assertEquals("unknown", Fixtures.text("select state from contact_task where id = ?", task));

        browser.type("input[data-reason=\"" + task + "\"]", "the relay's log shows it was never accepted");
        browser.click("button[data-not-sent=\"" + task + "\"]");
        browser.waitFor("the task settled", "document.querySelector('#settle-list tr[data-task-id=\"" + task + "\"]') === null");
        assertTrue(browser.text("#settle-msg").contains("not sent"), browser.text("#settle-msg"));
        assertEquals(1, Fixtures.count("select count(*) from case_history where task_id = ? and event = 'settled' and actor = 'carol'", task));
    }

    @Test
    void a_person_who_picks_chinese_gets_every_page_in_chinese_on_every_login_until_they_pick_english() {
        long caseId = Fixtures.overdueCase(Fixtures.borrower("US-CA", null, "US"));
        Fixtures.count("insert into case_hold (case_id, kind, reason, set_by, set_at) values (?, 'dispute', 'x', 'carol', "
                + "'2026-11-21T10:00:00Z') returning id", caseId);
        pages.logIn("/app/holds.html", "carol", PageServer.PASSWORD);
        browser.waitFor("the holds in English", "document.querySelector('h1').textContent === 'Holds'");

        browser.choose("#language", "zh-CN");
        browser.waitFor("the page again, in Chinese", "document.querySelector('h1').textContent === '暂停联系'"
                + " && document.documentElement.lang === 'zh-CN'");
        assertEquals("zh-CN", Fixtures.text("select page_language from users where username = 'carol'"), "remembered by the service");
        browser.waitFor("a hold", "document.querySelector('#hold-list tr[data-hold-id]') !== null");
        assertEquals("争议", browser.text("#hold-list span[data-kind=\"dispute\"]"), "a hold's kind in Chinese");
        assertTrue(browser.text("nav").contains("报表"), browser.text("nav"));
        assertEquals("carol · 合规专员", browser.text("#who"), "the role named in Chinese");
        assertEquals("解除", browser.text("#hold-list button[data-clear]"));

        browser.clearCookies();
        browser.eval("localStorage.clear()");
        pages.logIn("/app/reports.html", "carol", PageServer.PASSWORD);
        browser.waitFor("another page, still in Chinese: the choice came from the service",
                "document.querySelector('h1').textContent === '报表'");

        browser.open(pages.base + "/app/log.html");
        browser.waitFor("the log in Chinese", "document.querySelector('h1').textContent === '合规日志'");
        assertEquals("查询", browser.text("#log-search"));
        // a refusal says what went wrong in Chinese, then the field and the service's own words, in Chinese too
        browser.choose("#f-since", "dates");
        browser.eval("(document.querySelector('#f-from').value = '2026-11-10', document.querySelector('#f-to').value = '2026-11-01')");
        browser.click("#log-search");
        browser.waitFor("the refusal in Chinese", "document.querySelector('#log-msg').textContent === '输入有误（字段 to）：to 须晚于 from'");

        browser.choose("#language", "en");
        browser.waitFor("English again", "document.querySelector('h1').textContent === 'Compliance log'");
        browser.choose("#f-since", "dates");
        browser.eval("(document.querySelector('#f-from').value = '2026-11-10', document.querySelector('#f-to').value = '2026-11-01')");
        browser.click("#log-search");
        browser.waitFor("the same refusal in English", "document.querySelector('#log-msg').textContent === 'to must be after from (to)'");
        assertEquals("en", Fixtures.text("select page_language from users where username = 'carol'"));

        // the desk too, for a collector who chose Chinese, with the amounts written for the language
        TestDatabase.exec("update users set page_language = 'zh-CN' where username = 'cole'");
        TestDatabase.exec("update collection_case set assigned_collector = 'cole' where id = " + caseId);
        browser.clearCookies();
        pages.logIn("/app/desk.html", "cole", PageServer.PASSWORD);
        browser.waitFor("the desk in Chinese", "document.querySelector('h1').textContent === '催收工作台'"
                + " && document.querySelector('#cases-title').textContent === '我的案件'");
        browser.waitFor("the case's amount", "document.querySelector('#case-list tbody td.n:nth-of-type(4)') !== null");
        assertEquals("US$1,500.00", browser.text("#case-list tbody tr td:nth-child(4)"), "money as Chinese readers write dollars");
        // the case itself reads in Chinese: its facts, money, stage, and the kind of hold it is under
        browser.click("#case-list tbody tr[data-case-ref]");
        browser.waitFor("the case's facts", "document.querySelector('#case-meta').textContent.length > 0");
        String meta = browser.text("#case-meta");
        assertTrue(meta.contains("逾期 US$1,500.00") && meta.contains("早期阶段") && meta.contains("逾期") && meta.contains("催收员 cole"), meta);
        assertEquals("暂停中：争议 (x)", browser.text("#case-holds"));
        assertEquals("金额（USD）", browser.text("#promise-amount-label"));
        // the service's own refusal reads in Chinese on the desk too (this page server has no calls configured)
        browser.waitFor("the service's refusal in Chinese", "document.body.innerText.includes('服务暂不可用，请稍后再试：未配置通话功能')");
        TestDatabase.exec("update users set page_language = null");
    }
}
