package com.loandesk.web.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.auth.Role;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every page, opened by a person who may use it in a window 1,024 pixels wide: nothing runs off the side (no
 * horizontal scrolling), and every control a person can reach has a name a screen reader says (a label, an
 * aria-label or its own text).
 */
class PagesAreUsableAt1024PixelsTest extends PageServerTest {

    @Override
    protected Map<String, Role> people() {
        return Map.of("ada", Role.ADMIN, "carol", Role.COMPLIANCE, "cole", Role.COLLECTOR);
    }

    /** The controls (visible, enabled or not) with no accessible name, described by tag and id. */
    private static final String UNNAMED = """
            [...document.querySelectorAll('input, select, textarea, button, [tabindex="0"]')]
              .filter(e => e.type !== 'hidden' && e.getClientRects().length > 0)
              .filter(e => !((e.labels && [...e.labels].some(l => l.textContent.trim()))
                             || (e.getAttribute('aria-label') || '').trim()
                             || (e.getAttribute('aria-labelledby') || '').trim()
                             || ((e.tagName === 'BUTTON' || e.tagName === 'TR') && e.textContent.trim())))
              .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.name ? '[name=' + e.name + ']' : ''))
            """;

    private void check(String page, String user) {
        browser.send("Emulation.setDeviceMetricsOverride", new JsonObject().put("width", 1024).put("height", 768)
                .put("deviceScaleFactor", 1).put("mobile", false));
        browser.clearCookies();
        pages.logIn(page, user, PageServer.PASSWORD);
        browser.waitFor("the page drawn", "document.querySelector('#who') !== null && document.readyState === 'complete'");
        assertEquals(Boolean.TRUE, browser.eval("document.documentElement.scrollWidth <= window.innerWidth"),
                () -> page + " runs off a 1024 px window: " + browser.eval("document.documentElement.scrollWidth") + " px wide");
        assertEquals(List.of(), ((io.vertx.core.json.JsonArray) browser.eval(UNNAMED)).getList(), page + ": controls without a name");
    }

    @Test
    void every_page_fits_1024_pixels_and_names_every_control() {
        check("/app/waves.html", "ada");
        check("/app/people.html", "ada");
        check("/app/account.html", "ada");
        check("/app/templates.html", "ada");
        check("/app/imports.html", "ada");
        check("/app/holds.html", "carol");
        check("/app/reports.html", "carol");
        check("/app/settle.html", "carol");
        check("/app/log.html", "carol");
        check("/app/desk.html", "cole");
    }
}
