package com.loandesk.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.Providers;
import com.loandesk.Service;
import com.loandesk.bench.ChaosRun;
import com.loandesk.config.AppConfig;
import com.loandesk.fake.FakeTwilio;
import com.loandesk.fake.TwilioSignature;
import com.loandesk.rules.PolicyBook;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Everything the service writes to its log during a realistic day: an admin and a machine calling the
 * API with bearer tokens, people logging in with passwords (and one wrong password), a case import,
 * a template written and approved, a wave of SMS sent through the Twilio adapter to the fake, signed
 * status callbacks, an inbound STOP, a click-to-call, an unmasked case view and the CSV log. The log
 * (slf4j-simple writes to System.err, captured here in-process) must hold no token, session id,
 * password, Twilio auth token or full phone number.
 */
class LogsLeakNoSecretsTest {

    private static final String PASSWORD_SAM = "a scheduler's long passphrase 8231";
    private static final String PASSWORD_CATHY = "an officer's long passphrase 5519";
    private static final String PASSWORD_WRONG = "not cathy's passphrase 0044";
    private static final List<String> BORROWER_PHONES = List.of("+14155550143", "+12125550178", "+13125550191");
    private static final String COLE_PHONE = "+16175550162";

    @Test
    void a_realistic_day_leaves_no_token_session_password_auth_token_or_full_phone_number_in_the_log() throws Exception {
        TestDatabase.truncate();
        String adminToken = "admin-" + random();
        String authToken = "twilio-auth-" + random();
        List<String> secrets = new ArrayList<>(List.of(adminToken, authToken, PASSWORD_SAM, PASSWORD_CATHY, PASSWORD_WRONG));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        System.setErr(new PrintStream(new Tee(originalErr, captured), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new Tee(originalOut, captured), true, StandardCharsets.UTF_8));
        Vertx vertx = Vertx.vertx();
        WebClient web = WebClient.create(vertx);
        Service service = null;
        FakeTwilio fake = null;
        try {
            int port = freePort();
            String base = "http://localhost:" + port;
            fake = Await.result(FakeTwilio.start(vertx, 0, ChaosRun.ACCOUNT_SID, authToken)).callbackDelay(Duration.ofMillis(5));
            Map<String, String> env = new LinkedHashMap<>(ChaosRun.twilioEnv(fake, 100));
            env.put("TWILIO_AUTH_TOKEN", authToken);
            env.put("PUBLIC_BASE_URL", base);
            env.put("TWILIO_COLLECTOR_NUMBER", "+15005550009");
            env.put("LOANDESK_ADMIN_TOKEN", adminToken);
            env.put("LOANDESK_COOKIE_SECURE", "false");
            JsonObject config = ChaosRun.config(TestDatabase.target());
            config.getJsonObject("http").put("port", port);
            AppConfig app = AppConfig.from(config);
            PolicyBook policies = com.loandesk.policies.PolicyFiles.load(app.rules().policiesDir(), app.rules().housePolicy());
            service = Await.result(Providers.start(vertx, app, env, port)
                    .compose(p -> Service.start(vertx, app, TestDatabase.target(), Clock.systemUTC(), p, policies, env)));
            Http http = new Http(web, port);

            // people and machines
            assertEquals(201, http.post("/api/users", adminToken, new JsonObject().put("username", "sam").put("role", "scheduler")
                    .put("password", PASSWORD_SAM)).statusCode());
            assertEquals(201, http.post("/api/users", adminToken, new JsonObject().put("username", "cathy").put("role", "compliance")
                    .put("password", PASSWORD_CATHY)).statusCode());
            assertEquals(201, http.post("/api/users", adminToken, new JsonObject().put("username", "cole").put("role", "collector"))
                    .statusCode());
            String machine = http.post("/api/users/sam/tokens", adminToken, new JsonObject().put("label", "nightly"))
                    .bodyAsJsonObject().getString("token");
            String coleToken = http.post("/api/users/cole/tokens", adminToken, new JsonObject().put("label", "desk"))
                    .bodyAsJsonObject().getString("token");
            HttpResponse<Buffer> samLogin = http.post("/api/login", null,
                    new JsonObject().put("username", "sam").put("password", PASSWORD_SAM));
            assertEquals(200, samLogin.statusCode(), samLogin.bodyAsString());
            String samSession = samLogin.bodyAsJsonObject().getString("token");
            String samCookie = samLogin.cookies().stream().filter(c -> c.startsWith("loandesk_session=")).findFirst().orElseThrow();
            assertEquals(401, http.post("/api/login", null, new JsonObject().put("username", "cathy").put("password", PASSWORD_WRONG))
                    .statusCode());
            String cathySession = http.post("/api/login", null, new JsonObject().put("username", "cathy").put("password", PASSWORD_CATHY))
                    .bodyAsJsonObject().getString("token");
            secrets.addAll(List.of(machine, coleToken, samSession, cathySession, cookieValue(samCookie)));
            assertEquals(200, Await.result(web.request(HttpMethod.GET, port, "localhost", "/api/me")
                    .putHeader("Cookie", samCookie).send()).statusCode());

            // cases, template, wave
            JsonArray rows = new JsonArray();
            for (int i = 0; i < BORROWER_PHONES.size(); i++) {
                rows.add(new JsonObject().put("borrower_external_id", "LOG-B" + i).put("borrower_name", "Jane Log" + i)
                        .put("address_region", "US-CA").put("jurisdiction", "US").put("case_external_id", "LOG-C" + i)
                        .put("product", "personal-loan").put("amount_overdue", "1500.00").put("currency", "USD")
                        .put("due_date", java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(12).toString()).put("days_past_due", 12).put("stage", "early").put("status", "overdue")
                        .put("assigned_collector", "cole").put("mobile", BORROWER_PHONES.get(i)).put("sms_consent", true));
            }
            HttpResponse<Buffer> imported = http.post("/api/cases/import", machine, rows);
            assertEquals(200, imported.statusCode(), imported.bodyAsString());
            // awake now, checked against reassigned numbers, consent to calls; the collector's own phone
            TestDatabase.exec("update borrower set time_zone = '" + middayZone() + "'");
            TestDatabase.exec("update contact_point set voice_consent = true, rnd_checked_at = now(), rnd_result = 'not_reassigned'");
            TestDatabase.exec("update users set phone = '" + COLE_PHONE + "' where username = 'cole'");
            assertEquals(201, http.post("/api/templates", samSession, new JsonObject().put("code", "reminder").put("channel", "sms")
                    .put("locale", "en").put("body", "{{lenderName}}: {{firstName}}, {{amount}} {{currency}} is overdue.")).statusCode());
            assertEquals(200, http.post("/api/templates/reminder/versions/1/approve", cathySession, new JsonObject()).statusCode());
            assertEquals(201, http.post("/api/templates", samSession, new JsonObject().put("code", "click-to-call").put("channel", "voice")
                    .put("locale", "en").put("body", "Collector call for {{caseRef}}")).statusCode());
            assertEquals(200, http.post("/api/templates/click-to-call/versions/1/approve", cathySession, new JsonObject()).statusCode());
            // (the due date agrees with the 12 days past due: the nightly recompute runs as dispatching starts)
            Await.result(service.startDispatching());
            assertEquals(201, http.post("/api/waves", machine, new JsonObject().put("name", "log audit").put("channel", "sms")
                    .put("template", "reminder").put("selection", new JsonObject().put("stage", "early"))).statusCode());
            FakeTwilio f = fake;
            awaitTrue("every SMS delivered", () -> Fixtures.count("select count(*) from contact_task where state = 'delivered'")
                    == BORROWER_PHONES.size() && f.callbacks().size() >= 2L * BORROWER_PHONES.size());

            // an inbound STOP, signed as Twilio signs it
            Map<String, String> stop = Map.of("MessageSid", "SM" + random(), "AccountSid", ChaosRun.ACCOUNT_SID,
                    "From", BORROWER_PHONES.get(0), "To", "+15005550006", "Body", "STOP");
            MultiMap form = MultiMap.caseInsensitiveMultiMap();
            stop.forEach(form::add);
            assertEquals(200, Await.result(web.request(HttpMethod.POST, port, "localhost", "/webhooks/twilio/inbound-sms")
                    .putHeader("X-Twilio-Signature", TwilioSignature.sign(authToken, base + "/webhooks/twilio/inbound-sms", stop))
                    .sendForm(form)).statusCode());

            // click-to-call, an unmasked view, the CSV log
            long point = Fixtures.count("select id from contact_point where value = ?", BORROWER_PHONES.get(1));
            HttpResponse<Buffer> call = http.post("/api/cases/LOG-C1/calls", coleToken, new JsonObject().put("contactPointId", point));
            assertEquals(202, call.statusCode(), call.bodyAsString());
            assertEquals(200, http.get("/api/cases/LOG-C1?unmask=true", adminToken).statusCode());
            assertEquals(200, http.get("/api/log.csv", cathySession).statusCode());
            assertEquals(200, http.get("/api/log?caseRef=LOG-C0", samSession).statusCode());
            awaitTrue("the bridge call placed and its callbacks in", () -> f.posts("Calls.json").size() == 1
                    && f.callbacks().size() > 2L * BORROWER_PHONES.size() + 2);
        } finally {
            if (service != null) {
                Await.result(service.stop());
            }
            if (fake != null) {
                Await.result(fake.close());
            }
            web.close();
            Await.result(vertx.close());
            System.setErr(originalErr);
            System.setOut(originalOut);
        }

        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("sms sent task="), "the capture saw the service's log");
        assertTrue(log.contains("login refused user=cathy"), "the capture saw the failed login");
        List<String> leaks = new ArrayList<>();
        for (String s : secrets) {
            if (log.contains(s)) {
                leaks.add("secret " + s.substring(0, Math.min(6, s.length())) + "…");
            }
        }
        List<String> phones = new ArrayList<>(BORROWER_PHONES);
        phones.add(COLE_PHONE);
        for (String p : phones) {
            String national = p.substring(2);   // +1 NPA NXX XXXX without the country code
            if (log.contains(p) || log.contains(national) || log.contains(p.substring(1))) {
                leaks.add("phone ******" + p.substring(p.length() - 4) + " at: " + around(log, national));
            }
        }
        assertTrue(leaks.isEmpty(), "the log leaks: " + leaks);
    }

    private static String around(String log, String needle) {
        int i = log.indexOf(needle);
        if (i < 0) {
            return "?";
        }
        int start = log.lastIndexOf('\n', i) + 1;
        int end = log.indexOf('\n', i);
        return log.substring(start, end < 0 ? log.length() : end).replace(needle, "<HERE>");
    }

    private static String cookieValue(String setCookie) {
        String v = setCookie.substring("loandesk_session=".length());
        int semi = v.indexOf(';');
        return semi < 0 ? v : v.substring(0, semi);
    }

    private static String middayZone() {
        int offset = 12 - ZonedDateTime.now(ZoneOffset.UTC).getHour();
        if (offset < -12) {
            offset += 24;
        } else if (offset > 14) {
            offset -= 24;
        }
        return ZoneOffset.ofHours(offset).getId();
    }

    private static String random() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        com.loandesk.testsupport.Await.until(what, Duration.ofSeconds(30), Duration.ofMillis(50), condition, () -> "tasks: "
                + Fixtures.text("select string_agg(state || ':' || coalesce(block_rule, '-') || ':' || due_at, ', ') from contact_task"));
    }

    /** The service's HTTP API, from the test thread. */
    private record Http(WebClient web, int port) {

        HttpRequest<Buffer> request(HttpMethod method, String path, String token) {
            HttpRequest<Buffer> r = web.request(method, port, "localhost", path);
            return token == null ? r : r.bearerTokenAuthentication(token);
        }

        HttpResponse<Buffer> post(String path, String token, Object body) {
            // as the pages send it: from the service's own origin (PUBLIC_BASE_URL here), which a login needs
            HttpRequest<Buffer> r = request(HttpMethod.POST, path, token).putHeader("Origin", "http://localhost:" + port);
            return Await.result(body instanceof JsonArray a ? r.putHeader("Content-Type", "application/json")
                    .sendBuffer(Buffer.buffer(a.encode())) : r.sendJsonObject((JsonObject) body));
        }

        HttpResponse<Buffer> get(String path, String token) {
            return Await.result(request(HttpMethod.GET, path, token).send());
        }
    }

    /** Writes to the console and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            synchronized (b) {
                b.write(x);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
        }
    }
}
