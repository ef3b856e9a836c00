package com.loandesk.web;

import com.loandesk.web.api.Errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.channel.twilio.TwilioBridgeCall;
import com.loandesk.dispatch.ContextBuilder;
import com.loandesk.dispatch.ImmediateGate;
import com.loandesk.calls.ClickToCall;
import com.loandesk.fake.FakeTwilio;
import com.loandesk.fake.TwilioSignature;
import com.loandesk.rules.PolicyBook;
import com.loandesk.rules.ZoneResolver;
import com.loandesk.store.TaskStore;
import com.loandesk.templates.ApprovedTemplates;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.DispatchHarness;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import com.loandesk.testsupport.TwilioIds;
import com.loandesk.testsupport.TwilioTestEnv;
import com.loandesk.testsupport.WebhookHarness;
import com.loandesk.testsupport.ApiHarness;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

/**
 * Issue 6: every documented /api endpoint (its GET, POST and PUT operations) and every Twilio webhook is fed generated malformed, oversized,
 * wrongly typed and injection-shaped input. The answer is never a 5xx; every 4xx is a JSON object with an
 * "error" field; and nothing is half-written (row counts of the core tables unchanged).
 * <p>
 * The API is mounted as the service mounts it (1 MiB body limit, authentication, click-to-call on a
 * {@link FakeTwilio}, the dry run), and requests carry the bootstrap admin token, so they get past
 * authentication and role checks into the validators.
 */
@ExtendWith(VertxExtension.class)
class BadInputIsAlways4xxTest {

    private static final String ADMIN_TOKEN = ApiHarness.ADMIN_TOKEN;
    private static final int IN_FLIGHT = 16;
    private static final Set<Integer> ACCEPTED_4XX = Set.of(400, 401, 403, 404, 405, 409, 413, 415, 422);
    private static final List<String> TABLES = List.of("case_history", "contact_task", "case_hold", "template", "wave", "users");

    private static final String LONG_300 = "x".repeat(300);
    private static final String LONG_10K = "y".repeat(10_000);

    private Vertx vertx;
    private FakeTwilio fake;
    private Pool pool;
    private TwilioBridgeCall bridge;
    private HttpServer server;
    private WebClient client;
    private WebhookHarness hooks;
    private String caseRef;

    @BeforeEach
    void start(Vertx vertx) {
        this.vertx = vertx;
        TestDatabase.truncate();
        Fixtures.approvedTemplates("reminder");
        TestDatabase.exec("insert into template (code, version, channel, locale, body, approved_by, approved_at) "
                + "values ('click-to-call', 1, 'voice', 'en', 'Collector call', 'compliance-test', now())");
        Clock clock = Clock.systemUTC();
        fake = Await.result(FakeTwilio.start(vertx, 0, TwilioTestEnv.ACCOUNT_SID, TwilioTestEnv.AUTH_TOKEN)).callbacksEnabled(false);
        pool = TestDatabase.pool(vertx, 8);
        ApprovedTemplates templates = Await.result(ApprovedTemplates.load(pool));
        ContextBuilder contexts = new ContextBuilder(ZoneResolver.withDefaults(List.of(ZoneId.of("America/New_York"))), templates);
        PolicyBook policies = com.loandesk.policies.PolicyFiles.load(Path.of("conf/policies"));
        ImmediateGate gate = new ImmediateGate(new TaskStore(pool), policies, contexts, clock, DispatchHarness.fastConfig());
        bridge = TwilioBridgeCall.create(vertx, TwilioTestEnv.settings(fake, "http://localhost:1", Map.of()));
        ClickToCall clickToCall = new ClickToCall(pool, gate, bridge, clock);

        Router router = Router.router(vertx);
        var mounted = ApiHarness.mount(vertx, router, pool, clock, clickToCall);
        ApiHarness.mountDryRun(vertx, router, pool, clock, policies, contexts);
        router.route().last().handler(ctx -> Errors.send(ctx, 404, "not_found", "no route " + ctx.request().path()));
        router.route().failureHandler(Errors::onFailure);
        server = Await.result(mounted.compose(v -> vertx.createHttpServer().requestHandler(router).listen(0)));
        client = WebClient.create(vertx);
        hooks = Await.result(WebhookHarness.start(vertx,
                base -> TwilioTestEnv.webhookSettings(base, Map.of("TWILIO_FROM_NUMBER", TwilioTestEnv.SMS_FROM)), null));

        long borrower = Fixtures.borrower("US-NY", "America/New_York", "US");
        long caseId = Fixtures.overdueCase(borrower);
        caseRef = Fixtures.text("select external_id from collection_case where id = ?", caseId);
        Fixtures.mobile(borrower, "+12125550123");
    }

