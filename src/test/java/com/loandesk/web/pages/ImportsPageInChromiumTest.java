package com.loandesk.web.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.auth.Role;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.ImportFiles;
import com.loandesk.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler's import page: a CSV file picked in the browser, streamed to the import API, the job followed to its end
 * with its counts, the report of its rejected rows downloaded, the job found again after a reload; then the same file
 * imported again by a scheduler who reads Chinese, which updates every case. Checked in the database.
 */
class ImportsPageInChromiumTest extends PageServerTest {

    @TempDir
    Path dir;

    @Override
    protected Map<String, Role> people() {
        return Map.of("sam", Role.SCHEDULER, "cole", Role.COLLECTOR);
    }

    @Test
    void a_scheduler_imports_a_file_of_cases_follows_the_job_and_downloads_its_rejected_rows_then_again_in_chinese() throws Exception {
        ImportFiles file = ImportFiles.generate(600, 97).addRejected("B-AGAIN", "C17", "case_external_id");
        int valid = file.rows() - file.expectedRejects().size();
        Path csv = Files.writeString(dir.resolve("portfolio.csv"), file.csv());

        pages.logIn("/app/imports.html", "sam", PageServer.PASSWORD);
        assertEquals(Boolean.TRUE, browser.eval("document.querySelector('#import-upload').disabled"), "nothing to upload yet");
        browser.chooseFile("#import-file", csv);
        browser.click("#import-upload");
        browser.waitFor("the job done", "document.querySelector('#job-state')?.dataset.state === 'done'", Duration.ofSeconds(30));
        long job = Fixtures.count("select max(id) from import_job");
        assertEquals("#" + job, browser.text("#job-id"));
        assertEquals("done", browser.text("#job-state"));
        assertEquals(String.valueOf(file.rows()), browser.text("#job-counts dd[data-key=\"rowsDone\"]"));
        assertEquals(String.valueOf(valid), browser.text("#job-counts dd[data-key=\"inserted\"]"));
        assertEquals(String.valueOf(file.expectedRejects().size()), browser.text("#job-counts dd[data-key=\"rejected\"]"));
        assertEquals(100L, ((Number) browser.eval("document.querySelector('#job-progress').value")).longValue());
        assertEquals(valid, Fixtures.count("select count(*) from collection_case"));

        // the report of the rejected rows, through the page's link with the session
        String rejects = (String) browser.eval("fetch(document.querySelector('#rejects-link').href).then(r => r.text())");
        assertEquals(file.expectedRejects().size() + 1, rejects.lines().count(), rejects);
        assertTrue(rejects.startsWith("row,field,reason"), rejects);

        // a reload finds the job again (its id is in the page's address)
        browser.open(pages.base + "/app/imports.html?job=" + job);
        browser.waitFor("the job after a reload", "document.querySelector('#job-state')?.dataset.state === 'done'"
                + " && document.querySelector('#job-id').textContent === '#" + job + "'");

        // the job is listed among the recent ones, and opens from the keyboard
        browser.open(pages.base + "/app/imports.html");
        String listed = "#job-list tr[data-job-id=\"" + job + "\"]";
        browser.waitFor("the job listed", "document.querySelector(" + Chromium.js(listed) + ") !== null");
        assertEquals(String.valueOf(valid), browser.text(listed + " td:nth-child(6)"));
        browser.focusAndPressEnter(listed);
        browser.waitFor("the job opened from the list", "document.querySelector('#job-id').textContent === '#" + job + "'"
                + " && location.search === '?job=" + job + "'");

        // a collector may not import
        browser.clearCookies();
        pages.logIn("/app/imports.html", "cole", PageServer.PASSWORD);
        browser.waitFor("the role refusal", "document.querySelector('main').textContent.includes('may not use this page')");

        // the same file again, by a scheduler who reads Chinese: every valid case updated, nothing new
        TestDatabase.exec("update users set page_language = 'zh-CN' where username = 'sam'");
        try {
            browser.clearCookies();
            browser.clearStorage(pages.base);
            pages.logIn("/app/imports.html", "sam", PageServer.PASSWORD);
            browser.waitFor("the page in Chinese", "document.querySelector('h1').textContent === '导入案件'");
            browser.chooseFile("#import-file", csv);
            browser.click("#import-upload");
            browser.waitFor("the second job done", "document.querySelector('#job-state')?.dataset.state === 'done'"
                    + " && document.querySelector('#job-id').textContent !== '#" + job + "'", Duration.ofSeconds(30));
            assertEquals("已完成", browser.text("#job-state"));
            assertEquals(String.valueOf(valid), browser.text("#job-counts dd[data-key=\"updated\"]"));
            assertEquals("0", browser.text("#job-counts dd[data-key=\"inserted\"]"));
            assertTrue(browser.text("#job-counts").contains("更新案件"), browser.text("#job-counts"));
            assertEquals("被拒绝的行（CSV：行号、字段、原因）", browser.text("#rejects-link"));
            assertEquals(valid, Fixtures.count("select count(*) from collection_case"));
            browser.waitFor("both jobs listed, the newest first, in Chinese", "document.querySelectorAll('#job-list tr[data-job-id]').length === 2"
                    + " && document.querySelector('#job-list tr[data-job-id]').dataset.jobId !== '" + job + "'"
                    + " && document.querySelector('#job-list tr[data-job-id] .pill').textContent === '已完成'");
        } finally {
            TestDatabase.exec("update users set page_language = null");
        }
    }
}
