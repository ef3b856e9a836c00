package com.loandesk.web.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.testsupport.Await;
import com.loandesk.web.Pages;
import com.loandesk.web.StatusApi;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pages come from the classpath with a strict Content-Security-Policy and revalidating caching headers. */
@ExtendWith(VertxExtension.class)
class PagesAreServedWithStrictHeadersTest {

    private static final Path WEBROOT = Path.of("src/main/resources/webroot");

    private HttpServer server;
    private WebClient client;

    @BeforeEach
    void start(Vertx vertx) {
        Router router = Router.router(vertx);
        Pages.mount(router);
        StatusApi.finish(router);
        server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0));
        client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    }

    @AfterEach
    void stop() {
        client.close();
        Await.result(server.close());
    }

    private HttpResponse<Buffer> get(String path, String ifModifiedSince) {
        var req = client.get(server.actualPort(), "localhost", path);
        if (ifModifiedSince != null) {
            req.putHeader("If-Modified-Since", ifModifiedSince);
        }
        return Await.result(req.send());
    }

    @Test
    void every_page_answers_with_the_policy_and_revalidates() {
        for (String page : List.of("/app/login.html", "/app/waves.html", "/app/desk.html", "/app/log.html", "/app/js/common.js", "/app/app.css")) {
            var r = get(page, null);
            assertEquals(200, r.statusCode(), page);
            String csp = r.getHeader("Content-Security-Policy");
            assertNotNull(csp, page);
            assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
            assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
            assertEquals("nosniff", r.getHeader("X-Content-Type-Options"), page);
            assertEquals("no-cache", r.getHeader("Cache-Control"), page);
            String lastModified = r.getHeader("Last-Modified");
            assertNotNull(lastModified, page);
            assertEquals(304, get(page, lastModified).statusCode(), page + " revalidates with a 304");
        }
        assertTrue(get("/app/waves.html", null).getHeader("Content-Type").startsWith("text/html"));
        assertTrue(get("/app/js/waves.js", null).getHeader("Content-Type").contains("javascript"));
    }

    @Test
    void the_folder_redirects_to_its_index_and_nothing_outside_webroot_is_served() {
        var bare = get("/app", null);
        assertEquals(302, bare.statusCode());
        assertEquals("/app/", bare.getHeader("Location"));
        var index = get("/app/", null);
        assertTrue(index.bodyAsString().contains("<ul id=\"pages\">"), index.statusCode() + " " + index.bodyAsString());
        assertEquals(404, get("/app/nothing.html", null).statusCode());
        assertEquals(404, get("/app/../openapi.yaml", null).statusCode());
        assertEquals(404, get("/app/%2e%2e/openapi.yaml", null).statusCode());
        assertEquals(404, get("/app/js/", null).statusCode(), "no directory listing");
    }

    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern INLINE_HANDLER = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern INLINE_STYLE = Pattern.compile("<style|\\sstyle\\s*=|setAttribute\\(\\s*'style'|innerHTML|javascript:",
            Pattern.CASE_INSENSITIVE);

    @Test
    void pages_hold_nothing_inline_that_the_policy_would_block_and_load_nothing_from_elsewhere() throws IOException {
        try (Stream<Path> files = Files.walk(WEBROOT)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                String name = WEBROOT.relativize(f).toString();
                assertFalse(INLINE_SCRIPT.matcher(text).find(), name + ": inline <script>");
                if (name.endsWith(".html")) {
                    assertFalse(INLINE_HANDLER.matcher(text).find(), name + ": inline event handler");
                }
                assertFalse(INLINE_STYLE.matcher(text).find(), name + ": inline style, innerHTML or javascript: URL");
                assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(text).find(), name + ": loads from another origin");
            }
        }
    }
}
