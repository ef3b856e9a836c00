package com.loandesk.templates;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renders message templates with jmustache: no HTML escaping (texts, calls and plain e-mail), no
 * partials, and a missing variable is an error rather than an empty string. Pure: no I/O, thread-safe.
 * <p>
 * {@link #check} is what template creation runs, so that a template that would fail at send time is
 * refused when it is written: syntax (e.g. an unclosed section) and every name it uses.
 */
public final class TemplateRenderer {

    /** The variables a case offers a template (see {@code CaseVariables}). */
    public static final Set<String> CASE_VARIABLES = CaseVariables.NAMES;

    private static final Mustache.Compiler COMPILER = Mustache.compiler().escapeHTML(false).strictSections(true)
            .withLoader(name -> {
                throw new IllegalArgumentException("partials ({{> " + name + "}}) are not allowed");
            });

    private TemplateRenderer() {
    }

    public static TemplateRenderer create() {
        return new TemplateRenderer();
    }

    /**
     * {@code body} rendered with {@code vars}.
     *
     * @throws IllegalArgumentException when the template does not parse or uses a variable {@code vars} lacks
     */
    public String render(String body, Map<String, Object> vars) {
        Template t = compile(body);
        try {
            return t.execute(vars);
        } catch (MustacheException e) {
            throw new IllegalArgumentException("template cannot be rendered: " + message(e), e);
        }
    }

    /** The variable and section names {@code body} uses. */
    public Set<String> variables(String body) {
        Set<String> names = new LinkedHashSet<>();
        compile(body).visit(new Mustache.Visitor() {
            @Override
            public void visitText(String text) {
            }

            @Override
            public void visitVariable(String name) {
                names.add(name);
            }

            @Override
            public boolean visitInclude(String name) {
                throw new IllegalArgumentException("partials ({{> " + name + "}}) are not allowed");
            }

            @Override
            public boolean visitSection(String name) {
                names.add(name);
                return true;
            }

            @Override
            public boolean visitInvertedSection(String name) {
                names.add(name);
                return true;
            }
        });
        return names;
    }

    /** Throws IllegalArgumentException naming the problem unless {@code body} parses and uses only {@code allowed} names. */
    public void check(String body, Set<String> allowed) {
        Set<String> unknown = new TreeSet<>();
        for (String name : variables(body)) {
            if (!allowed.contains(name) && !".".equals(name) && !"this".equals(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown variable" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + "; known: " + String.join(", ", new TreeSet<>(allowed)));
        }
    }

    private static Template compile(String body) {
        if (body == null) {
            throw new IllegalArgumentException("template body is missing");
        }
        try {
            return COMPILER.compile(body);
        } catch (MustacheException e) {
            throw new IllegalArgumentException("template does not parse: " + message(e), e);
        }
    }

    private static String message(MustacheException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