    @AfterEach
    void stop() {
        client.close();
        Await.result(hooks.close());
        Await.result(server.close().compose(v -> bridge.close()).compose(v -> pool.close()).compose(v -> fake.close()));
    }

    /** One generated request. */
    private record Bad(String label, HttpMethod method, String uri, String contentType, Buffer body,
                       Map<String, String> headers, boolean webhook) {
    }

    private record Answer(Bad bad, int status, String body) {
    }

    @Test
    void every_bad_input_is_a_json_4xx_and_writes_nothing() throws Exception {
        List<Bad> requests = new ArrayList<>();
        requests.addAll(apiRequests());
        requests.addAll(webhookRequests());

        Map<String, Long> before = counts();
        long eventsBefore = Fixtures.count("select count(*) from provider_event");
        long started = System.nanoTime();
        List<Answer> answers = run(requests);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        List<String> failures = new ArrayList<>();
        List<String> accidentalWrites = new ArrayList<>();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        for (Answer a : answers) {
            byStatus.merge(a.status(), 1, Integer::sum);
            if (a.status() >= 500 || a.status() < 200) {
                failures.add(a.status() + " " + a.bad().label() + " -> " + abbreviate(a.body()));
            } else if (a.status() == 414 && a.bad().label().equals(OVERLONG_URI)) {
                // transport-level refusal (see OVERLONG_URI): a 4xx, but not the API's JSON error
                System.out.println("  414 from the HTTP codec, non-JSON body: " + abbreviate(a.body()));
            } else if (a.status() >= 400) {
                if (!ACCEPTED_4XX.contains(a.status())) {
                    failures.add("unexpected " + a.status() + " " + a.bad().label());
                } else if (!jsonError(a.body())) {
                    failures.add("non-JSON " + a.status() + " " + a.bad().label() + " -> " + abbreviate(a.body()));
                }
            } else if (a.bad().method() != HttpMethod.GET) {
                accidentalWrites.add(a.status() + " " + a.bad().label());
            }
        }
        System.out.printf("BadInputIsAlways4xxTest: %d requests in %d ms, statuses %s, accepted-by-accident %d%n",
                answers.size(), millis, byStatus, accidentalWrites.size());
        Map<String, Integer> acceptedByRoute = new TreeMap<>();
        accidentalWrites.forEach(w -> acceptedByRoute.merge(w.split(" ")[0] + " " + w.split(" ")[2], 1, Integer::sum));
        System.out.println("  accepted by accident, by route: " + acceptedByRoute);
        assertTrue(failures.isEmpty(), failures.size() + " bad answers:\n" + String.join("\n", failures));

        // nothing half-written: a bad request adds no rows. The only writes allowed are those of requests that were
        // valid by accident (2xx POSTs, listed above); none of the generated ones can touch these tables today
        // (the 2xx ones are token issues and empty imports), so the counts must be equal.
        Map<String, Long> after = counts();
        assertEquals(before, after, "row counts changed; accepted-by-accident: " + accidentalWrites);
        // provider events: only a signed webhook answered 2xx (valid by accident: e.g. amd with a free-text AnsweredBy,
        // gather with odd Digits, inbound-sms with an odd Body) may record one, and at most one each
        long webhooksAccepted = answers.stream().filter(a -> a.bad().webhook() && a.status() < 300).count();
        answers.stream().filter(a -> a.bad().webhook() && a.status() < 300)
                .forEach(a -> System.out.println("  webhook accepted: " + a.status() + " " + a.bad().label()));
        long events = Fixtures.count("select count(*) from provider_event") - eventsBefore;
        assertTrue(events <= webhooksAccepted, events + " provider events recorded by " + webhooksAccepted + " accepted webhooks");
        assertTrue(requests.size() <= 4400, "keep the run bounded: " + requests.size()); // about 4,190 with number facts, people, tokens and the PUTs
    }

    // ---------------------------------------------------------------- the API

