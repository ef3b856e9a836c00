package com.loandesk.web.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.auth.Role;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The journeys of compliance and the admin, clicked through by people who chose Chinese (issue 14: every journey in
 * both languages; their English runs are in {@link CompliancePagesInChromiumTest} and {@link PeoplePageInChromiumTest}):
 * holds, reports, sends to settle, the log, people and tokens. Each step is checked in the database, and each word
 * the page says in Chinese.
 */
class JourneysInChineseInChromiumTest extends PageServerTest {

    @Override
    protected Map<String, Role> people() {
        return Map.of("carol", Role.COMPLIANCE, "sam", Role.SCHEDULER, "ada", Role.ADMIN);
    }

    @BeforeEach
    void everyoneReadsChinese() {
        TestDatabase.exec("update users set page_language = 'zh-CN'");
    }

    @AfterEach
    void englishAgain() {
        TestDatabase.exec("update users set page_language = null");
    }

    private static String ref(long caseId) {
        return Fixtures.text("select external_id from collection_case where id = ?", caseId);
    }

    @Test
    void the_home_page_lists_in_chinese_the_pages_a_role_may_use() {
        pages.logIn("/app/index.html", "carol", PageServer.PASSWORD);
        browser.waitFor("the pages listed", "document.querySelector('#pages li[data-page=\"/app/holds.html\"]') !== null");
        assertTrue(browser.text("#pages li[data-page=\"/app/holds.html\"]").startsWith("暂停联系：所有生效中的暂停"),
                browser.text("#pages"));
        assertEquals(0L, browser.count("#pages li[data-page=\"/app/people.html\"]"), "the admin's page is not offered to compliance");
        assertEquals(0L, browser.count("#pages li[data-page=\"/app/desk.html\"]"));
    }

    @Test
    void compliance_sets_and_clears_a_hold_in_chinese() {
        long caseId = Fixtures.overdueCase(Fixtures.borrower("US-CA", null, "US"));
        pages.logIn("/app/holds.html", "carol", PageServer.PASSWORD);
        browser.waitFor("the holds in Chinese", "document.querySelector('h1').textContent === '暂停联系'");
        browser.type("#hold-case", ref(caseId));
        browser.choose("#hold-kind", "complaint");
        assertEquals("投诉", browser.eval("document.querySelector('#hold-kind').selectedOptions[0].textContent"));
        browser.type("#hold-reason", "向监管部门投诉");
        browser.click("#set-hold");
        browser.waitFor("the hold set", "document.querySelector('#holds-msg').textContent === " + Chromium.js("已对 " + ref(caseId) + " 设置暂停（投诉）。"));
        long hold = Fixtures.count("select id from case_hold where case_id = ? and kind = 'complaint' and reason = '向监管部门投诉' "
                + "and set_by = 'carol' and cleared_at is null", caseId);

        browser.click("#hold-list button[data-clear=\"" + hold + "\"]");
        assertEquals("解除原因？", browser.eval("document.querySelector('input[data-reason=\"" + hold + "\"]').placeholder"));
        browser.type("input[data-reason=\"" + hold + "\"]", "借款人撤回投诉");
        browser.click("button[data-confirm=\"" + hold + "\"]");
        browser.waitFor("the hold cleared", "document.querySelector('#holds-msg').textContent === " + Chromium.js("已解除 " + ref(caseId) + " 的暂停（投诉）。"));
        assertEquals("carol|借款人撤回投诉", Fixtures.text("select cleared_by || '|' || clear_reason from case_hold where id = ?", hold));
    }

