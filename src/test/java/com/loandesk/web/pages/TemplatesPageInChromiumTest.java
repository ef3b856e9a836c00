package com.loandesk.web.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.auth.Role;
import com.loandesk.templates.SmsLength;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The templates page (issue 14): a scheduler writes a Chinese SMS reminder in English pages, a refused field is marked;
 * compliance, reading Chinese, opens it from the keyboard, renders it for a case and sees what it costs (UCS-2, the
 * segments it is billed as), then approves it; each step checked in the database.
 */
class TemplatesPageInChromiumTest extends PageServerTest {

    private static final String BODY = "{{lenderName}}：{{firstName}}您好，您的{{product}}账户已逾期{{daysPastDue}}天，"
            + "待还金额{{amount}} {{currency}}。请尽快还款，以免产生更多费用。如已还款请忽略本短信。回复TD退订。";

    @Override
    protected Map<String, Role> people() {
        return Map.of("sam", Role.SCHEDULER, "carol", Role.COMPLIANCE);
    }

    @Test
    void a_scheduler_writes_a_chinese_sms_and_compliance_previews_its_segments_in_chinese_and_approves_it() {
        long caseId = Fixtures.overdueCase(Fixtures.borrower("US-CA", null, "US"));
        String caseRef = Fixtures.text("select external_id from collection_case where id = ?", caseId);

        pages.logIn("/app/templates.html", "sam", PageServer.PASSWORD);
        browser.waitFor("the form for a new version", "!document.querySelector('#new-card').classList.contains('hidden')");
        // a code the API refuses: the field is named, marked and focused
        browser.type("#new-code", "Reminder ZH");
        browser.choose("#new-channel", "sms");
        browser.type("#new-locale", "zh");
        browser.type("#new-body", BODY);
        browser.click("#create-template");
        browser.waitFor("the code marked", "document.querySelector('#new-code').getAttribute('aria-invalid') === 'true'");
        assertTrue(browser.text("#new-msg").contains("(code)"), browser.text("#new-msg"));
        assertEquals(Boolean.TRUE, browser.eval("document.activeElement === document.querySelector('#new-code')"));
        assertEquals(0, Fixtures.count("select count(*) from template"), "nothing saved");

        browser.type("#new-code", "reminder-zh");
        assertEquals(0L, browser.count("#template-form [aria-invalid]"), "typing clears the mark");
        browser.click("#create-template");
        browser.waitFor("the new version listed", "document.querySelector('#template-list tr[data-code=\"reminder-zh\"]') !== null");
        assertEquals("sam|sms|zh|1|false", Fixtures.text("select created_by || '|' || channel || '|' || locale || '|' || version || '|' "
                + "|| (approved_by is not null) from template where code = 'reminder-zh'"));
        String approved = "#template-list tr[data-code=\"reminder-zh\"] td[data-col=\"approved\"]";
        assertEquals("awaiting approval", browser.text(approved), "a scheduler approves nothing");
        // the page opened the new version for a preview: a case renders it, flagged as not approved yet
        browser.type("#preview-case", caseRef);
        browser.click("#preview-go");
        browser.waitFor("the rendered text", "!document.querySelector('#preview-out').classList.contains('hidden')");
        assertTrue(browser.text("#preview-body").contains("Borrower") && browser.text("#preview-body").contains("1500.00 USD"),
                browser.text("#preview-body"));
        assertTrue(browser.text("#preview-msg").startsWith("Not approved yet"), browser.text("#preview-msg"));
        SmsLength cost = SmsLength.of(browser.text("#preview-body"));
        assertEquals(SmsLength.Encoding.UCS_2, cost.encoding());
        assertTrue(cost.segments() >= 2, "a Chinese reminder of this length is more than one text: " + cost);
        assertTrue(browser.text("#preview-sms").startsWith("SMS in UCS-2: " + cost.units() + " characters, sent and billed as "
                + cost.segments() + " segments"), browser.text("#preview-sms"));
        browser.click("#logout");
        browser.waitFor("logged out", "location.pathname === '/app/login.html'");

        // compliance reads Chinese: the same version, opened from the keyboard, rendered, then approved
        TestDatabase.exec("update users set page_language = 'zh-CN' where username = 'carol'");
        try {
            pages.logIn("/app/templates.html", "carol", PageServer.PASSWORD);
            browser.waitFor("the page in Chinese", "document.querySelector('h1').textContent === '模板'");
            assertEquals(Boolean.TRUE, browser.eval("document.querySelector('#new-card').classList.contains('hidden')"),
                    "compliance approves, it does not write");
            browser.focusAndPressEnter("#template-list tr[data-code=\"reminder-zh\"]");
            browser.waitFor("the version chosen", "document.querySelector('#preview-which').textContent === 'reminder-zh 第 1 版 · 短信 · zh'"
                    + " && document.activeElement === document.querySelector('#preview-case')");
            browser.type("#preview-case", caseRef);
            browser.click("#preview-go");
            browser.waitFor("the cost in Chinese", "document.querySelector('#preview-sms').textContent.startsWith('短信编码 UCS-2：')");
            assertTrue(browser.text("#preview-sms").contains("分 " + cost.segments() + " 段发送并计费"), browser.text("#preview-sms"));
            assertEquals("尚未审批：审批通过前不会发送此文本。", browser.text("#preview-msg"));

            browser.click("#template-list button[data-approve]");
            browser.waitFor("approved", "document.querySelector(" + Chromium.js(approved) + ").textContent.startsWith('carol，')");
            assertEquals("carol", Fixtures.text("select approved_by from template where code = 'reminder-zh'"));
            assertEquals("reminder-zh 第 1 版（短信，zh）已审批通过。", browser.text("#templates-msg"));
            assertEquals(Boolean.TRUE, browser.eval("document.querySelector('#preview-msg').classList.contains('hidden')"),
                    "the preview no longer warns that its text is not approved");
            browser.screenshot("templates");
        } finally {
            TestDatabase.exec("update users set page_language = null");
        }
    }
}
