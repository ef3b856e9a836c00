package com.loandesk.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {

    private final TemplateRenderer renderer = TemplateRenderer.create();

    @Test
    void renders_case_variables_without_html_escaping() {
        assertEquals("Hi Jane & co, 1500.00 USD is due. — Acme",
                renderer.render("Hi {{borrowerName}}, {{amount}} {{currency}} is due. — {{lenderName}}",
                        Map.of("borrowerName", "Jane & co", "amount", "1500.00", "currency", "USD", "lenderName", "Acme")));
    }

    @Test
    void an_unclosed_section_is_named() {
        var e = assertThrows(IllegalArgumentException.class, () -> renderer.check("{{#daysPastDue}}late", TemplateRenderer.CASE_VARIABLES));
        assertTrue(e.getMessage().contains("does not parse"), e.getMessage());
    }

    @Test
    void an_unknown_variable_is_named_even_inside_an_inverted_section() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> renderer.check("Hi {{borrowerName}} {{^lenderName}}{{courtName}}{{/lenderName}}", TemplateRenderer.CASE_VARIABLES));
        assertTrue(e.getMessage().startsWith("unknown variable courtName"), e.getMessage());
    }

    @Test
    void a_missing_value_at_render_time_is_an_illegal_argument_not_an_empty_string() {
        assertThrows(IllegalArgumentException.class, () -> renderer.render("Hi {{borrowerName}}", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> renderer.render("{{> other}}", Map.of()));
    }
}