    @Test
    void the_daily_report_reads_in_chinese_with_its_channels_and_rules() {
        long borrower = Fixtures.borrower("US-CA", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long point = Fixtures.mobile(borrower, "+14155550199");
        TestDatabase.exec("insert into contact_attempt (borrower_id, case_id, contact_point_id, channel, point_kind, outcome, at) "
                + "values (" + borrower + ", " + caseId + ", " + point + ", 'sms', 'mobile', 'delivered', timestamptz '2026-11-19T10:00:00Z')");
        TestDatabase.exec("insert into case_history (case_id, at, event, state, rule_id, actor) values (" + caseId
                + ", '2026-11-19T12:00:00Z', 'blocked', 'blocked', 'HOLD', 'dispatcher')");

        pages.logIn("/app/reports.html", "sam", PageServer.PASSWORD);
        browser.choose("#report-date", "2026-11-19");
        browser.click("#show-report");
        browser.waitFor("the day's report in Chinese", "document.querySelector('#report-title')?.textContent === '2026-11-19 日报'");
        assertEquals("短信", browser.text("#report-channels tr[data-channel=\"sms\"] td:nth-child(1)"));
        assertEquals("1", browser.text("#report-channels tr[data-channel=\"sms\"] td:nth-child(2)"));
        assertEquals(1, browser.count("#report-rules rect[data-rule=\"HOLD（拦截）\"]"));
        assertTrue(browser.text("#report-span").startsWith("时区 UTC：2026/11/19 00:00 至 2026/11/20 00:00"), browser.text("#report-span"));
        assertEquals("短信", browser.eval("document.querySelector('#report-channel option[value=\"sms\"]').textContent"), "the channel choice named");
        assertEquals("按规则统计的拦截与延后", browser.eval("document.querySelector('#report-rules').getAttribute('aria-label')"));
    }

    @Test
    void compliance_settles_an_unknown_email_in_chinese_and_a_missing_reason_is_refused_in_chinese() {
        long borrower = Fixtures.borrower("US-CA", null, "US");
        long caseId = Fixtures.overdueCase(borrower);
        long task = Fixtures.task(caseId, Fixtures.email(borrower, "li@example.com"), "email", Instant.parse("2026-11-23T15:00:00Z"));
        TestDatabase.exec("update contact_task set state = 'unknown', attempts = 1, last_error = 'relay went silent' where id = " + task);

        pages.logIn("/app/settle.html", "carol", PageServer.PASSWORD);
        String row = "#settle-list tr[data-task-id=\"" + task + "\"]";
        browser.waitFor("the unknown e-mail", "document.querySelector(" + Chromium.js(row) + ") !== null");
        assertTrue(browser.text(row + " td:nth-child(3)").startsWith("邮件"), browser.text(row));
        assertEquals("未发送", browser.text("button[data-not-sent=\"" + task + "\"]"));

        browser.click("button[data-not-sent=\"" + task + "\"]");
        browser.waitFor("the refusal in Chinese", "document.querySelector('#list-msg').textContent.startsWith('输入有误（字段 reason）：')");
        assertEquals("unknown", Fixtures.text("select state from contact_task where id = ?", task));

        browser.type("input[data-reason=\"" + task + "\"]", "邮件服务器日志显示从未接收");
        browser.click("button[data-not-sent=\"" + task + "\"]");
        browser.waitFor("the task settled", "document.querySelector('#settle-msg').textContent === " + Chromium.js("任务 " + task + " 已确认：未发送。"));
        assertEquals(1, Fixtures.count("select count(*) from case_history where task_id = ? and event = 'settled' and actor = 'carol'", task));
    }

    @Test
    void the_log_names_events_states_and_rules_in_chinese() {
        long caseId = Fixtures.overdueCase(Fixtures.borrower("US-CA", null, "US"));
        TestDatabase.exec("insert into case_history (case_id, at, event, state, rule_id, policy, actor) values (" + caseId
                + ", '2026-11-22T12:00:00Z', 'blocked', 'blocked', 'HOLD', 'us-reg-f', 'dispatcher')");
        TestDatabase.exec("insert into case_history (case_id, at, event, actor, detail) values (" + caseId
                + ", '2026-11-22T12:05:00Z', 'recording', 'twilio', '{\"recordingSid\": \"RE" + "1".repeat(32) + "\"}')");
        pages.logIn("/app/log.html", "carol", PageServer.PASSWORD);
        browser.waitFor("the log in Chinese", "document.querySelector('h1').textContent === '合规日志'");
        browser.choose("#f-since", "all");
        browser.type("#f-case", ref(caseId));
        browser.click("#log-search");
        browser.waitFor("the entries", "document.querySelectorAll('#log-table tbody tr').length === 2");
        assertEquals("blocked被拦截", browser.text("#log-table td.event[data-event=\"blocked\"]"), "the id as the record keeps it, and its name");
        assertEquals("录音", browser.text("#log-table button[data-recording]"), "the recording's button in Chinese");
        assertEquals("案件暂停联系", browser.eval("document.querySelector('#log-table tr[data-event=\"blocked\"] td.rule').title"));
        browser.waitFor("the choices named", "document.querySelector('#event-choices option[value=\"settled\"]')?.label === '已人工结清'");
    }

    @Test
    void an_admin_who_reads_chinese_creates_a_user_and_revokes_a_token() {
        pages.logIn("/app/people.html", "ada", PageServer.PASSWORD);
        browser.waitFor("the page in Chinese", "document.querySelector('h1').textContent === '用户与令牌'");
        assertEquals("合规专员", browser.eval("document.querySelector('#new-role option[value=\"compliance\"]').textContent"));
        browser.type("#new-username", "dora");
        browser.choose("#new-role", "compliance");
        browser.type("#new-password", "tea with lemon, no sugar");
        browser.click("#create-user");
        browser.waitFor("dora created", "document.querySelector('#people-msg').textContent === '用户 dora 已创建。'");
        browser.waitFor("dora's role in Chinese", "document.querySelector('#user-list tr[data-username=\"dora\"] td[data-col=\"role\"]')?.textContent === '合规专员'");
        assertEquals("compliance", Fixtures.text("select role from users where username = 'dora'"));

        browser.click("#user-list tr[data-username=\"dora\"]");
        browser.waitFor("dora's card", "document.querySelector('#detail-username').textContent === 'dora'");
        browser.type("#token-label", "导出脚本");
        browser.click("#create-token");
        browser.waitFor("the secret", "!document.querySelector('#token-secret').classList.contains('hidden')");
        long tokenId = Fixtures.count("select id from api_token where label = '导出脚本'");
        String tokenRow = "#token-list tr[data-token-id=\"" + tokenId + "\"]";
        browser.waitFor("the token listed, active", "document.querySelector(" + Chromium.js(tokenRow + " td[data-col=\"state\"]") + ")?.textContent === '有效'");
        browser.click(tokenRow + " button[data-revoke]");
        browser.waitFor("the token revoked", "document.querySelector(" + Chromium.js(tokenRow + " td[data-col=\"state\"]") + ")?.textContent === '已吊销'");
        assertEquals(1, Fixtures.count("select count(*) from api_token where id = ? and revoked_at is not null", tokenId));
    }
}