    @SuppressWarnings("unchecked")
    private List<Bad> apiRequests() throws Exception {
        Map<String, Object> doc;
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/openapi.yaml"))) {
            doc = new Yaml().load(in);
        }
        Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
        List<Bad> out = new ArrayList<>();
        for (var entry : paths.entrySet()) {
            String template = entry.getKey();
            if (!template.startsWith("/api/")) {
                continue;
            }
            Map<String, Object> ops = (Map<String, Object>) entry.getValue();
            for (String method : List.of("get", "post", "put")) {
                Map<String, Object> op = (Map<String, Object>) ops.get(method);
                if (op == null) {
                    continue;
                }
                HttpMethod m = HttpMethod.valueOf(method.toUpperCase());
                Map<String, Object> props = m != HttpMethod.GET ? bodyProperties(doc, op) : Map.of();
                boolean array = m != HttpMethod.GET && bodyIsArray(op);
                List<String> uris = concrete(template);
                for (int i = 0; i < uris.size(); i++) {
                    String uri = uris.get(i);
                    boolean validPath = i == 0;
                    if (m == HttpMethod.GET) {
                        out.add(get(uri));
                        if (validPath && (template.equals("/api/log") || template.equals("/api/log.csv")
                                || template.equals("/api/templates") || template.startsWith("/api/cases/")
                                || template.startsWith("/api/reports/"))) {
                            // a read that takes no parameters is fuzzed with one it does not know
                            List<String> names = queryNames(doc, op);
                            out.addAll(badQueries(uri, names.isEmpty() ? List.of("unknown") : names));
                        }
                        continue;
                    }
                    out.addAll(bodyShapes(m, uri, validPath));
                    if (validPath) {
                        out.addAll(badProperties(m, uri, props, array));
                    }
                }
            }
        }
        return out;
    }

    /** The template with its path parameters filled: first valid-looking values, then each bad value in every slot. */
    private List<String> concrete(String template) {
        List<String> names = new ArrayList<>();
        var matcher = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        Map<String, String> valid = new LinkedHashMap<>();
        for (String n : names) {
            valid.put(n, switch (n) {
                case "caseRef" -> caseRef;
                case "username" -> "admin";
                case "code" -> "reminder";
                default -> "1";
            });
        }
        List<String> out = new ArrayList<>();
        out.add(fill(template, valid));
        List<String> bad = List.of("0", "-1", "abc", "1;drop table case_history", "%27", LONG_300, "9223372036854775808",
                "%00", "%E2%80%AE", "%zz");
        for (String n : names) {
            for (String b : bad) {
                Map<String, String> values = new LinkedHashMap<>(valid);
                values.put(n, b);
                out.add(fill(template, values));
            }
        }
        return out;
    }

    private static String fill(String template, Map<String, String> values) {
        String s = template;
        for (var e : values.entrySet()) {
            String v = e.getValue();
            // already-escaped values go as they are; anything else is escaped as a path segment
            String encoded = v.startsWith("%") ? v : URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
            s = s.replace("{" + e.getKey() + "}", encoded);
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bodyProperties(Map<String, Object> doc, Map<String, Object> op) {
        Map<String, Object> schema = jsonSchema(op);
        if (schema == null) {
            return Map.of();
        }
        schema = resolve(doc, schema);
        if ("array".equals(schema.get("type")) && schema.get("items") instanceof Map<?, ?> items) {
            schema = resolve(doc, (Map<String, Object>) items);
        }
        Object props = schema.get("properties");
        Map<String, Object> out = new LinkedHashMap<>();
        if (props instanceof Map<?, ?> p) {
            out.putAll((Map<String, Object>) p);
        }
        if (schema.get("allOf") instanceof List<?> all) {
            for (Object part : all) {
                Object pp = resolve(doc, (Map<String, Object>) part).get("properties");
                if (pp instanceof Map<?, ?> m) {
                    out.putAll((Map<String, Object>) m);
                }
            }
        }
        return out;
    }

    private static boolean bodyIsArray(Map<String, Object> op) {
        Map<String, Object> schema = jsonSchema(op);
        return schema != null && "array".equals(schema.get("type"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonSchema(Map<String, Object> op) {
        if (!(op.get("requestBody") instanceof Map<?, ?> rb) || !(rb.get("content") instanceof Map<?, ?> content)
                || !(content.get("application/json") instanceof Map<?, ?> json) || !(json.get("schema") instanceof Map<?, ?> schema)) {
            return null;
        }
        return (Map<String, Object>) schema;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolve(Map<String, Object> doc, Map<String, Object> schema) {
        Object ref = schema.get("$ref");
        if (!(ref instanceof String r) || !r.startsWith("#/")) {
            return schema;
        }
        Object node = doc;
        for (String part : r.substring(2).split("/")) {
            node = ((Map<String, Object>) node).get(part);
        }
        return resolve(doc, (Map<String, Object>) node);
    }

    @SuppressWarnings("unchecked")
    private static List<String> queryNames(Map<String, Object> doc, Map<String, Object> op) {
        List<String> names = new ArrayList<>();
        if (op.get("parameters") instanceof List<?> params) {
            for (Object p : params) {
                Map<String, Object> param = resolve(doc, (Map<String, Object>) p);
                if ("query".equals(param.get("in"))) {
                    names.add((String) param.get("name"));
                }
            }
        }
        return names;
    }

    private static final List<String> BAD_QUERY_VALUES = List.of("", "0", "abc", "9223372036854775808",
            "' or 1=1 --", "\"; drop table contact_task; --", "2026-02-30", "2026-13-01T25:61:00Z",
            "a\u0000b", "\u202Eevil", "y".repeat(2_000), "[]");

    private List<Bad> badQueries(String uri, List<String> names) {
        List<Bad> out = new ArrayList<>();
        for (String name : names) {
            for (String v : BAD_QUERY_VALUES) {
                String q = uri + "?" + name + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8);
                out.add(new Bad("GET " + abbreviate(q), HttpMethod.GET, q, null, null, Map.of(), false));
            }
            // the same parameter twice, and a raw malformed escape
            out.add(new Bad("GET dup " + name, HttpMethod.GET, uri + "?" + name + "=a&" + name + "=b", null, null, Map.of(), false));
            out.add(new Bad("GET %zz " + name, HttpMethod.GET, uri + "?" + name + "=%zz", null, null, Map.of(), false));
        }
        // a request line over the HTTP server's 4 KiB limit: Vert.x's codec answers 414 before any route runs,
        // with a plain-text body (the one non-JSON 4xx this test accepts, see OVERLONG_URI)
        out.add(new Bad(OVERLONG_URI, HttpMethod.GET, uri + "?" + names.get(0) + "=" + "y".repeat(8_000), null, null, Map.of(), false));
        return out;
    }

    private static final String OVERLONG_URI = "GET overlong request line";

    private Bad get(String uri) {
        return new Bad("GET " + abbreviate(uri), HttpMethod.GET, uri, null, null, Map.of(), false);
    }

    private Bad write(HttpMethod m, String label, String uri, String contentType, String body) {
        return new Bad(m.name() + " " + abbreviate(uri) + " " + label, m, uri, contentType,
                body == null ? null : Buffer.buffer(body), Map.of(), false);
    }

    /** Whole-body shapes: nothing, empty, non-objects, malformed JSON, wrong content types, over the limit. */
    private List<Bad> bodyShapes(HttpMethod m, String uri, boolean all) {
        List<Bad> out = new ArrayList<>();
        out.add(write(m, "no body", uri, null, null));
        out.add(write(m, "{}", uri, "application/json", "{}"));
        if (!all) {
            // a bad path parameter: two bodies are enough to show the path is checked whatever the body
            return out;
        }
        out.add(write(m, "empty body", uri, "application/json", ""));
        out.add(write(m, "null", uri, "application/json", "null"));
        out.add(write(m, "[]", uri, "application/json", "[]"));
        out.add(write(m, "string", uri, "application/json", "\"hello\""));
        out.add(write(m, "number", uri, "application/json", "42"));
        out.add(write(m, "[null]", uri, "application/json", "[null]"));
        out.add(write(m, "[1,\"a\"]", uri, "application/json", "[1,\"a\"]"));
        out.add(write(m, "malformed {", uri, "application/json", "{"));
        out.add(write(m, "malformed trailing", uri, "application/json", "{\"a\":1,}"));
        out.add(write(m, "malformed quote", uri, "application/json", "{'a': 1}"));
        out.add(write(m, "two docs", uri, "application/json", "{} {}"));
        out.add(write(m, "deep nesting", uri, "application/json", "[".repeat(5_000) + "]".repeat(5_000)));
        out.add(write(m, "text/plain", uri, "text/plain", "{\"a\":1}"));
        out.add(write(m, "application/xml", uri, "application/xml", "<a>1</a>"));
        out.add(write(m, "form", uri, "application/x-www-form-urlencoded", "a=1&b=2"));
        out.add(write(m, "text/csv junk", uri, "text/csv", "\u0000,\"unterminated\n1,2,3"));
        out.add(new Bad(m.name() + " " + abbreviate(uri) + " invalid utf-8", m, uri, "application/json",
                Buffer.buffer(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}), Map.of(), false));
        out.add(write(m, "over 1 MiB", uri, "application/json", "{\"a\":\"" + "z".repeat(com.loandesk.web.api.ApiRoutes.BODY_LIMIT + 10) + "\"}"));
        return out;
    }

    private static List<Object> badValues() {
        List<Object> values = new ArrayList<>();
        values.add(12345);
        values.add("12345");
        values.add(new JsonObject().put("a", 1));
        values.add(new JsonArray().add(1).add("b"));
        values.add(true);
        values.add("");
        values.add(LONG_10K);
        values.add("' or 1=1 --");
        values.add("\"; drop table contact_task; --");
        values.add("a\u0000b");
        values.add("\u202E\u200Fevil\u202C");
        values.add(1e308);
        values.add(new BigInteger("9223372036854775808"));
        values.add(-1);
        values.add(-9.5);
        values.add("2026-02-30");
        values.add("2026-13-45T99:99:99Z");
        values.add("-999999999-01-01");
        return values;
    }

    /** For every documented property: the property alone set to each bad value; and every property set to it at once. */
    private List<Bad> badProperties(HttpMethod m, String uri, Map<String, Object> props, boolean array) {
        List<Bad> out = new ArrayList<>();
        if (props.isEmpty()) {
            // no documented body (logout, pause, resume, ...): one unknown property is enough
            props = Map.of("unexpected", Map.of());
        }
        List<Object> values = badValues();
        for (Object v : values) {
            JsonObject everything = new JsonObject();
            props.keySet().forEach(p -> everything.put(p, v));
            out.add(write(m, "all=" + abbreviate(String.valueOf(v)), uri, "application/json", wrap(everything, array)));
        }
        for (String p : props.keySet()) {
            for (Object v : values) {
                JsonObject one = new JsonObject().put(p, v);
                out.add(write(m, p + "=" + abbreviate(String.valueOf(v)), uri, "application/json", wrap(one, array)));
            }
        }
        return out;
    }

    private static String wrap(JsonObject o, boolean array) {
        return array ? new JsonArray().add(o).encode() : o.encode();
    }

    // ---------------------------------------------------------------- the webhooks

    private static final List<String> HOOKS = List.of("message-status", "call-status", "recording-status", "amd", "gather", "inbound-sms");
    /** The form fields each webhook reads: each is set, alone, to each bad value. */
    private static final Map<String, List<String>> HOOK_FIELDS = Map.of(
            "message-status", List.of("MessageSid", "MessageStatus", "ErrorCode", "AccountSid"),
            "call-status", List.of("CallSid", "CallStatus", "CallDuration", "AnsweredBy"),
            "recording-status", List.of("CallSid", "RecordingSid", "RecordingStatus", "RecordingUrl", "RecordingDuration"),
            "amd", List.of("CallSid", "AnsweredBy"),
            "gather", List.of("CallSid", "Digits"),
            "inbound-sms", List.of("MessageSid", "From", "To", "Body", "AccountSid"));

    private List<Bad> webhookRequests() {
        List<Bad> out = new ArrayList<>();
        String sm = TwilioIds.sid("SM");
        String ca = TwilioIds.sid("CA");
        for (String hook : HOOKS) {
            String path = "/webhooks/twilio/" + hook;
            Map<String, String> plausible = new LinkedHashMap<>();
            plausible.put("AccountSid", TwilioTestEnv.ACCOUNT_SID);
            plausible.put("MessageSid", sm);
            plausible.put("CallSid", ca);
            plausible.put("MessageStatus", "delivered");
            plausible.put("CallStatus", "completed");
            // unsigned and wrongly signed: refused before anything is read
            out.add(hook("unsigned", path, plausible, null));
            out.add(hook("bad signature", path, plausible, "c2lnbmF0dXJl"));
            out.add(hook("empty signature", path, plausible, ""));
            out.add(hook("signed for another url", path, plausible,
                    TwilioSignature.sign(TwilioTestEnv.AUTH_TOKEN, "http://evil.example" + path, plausible)));
            out.add(hook("signed with another token", path, plausible, TwilioSignature.sign("wrong-token", url(path), plausible)));
            // correctly signed, malformed
            out.add(signed("no fields", path, Map.of()));
            out.add(signed("only account", path, Map.of("AccountSid", TwilioTestEnv.ACCOUNT_SID)));
            for (String field : HOOK_FIELDS.get(hook)) {
                for (String v : List.of("", "teleported", "' or 1=1 --", "a\u0000b", "\u202Eevil", "-1",
                        "9223372036854775808", "y".repeat(10_000))) {
                    Map<String, String> form = new LinkedHashMap<>();
                    form.put("AccountSid", TwilioTestEnv.ACCOUNT_SID);
                    form.put("MessageSid", TwilioIds.sid("SM"));
                    form.put("CallSid", TwilioIds.sid("CA"));
                    form.put(field, v);
                    out.add(signed(field + "=" + abbreviate(v), path, form));
                }
            }
        }
        // a wrong content type, still signed over no parameters
        out.add(new Bad("webhook json body", HttpMethod.POST, "/webhooks/twilio/message-status", "application/json",
                Buffer.buffer("{\"MessageSid\":\"x\"}"),
                Map.of("X-Twilio-Signature", TwilioSignature.sign(TwilioTestEnv.AUTH_TOKEN, url("/webhooks/twilio/message-status"), Map.of())), true));
        out.add(new Bad("webhook over limit", HttpMethod.POST, "/webhooks/twilio/message-status", "application/x-www-form-urlencoded",
                Buffer.buffer("Body=" + "z".repeat(2 * 1024 * 1024)), Map.of("X-Twilio-Signature", "x"), true));
        return out;
    }

    private String url(String path) {
        return hooks.settings.publicBaseUrl() + path;
    }

    private Bad signed(String label, String path, Map<String, String> form) {
        return hook("signed " + label, path, form, TwilioSignature.sign(TwilioTestEnv.AUTH_TOKEN, url(path), form));
    }

    private Bad hook(String label, String path, Map<String, String> form, String signature) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        Map<String, String> headers = signature == null ? Map.of() : Map.of("X-Twilio-Signature", signature);
        return new Bad("POST " + path + " " + label, HttpMethod.POST, path, "application/x-www-form-urlencoded",
                Buffer.buffer(body.toString()), headers, true);
    }

    // ---------------------------------------------------------------- running

    private List<Answer> run(List<Bad> requests) throws InterruptedException {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        CountDownLatch done = new CountDownLatch(requests.size());
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        for (Bad bad : requests) {
            slots.acquire();
            int port = bad.webhook() ? hooks.port() : server.actualPort();
            var req = client.request(bad.method(), port, "localhost", bad.uri());
            if (!bad.webhook()) {
                req.bearerTokenAuthentication(ADMIN_TOKEN);
            }
            bad.headers().forEach(req::putHeader);
            if (bad.contentType() != null) {
                req.putHeader("Content-Type", bad.contentType());
            }
            var sent = bad.body() == null ? req.send() : req.sendBuffer(bad.body());
            sent.onComplete(ar -> {
                if (ar.succeeded()) {
                    HttpResponse<Buffer> r = ar.result();
                    answers.add(new Answer(bad, r.statusCode(), r.bodyAsString()));
                } else {
                    // a closed connection (e.g. after 413 on a huge body) is no 5xx, but say so
                    answers.add(new Answer(bad, -1, "transport: " + ar.cause()));
                }
                slots.release();
                done.countDown();
            });
        }
        assertTrue(done.await(60, TimeUnit.SECONDS), "requests did not finish");
        return new ArrayList<>(answers);
    }

    private static boolean jsonError(String body) {
        try {
            JsonObject json = new JsonObject(body);
            return json.getValue("error") instanceof String s && !s.isBlank();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Map<String, Long> counts() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String t : TABLES) {
            out.put(t, Fixtures.count("select count(*) from " + t));
        }
        return out;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        String clean = s.replace("\u0000", "\\0").replace("\n", "\\n");
        return clean.length() > 60 ? clean.substring(0, 60) + "…(" + clean.length() + ")" : clean;
    }
}
