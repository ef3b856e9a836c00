package com.loandesk.web.api;

import com.loandesk.auth.Principal;
import com.loandesk.channel.twilio.VoiceScripts;
import com.loandesk.store.TemplateStore;
import com.loandesk.store.TemplateStore.NewTemplate;
import com.loandesk.templates.TemplateRenderer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Templates: create a version, approve it (not its author), list, preview against a case. */
final class TemplateApi {

    static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    static final Pattern LOCALE = Pattern.compile("[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*");
    static final Set<String> CHANNELS = Set.of("sms", "voice", "email");
    static final int MAX_SMS_BODY = 1_600;

    private final TemplateStore templates;
    private final TemplateRenderer renderer = TemplateRenderer.create();
    private final String lenderName;

    TemplateApi(TemplateStore templates, String lenderName) {
        this.templates = templates;
        this.lenderName = lenderName;
    }

    /** POST /api/templates → 201 the new (unapproved) version. An invalid template is refused here, never at send time. */
    Future<JsonObject> create(RoutingContext ctx) {
        JsonObject b = Fields.object(ctx);
        String code = Fields.matching(Fields.required(b, "code"), "code", CODE, "lower-case letters, digits and _ . - (at most 64)");
        String channel = Fields.oneOf(Fields.required(b, "channel"), "channel", CHANNELS);
        String locale = Fields.optional(b, "locale");
        locale = locale == null ? "en" : Fields.matching(locale, "locale", LOCALE, "a language tag such as en or zh-CN");
        String subject = Fields.optional(b, "subject");
        String body = Fields.required(b, "body");
        boolean locateOnly = Fields.flag(b, "locateOnly");
        boolean legalThreat = Fields.flag(b, "legalThreat");
        boolean formalNotice = Fields.flag(b, "formalNotice");
        if ("email".equals(channel) && subject == null) {
            throw ApiException.badRequest("subject", "an e-mail template needs a subject");
        }
        if (!"email".equals(channel) && subject != null) {
            throw ApiException.badRequest("subject", "only e-mail templates have a subject");
        }
        if ("sms".equals(channel) && body.length() > MAX_SMS_BODY) {
            throw ApiException.badRequest("body", "an SMS template must be at most " + MAX_SMS_BODY + " characters");
        }
        if (locateOnly && (legalThreat || formalNotice)) {
            throw ApiException.badRequest("locateOnly", "a locate-only template cannot threaten legal action or be a formal notice");
        }
        if (formalNotice && !"email".equals(channel)) {
            throw ApiException.badRequest("formalNotice", "a formal notice is written: only e-mail templates may be one");
        }
        check(body, "body");
        if (subject != null) {
            check(subject, "subject");
        }
        if ("voice".equals(channel)) {
            int length = longestVoiceTwiml(body, locale);
            if (length > VoiceScripts.MAX_TWIML_CHARS) {
                throw ApiException.badRequest("body", "spoken, this voice template makes TwiML of up to " + length
                        + " characters with the longest case values; Twilio takes at most " + VoiceScripts.MAX_TWIML_CHARS);
            }
        }
        return templates.create(new NewTemplate(code, channel, locale, subject, body, locateOnly, legalThreat, formalNotice),
                Api.who(ctx).username()).map(TemplateApi::json);
    }

    /** POST /api/templates/{code}/versions/{v}/approve [{channel, locale}] (compliance or admin; not the author). */
    Future<JsonObject> approve(RoutingContext ctx) {
        String code = ctx.pathParam("code");
        int version = Fields.positiveInt(ctx.pathParam("v"), "v");
        JsonObject b = ctx.body() == null || ctx.body().length() == 0 ? new JsonObject() : Fields.object(ctx);
        String channel = Fields.oneOf(Fields.optional(b, "channel"), "channel", CHANNELS);
        String locale = Fields.optional(b, "locale");
        return templates.approve(code, version, channel, locale, Api.who(ctx).username()).map(TemplateApi::json).recover(e -> {
            if (e instanceof TemplateStore.SelfApproval) {
                return Future.failedFuture(ApiException.forbidden(e.getMessage()));
            }
            return Future.failedFuture(e);
        });
    }

