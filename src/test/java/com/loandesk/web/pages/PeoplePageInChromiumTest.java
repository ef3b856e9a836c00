package com.loandesk.web.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.auth.AccessStore;
import com.loandesk.auth.Role;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.ApiHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's admin page ({@code /app/people.html}) and everyone's password page ({@code /app/account.html}), clicked
 * through in headless Chromium against the API and pages on a real server and PostgreSQL; each step is then checked
 * in the database.
 */
class PeoplePageInChromiumTest extends PageServerTest {

    private static final String ADMIN_TOKEN = ApiHarness.ADMIN_TOKEN;
    private static final String PASSWORD = PageServer.PASSWORD;

    @Override
    protected Map<String, Role> people() {
        return Map.of("ada", Role.ADMIN, "cole", Role.COLLECTOR, "sam", Role.SCHEDULER);
    }

    private void logIn(String page, String username, String password) {
        pages.logIn(page, username, password);
    }

    private int me(String token) {
        return Await.result(pages.http.get(pages.server.actualPort(), "localhost", "/api/me").bearerTokenAuthentication(token).send()).statusCode();
    }

    private static String row(String username) {
        return "#user-list tr[data-username=\"" + username + "\"]";
    }

    @Test
    void admin_creates_a_user_changes_a_role_issues_and_revokes_a_token_and_disables_a_user_on_the_people_page() {
        logIn("/app/people.html", "ada", PASSWORD);
        browser.waitFor("the users", "document.querySelector(" + Chromium.js(row("cole")) + ") !== null");

        // a common password is refused with the reason; nothing is created
        browser.type("#new-username", "dora");
        browser.choose("#new-role", "compliance");
        browser.type("#new-password", "unbelievable");
        browser.click("#create-user");
        browser.waitFor("the refusal", "document.querySelector('#user-form-msg').textContent.includes('most common')");
        assertEquals(0, Fixtures.count("select count(*) from users where username = 'dora'"));
        browser.type("#new-password", "tea with lemon, no sugar");
        browser.click("#create-user");
        browser.waitFor("dora in the list", "document.querySelector(" + Chromium.js(row("dora") + " td[data-col=\"role\"]") + ")?.textContent === 'compliance'");
        assertEquals("compliance", Fixtures.text("select role from users where username = 'dora'"));

        // cole becomes a scheduler
        browser.click(row("cole"));
        browser.waitFor("cole's card", "document.querySelector('#detail-username').textContent === 'cole'");
        browser.choose("#detail-role", "scheduler");
        browser.click("#change-role");
        browser.waitFor("the new role", "document.querySelector(" + Chromium.js(row("cole") + " td[data-col=\"role\"]") + ")?.textContent === 'scheduler'");
        assertEquals("scheduler", Fixtures.text("select role from users where username = 'cole'"));

        // a token for cole: shown once, listed without its value, then revoked from the list
        browser.type("#token-label", "cole's export script");
        browser.click("#create-token");
        browser.waitFor("the secret", "!document.querySelector('#token-secret').classList.contains('hidden')");
        String secret = browser.text("#token-value");
        assertEquals(43, secret.length(), secret);
        assertEquals(200, me(secret));
        long tokenId = Fixtures.count("select id from api_token where label = 'cole''s export script'");
        String tokenRow = "#token-list tr[data-token-id=\"" + tokenId + "\"]";
        browser.waitFor("the token in the list", "document.querySelector(" + Chromium.js(tokenRow) + ") !== null");
        assertFalse(browser.text("#token-list").contains(secret), "the list never shows a token's value");
        browser.click(tokenRow + " button[data-revoke]");
        browser.waitFor("the revoked state", "document.querySelector(" + Chromium.js(tokenRow + " td[data-col=\"state\"]") + ")?.textContent === 'revoked'");
        assertEquals(401, me(secret));

        // ada cannot disable herself; cole can be disabled, which ends his session
        browser.click(row("ada"));
        browser.waitFor("ada's card", "document.querySelector('#detail-username').textContent === 'ada'");
        assertEquals(Boolean.TRUE, browser.eval("document.querySelector('#disable').disabled"), "no disabling oneself");
        String coleSession = ((com.loandesk.auth.AccessStore.Login) Await.result(pages.access.login("cole", PASSWORD, java.time.Duration.ofHours(1), "test"))).token();
        assertEquals(200, me(coleSession));
        browser.click(row("cole"));
        browser.waitFor("cole's card", "document.querySelector('#detail-username').textContent === 'cole'");
        browser.click("#disable");
        browser.waitFor("cole disabled", "document.querySelector(" + Chromium.js(row("cole") + " td[data-col=\"state\"]") + ")?.textContent === 'disabled'");
        assertTrue(browser.text("#people-msg").contains("1 session(s) ended"), browser.text("#people-msg"));
        assertEquals(401, me(coleSession));
        assertEquals(1, Fixtures.count("select count(*) from users where username = 'cole' and disabled_at is not null"));
        assertEquals(1, Fixtures.count("select count(*) from access_audit where actor = 'ada' and action = 'user_disabled' and target = 'cole'"));
        assertEquals(1, Fixtures.count("select count(*) from access_audit where actor = 'ada' and action = 'token_revoked' and target = 'cole'"));
        browser.screenshot("people-page");
    }

    @Test
    void a_scheduler_changes_their_own_password_and_may_not_use_the_people_page() {
        logIn("/app/account.html", "sam", PASSWORD);
        browser.type("#current-password", "not my password at all");
        browser.type("#new-password", "a brand new passphrase");
        browser.click("#change-password");
        browser.waitFor("the refusal", "document.querySelector('#password-msg').textContent.includes('currentPassword')");
        browser.type("#current-password", PASSWORD);
        browser.type("#new-password", "a brand new passphrase");
        browser.click("#change-password");
        browser.waitFor("the change", "document.querySelector('#password-msg').textContent.startsWith('Password changed')");
        assertEquals(1, Fixtures.count("select count(*) from access_audit where actor = 'sam' and action = 'password_changed'"));
        org.junit.jupiter.api.Assertions.assertInstanceOf(AccessStore.WrongCredentials.class, Await.result(pages.access.login("sam", PASSWORD, java.time.Duration.ofHours(1), "test")));

        browser.open(pages.base + "/app/people.html");
        browser.waitFor("the role refusal", "document.querySelector('main').textContent.includes('may not use this page')");
        assertEquals(0, browser.count("#user-list"));
        assertFalse((Boolean) browser.eval("[...document.querySelectorAll('header nav a')].some(a => a.textContent === 'People and tokens')"),
                "no link to the admin page for a scheduler");
    }
}
