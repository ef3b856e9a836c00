package com.loandesk.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Await;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client input in a log field stays inside its field of its line ({@link LogText}). */
class LogLinesCannotBeForgedTest {

    private static final String FORGED = "[main] INFO AccessStore - login user=admin";

    @Test
    void a_newline_in_a_login_username_does_not_start_a_log_line() throws Exception {
        Vertx vertx = Vertx.vertx();
        ApiHarness api = ApiHarness.start(vertx);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                captured.write(b);
                originalErr.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                captured.write(b, off, len);
                originalErr.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
        try {
            assertEquals(401, api.login("mallory\n" + FORGED, "whatever it is").statusCode());
            assertEquals(401, api.login("eve\r\n" + FORGED + " role=\"admin\"", "whatever it is").statusCode());
        } finally {
            System.setErr(originalErr);
            api.close();
            Await.result(vertx.close());
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.stream().noneMatch(l -> l.startsWith(FORGED)),
                String.join("\n", lines));
        String refused = lines.stream().filter(l -> l.contains("login refused user=\"mallory")).findFirst().orElseThrow(
                () -> new AssertionError("no refusal logged:\n" + String.join("\n", lines)));
        assertTrue(refused.contains("user=\"mallory\\n" + FORGED + "\""), refused);
        String second = lines.stream().filter(l -> l.contains("login refused user=\"eve")).findFirst().orElseThrow();
        assertTrue(second.contains("user=\"eve\\r\\n" + FORGED + " role=\\\"admin\\\"\""), second);
    }

    @Test
    void plain_values_are_logged_as_they_are_and_others_quoted_and_escaped() {
        assertEquals("cole", LogText.of("cole"));
        assertEquals("null", LogText.of(null));
        assertEquals("\"\"", LogText.of(""));
        assertEquals("\"a b\"", LogText.of("a b"));
        assertEquals("\"x role=admin\"", LogText.of("x role=admin"));
        assertEquals("\"a\\nb\\rc\\td\\\\e\\\"f\"", LogText.of("a\nb\rc\td\\e\"f"));
        assertEquals("\"a\\u2028b\\u0000c\\u001bd\"", LogText.of("a\u2028b\u0000c\u001bd"));
        assertEquals("\"" + "x".repeat(200) + "…\"", LogText.of("x".repeat(500)));
    }
}