    /** GET /api/templates[?code=] → {templates: [...]}. */
    Future<JsonObject> list(RoutingContext ctx) {
        String code = ctx.queryParams().get("code");
        return templates.list(code == null || code.isBlank() ? null : code)
                .map(all -> {
                    JsonArray out = new JsonArray();
                    all.forEach(t -> out.add(json(t)));
                    return new JsonObject().put("templates", out);
                });
    }

    /** A template version as the API shows it. */
    static JsonObject json(TemplateStore.Template t) {
        return new JsonObject().put("id", t.id()).put("code", t.code()).put("version", t.version()).put("channel", t.channel())
                .put("locale", t.locale()).put("subject", t.subject()).put("body", t.body()).put("locateOnly", t.locateOnly())
                .put("legalThreat", t.legalThreat()).put("formalNotice", t.formalNotice()).put("createdBy", t.createdBy())
                .put("createdAt", t.createdAt() == null ? null : t.createdAt().toString()).put("approved", t.approved())
                .put("approvedBy", t.approvedBy()).put("approvedAt", t.approvedAt() == null ? null : t.approvedAt().toString());
    }

    /** POST /api/templates/{code}/preview {caseRef, channel?, locale?, version?} → the rendered subject and body. */
    Future<JsonObject> preview(RoutingContext ctx) {
        String code = ctx.pathParam("code");
        JsonObject b = Fields.object(ctx);
        String caseRef = Fields.required(b, "caseRef");
        String channel = Fields.oneOf(Fields.optional(b, "channel"), "channel", CHANNELS);
        String locale = Fields.optional(b, "locale");
        Object v = b.getValue("version");
        if (v != null && !(v instanceof Integer i && i > 0)) {
            throw ApiException.badRequest("version", "version must be a positive integer");
        }
        Principal p = Api.who(ctx);
        return templates.forPreview(code, channel, locale, (Integer) v, caseRef, p.collectorScope()).map(preview -> {
            Map<String, Object> vars = new HashMap<>(preview.variables());
            vars.put("lenderName", lenderName);
            TemplateStore.Template t = preview.template();
            try {
                String subject = t.subject() == null ? null : renderer.render(t.subject(), vars);
                String body = renderer.render(t.body(), vars);
                JsonObject answer = new JsonObject().put("code", t.code()).put("version", t.version())
                        .put("channel", t.channel()).put("locale", t.locale())
                        .put("approved", t.approved()).put("subject", subject).put("body", body);
                if ("sms".equals(t.channel())) {
                    // what this case's text costs: one Chinese reminder is often two or three billed segments
                    com.loandesk.templates.SmsLength sms = com.loandesk.templates.SmsLength.of(body);
                    answer.put("sms", new JsonObject().put("encoding", sms.encoding().name()).put("units", sms.units())
                            .put("segments", sms.segments()));
                }
                return answer;
            } catch (IllegalArgumentException e) {
                // a template stored outside the API may not have been checked
                throw ApiException.conflict("the stored template cannot be rendered: " + e.getMessage());
            }
        });
    }

    /** A webhook URL as long as a deployment's may reasonably be (the TwiML names two). */
    static final String LONGEST_WEBHOOK_BASE = "https://" + "x".repeat(120) + ".example.com/webhooks/twilio/";

    /**
     * The length of the TwiML that speaks {@code body} to a confirmed borrower, rendered with the longest
     * values a case may give it (names of 100 characters, references of 64, a 15-digit amount), so a template
     * that fits here fits whatever case it is sent for.
     */
    int longestVoiceTwiml(String body, String locale) {
        String name = "W".repeat(100);
        Map<String, Object> vars = new HashMap<>(com.loandesk.templates.CaseVariables.of(name, new java.math.BigDecimal("999999999999999.99"),
                "XXX", java.time.LocalDate.of(2099, 12, 31), 99_999, "R".repeat(64), "P".repeat(64)));
        vars.put("firstName", name);
        vars.put("lenderName", lenderName == null || lenderName.length() < 100 ? "L".repeat(100) : lenderName);
        String rendered = renderer.render(body, vars);
        return VoiceScripts.confirmed(LONGEST_WEBHOOK_BASE + "gather", LONGEST_WEBHOOK_BASE + "recording-status",
                Long.MAX_VALUE, 99, locale, rendered).length();
    }

    private void check(String text, String field) {
        try {
            renderer.check(text, TemplateRenderer.CASE_VARIABLES);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field, e.getMessage());
        }
    }
}
