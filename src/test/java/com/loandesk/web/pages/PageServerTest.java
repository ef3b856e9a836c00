package com.loandesk.web.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.auth.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * A page test's life on a {@link PageServer}: one server and browser for the class, each test logged out (and the
 * browser's storage of the pages forgotten) at its start,
 * and no JavaScript error or CSP violation on the pages at its end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PageServerTest {

    protected PageServer pages;
    protected Chromium browser;

    /** The people who log in (username → role), each with {@link PageServer#PASSWORD}. */
    protected abstract Map<String, Role> people();

    @BeforeAll
    void startPages() throws Exception {
        pages = PageServer.start(people());
        browser = pages.browser;
    }

    @AfterAll
    void stopPages() {
        if (pages != null) {
            pages.close();
        }
    }

    @BeforeEach
    void loggedOut() {
        browser.clearCookies();
        browser.clearStorage(pages.base);
    }

    @AfterEach
    void noScriptErrors() {
        assertEquals(List.of(), browser.problems(), "JavaScript errors or CSP violations on the pages");
    }
}
