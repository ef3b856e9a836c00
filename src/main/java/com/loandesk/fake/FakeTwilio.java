package com.loandesk.fake;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for Twilio's REST API, for tests and for running the service without an account.
 * It implements {@code POST/GET /2010-04-01/Accounts/{Sid}/Messages.json} and {@code Calls.json}
 * (and a call update), checks Basic auth and the form fields as Twilio does, answers Twilio-shaped
 * JSON, and then posts signed status callbacks (SMS: sent, delivered; calls: queued, ringing,
 * in-progress, completed, the AMD result and a recording).
 * <p>
 * Tests read its request log and script it: a fixed latency, the next N requests answering 429 /
 * 500 / 503, or hanging past the client's time-out (the request is then processed, as a real
 * provider might, but the answer comes too late), or a timed outage ({@link #outage}): for a stretch of
 * time every request, lists included, answers an error, and a 5xx may even come after the message was
 * created, as a real provider's may. Thread-safe: tests call it from their own threads.
 */
public final class FakeTwilio {

    private static final Logger LOG = LoggerFactory.getLogger(FakeTwilio.class);
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final DateTimeFormatter RFC2822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final String accountSid;
    private final String authToken;
    private final String expectedAuth;
    private final WebClient web;
    private HttpServer server;

    // appended to from many threads, read rarely: a copy-on-write list would copy itself on every request
    private final Queue<FakeRequest> log = new ConcurrentLinkedQueue<>();
    private final Queue<FakeCallback> callbacks = new ConcurrentLinkedQueue<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<Phase> phases = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong phaseRequests = new java.util.concurrent.atomic.AtomicLong();
    private final Set<String> optedOut = ConcurrentHashMap.newKeySet();
    private final Set<String> invalid = ConcurrentHashMap.newKeySet();
    private final Map<String, JsonObject> messages = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> calls = new ConcurrentHashMap<>();
    /** Per call, the TwiML documents it ran, in order: the create's, each update's, each gather answer's. */
    private final Map<String, List<String>> twimls = new ConcurrentHashMap<>();
    private volatile long latencyMs;
    private volatile Future<?> hold;
    private final java.util.concurrent.atomic.AtomicInteger parked = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long callbackDelayMs = 20;
    private volatile boolean callbacksEnabled = true;
    private volatile String callFinalStatus = "completed";
    private volatile String answeredBy = "human";
    private volatile int callDurationSeconds = 42;

    private FakeTwilio(Vertx vertx, String accountSid, String authToken) {
        this.vertx = vertx;
        this.accountSid = accountSid;
        this.authToken = authToken;
        this.expectedAuth = "Basic " + Base64.getEncoder().encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        this.web = WebClient.create(vertx);
    }

    /** Starts the fake on {@code port} (0: any free port). */
    public static Future<FakeTwilio> start(Vertx vertx, int port, String accountSid, String authToken) {
        FakeTwilio fake = new FakeTwilio(vertx, accountSid, authToken);
        return vertx.createHttpServer().requestHandler(fake.router()).listen(port).map(s -> {
            fake.server = s;
            LOG.info("fake twilio listening port={}", s.actualPort());
            return fake;
        });
    }

    public Future<Void> close() {
        web.close();
        return server == null ? Future.succeededFuture() : server.close();
    }

    public int port() {
        return server.actualPort();
    }

    /** What to set TWILIO_API_BASE_URL to. */
    public String baseUrl() {
        return "http://localhost:" + port();
    }

    // ---- scripting ----------------------------------------------------------------------------

    /** The next {@code n} create requests answer {@code httpStatus} with Twilio error {@code code}; nothing is created. */
    public FakeTwilio failNext(int n, int httpStatus, int code) {
        synchronized (faults) {
            for (int i = 0; i < n; i++) {
                faults.add(new Fault(httpStatus, code, 0));
            }
        }
        return this;
    }

    /** The next {@code n} create requests are processed but answered only after {@code hang}. */
    public FakeTwilio hangNext(int n, Duration hang) {
        synchronized (faults) {
            for (int i = 0; i < n; i++) {
                faults.add(new Fault(0, 0, hang.toMillis()));
            }
        }
        return this;
    }

    /**
     * After the phases already scripted (or from now), for {@code duration}: every API request, creates
     * and lists alike, answers {@code httpStatus} with Twilio error {@code code}. When
     * {@code processEveryNth} is above 0, every n-th create of the phase is processed (the message or
     * call exists, {@link #createdMessages()} lists it) but still answered with the error: the
     * ambiguous 5xx a client must reconcile, never resend blindly.
     */
    public FakeTwilio outage(Duration duration, int httpStatus, int code, int processEveryNth) {
        synchronized (phases) {
            long start = phases.isEmpty() ? System.currentTimeMillis()
                    : Math.max(System.currentTimeMillis(), phases.get(phases.size() - 1).endMs());
            phases.add(new Phase(start, start + duration.toMillis(), httpStatus, code, processEveryNth));
        }
        return this;
    }

    /** The outage phase in force now, or null. */
    private Phase phaseNow() {
        if (phases.isEmpty()) {
            return null;
        }
        long now = System.currentTimeMillis();
        for (Phase p : phases) {
            if (now >= p.startMs() && now < p.endMs()) {
                return p;
            }
        }
        return null;
    }

    /** True once every scripted outage phase is over. */
    public boolean outageOver() {
        long now = System.currentTimeMillis();
        return phases.stream().allMatch(p -> now >= p.endMs());
    }

    /**
     * Create requests that arrive before {@code release} completes are parked, unanswered and unprocessed,
     * until it does; then each is handled as if it arrived at that moment. {@link #parked()} counts them.
     */
    public FakeTwilio holdUntil(Future<?> release) {
        this.hold = release;
        return this;
    }

    /** How many create requests {@link #holdUntil} is holding now. */
    public int parked() {
        return parked.get();
    }

    public FakeTwilio latency(Duration latency) {
        this.latencyMs = latency.toMillis();
        return this;
    }

    /** Messages to {@code number} fail with 21610 (the recipient replied STOP). */
    public FakeTwilio optOut(String number) {
        optedOut.add(number);
        return this;
    }

    /** Sends to {@code number} fail with 21211 (also any To that is not E.164). */
    public FakeTwilio invalidNumber(String number) {
        invalid.add(number);
        return this;
    }

    public FakeTwilio callbackDelay(Duration delay) {
        this.callbackDelayMs = Math.max(1, delay.toMillis());
        return this;
    }

    public FakeTwilio callbacksEnabled(boolean enabled) {
        this.callbacksEnabled = enabled;
        return this;
    }

    /** How calls end: e.g. ("completed", "human", 42), ("completed", "machine_end_beep", 20), ("no-answer", null, 0). */
    public FakeTwilio callOutcome(String finalStatus, String answeredBy, int durationSeconds) {
        this.callFinalStatus = finalStatus;
        this.answeredBy = answeredBy;
        this.callDurationSeconds = durationSeconds;
        return this;
    }

    // ---- inspection ---------------------------------------------------------------------------

    /** Every request received, oldest first. */
    public List<FakeRequest> requests() {
        return List.copyOf(log);
    }

    /** The POSTs to a resource, e.g. {@code "Messages.json"} or {@code "Calls.json"}. */
    public List<FakeRequest> posts(String resource) {
        List<FakeRequest> out = new ArrayList<>();
        for (FakeRequest r : log) {
            if (r.isPost() && r.path().endsWith("/" + resource)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Every message created (whatever was answered), as the list API shows it. */
    public List<JsonObject> createdMessages() {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject m : messages.values()) {
            out.add(m.copy());
        }
        return out;
    }

    public List<FakeCallback> callbacks() {
        return List.copyOf(callbacks);
    }

    public void clear() {
        log.clear();
        callbacks.clear();
        synchronized (faults) {
            faults.clear();
        }
        phases.clear();
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    private Router router() {
        Router r = Router.router(vertx);
        String base = "/2010-04-01/Accounts/:account";
        r.route(base + "/*").handler(BodyHandler.create().setBodyLimit(1024 * 1024));
        r.route(base + "/*").handler(this::authenticate);
        r.post(base + "/Messages.json").handler(ctx -> create(ctx, true));
        r.get(base + "/Messages.json").handler(ctx -> list(ctx, true));
        r.post(base + "/Calls.json").handler(ctx -> create(ctx, false));
        r.get(base + "/Calls.json").handler(ctx -> list(ctx, false));
        r.post(base + "/Calls/:callFile").handler(this::updateCall);
        r.get(base + "/Recordings/:file").handler(this::recordingMedia);
        r.route().last().handler(ctx -> error(ctx, 404, 20404, "The requested resource " + ctx.request().path() + " was not found"));
        return r;
    }

    /** The first bytes of every recording this fake serves: an MP3's ID3 tag, then the recording's sid. */
    public static final String RECORDING_MEDIA_PREFIX = "ID3 fake recording ";

    /** A recording's media (as Twilio serves it, with the account's authentication): a small fake MP3 naming its sid. */
    private void recordingMedia(RoutingContext ctx) {
        String file = ctx.pathParam("file");
        if (!file.matches("RE[0-9a-fA-F]{32}(\\.mp3|\\.wav)?")) {
            error(ctx, 404, 20404, "The requested resource " + ctx.request().path() + " was not found");
            return;
        }
        logRequest(ctx, 200);
        String sid = file.replaceAll("\\..*$", "");
        ctx.response().putHeader("Content-Type", file.endsWith(".wav") ? "audio/x-wav" : "audio/mpeg")
                .end(RECORDING_MEDIA_PREFIX + sid + "\n" + "x".repeat(4096));
    }

    private void authenticate(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (!expectedAuth.equals(auth) || !accountSid.equals(ctx.pathParam("account"))) {
            logRequest(ctx, 401);
            error(ctx, 401, 20003, "Authenticate");
            return;
        }
        ctx.next();
    }

    private void create(RoutingContext ctx, boolean message) {
        Future<?> hold = this.hold;
        if (hold != null && !hold.isComplete()) {
            parked.incrementAndGet();
            hold.onComplete(done -> {
                parked.decrementAndGet();
                create(ctx, message);
            });
            return;
        }
        Phase phase = phaseNow();
        if (phase != null) {
            long n = phaseRequests.incrementAndGet();
            if (phase.processEveryNth() > 0 && n % phase.processEveryNth() == 0) {
                logRequest(ctx, phase.status());
                createdButFailed(ctx, message, phase);
            } else {
                logRequest(ctx, phase.status());
                error(ctx, phase.status(), phase.code(), phase.status() == 429 ? "Too Many Requests" : "Service Unavailable");
            }
            return;
        }
        Fault fault;
        synchronized (faults) {
            fault = faults.poll();
        }
        if (fault != null && fault.status() > 0) {
            logRequest(ctx, fault.status());
            String text = fault.status() == 429 ? "Too Many Requests" : "Internal Server Error";
            // a refusal takes the scripted latency too, as a real one would
            if (latencyMs > 0) {
                vertx.setTimer(latencyMs, id -> error(ctx, fault.status(), fault.code(), text));
            } else {
                error(ctx, fault.status(), fault.code(), text);
            }
            return;
        }
        if (fault != null) {
            // received and (later) processed: logged now, answered after the client gave up
            logRequest(ctx, 201);
            vertx.setTimer(fault.hangMs(), id -> createNow(ctx, message, true));
        } else if (latencyMs > 0) {
            vertx.setTimer(latencyMs, id -> createNow(ctx, message, false));
        } else {
            createNow(ctx, message, false);
        }
    }

    private void createNow(RoutingContext ctx, boolean message, boolean logged) {
        MultiMap form = ctx.request().formAttributes();
        String to = form.get("To");
        String error = message ? validateMessage(form) : validateCall(form);
        if (error != null) {
            int code = Integer.parseInt(error.substring(0, 5));
            if (!logged) {
                logRequest(ctx, 400);
            }
            error(ctx, 400, code, error.substring(6));
            return;
        }
        JsonObject resource = message ? newMessage(form) : newCall(form);
        (message ? messages : calls).put(resource.getString("sid"), resource);
        if (!message && !blank(form.get("Twiml"))) {
            twimls.computeIfAbsent(resource.getString("sid"), k -> new CopyOnWriteArrayList<>()).add(form.get("Twiml"));
        }
        if (!logged) {
            logRequest(ctx, 201);
        }
        if (!ctx.response().closed()) {
            ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(resource.encode());
        }
        if (callbacksEnabled) {
            if (message) {
                messageCallbacks(resource, form.get("StatusCallback"));
            } else {
                callCallbacks(resource, form);
            }
        }
        LOG.debug("fake twilio created sid={} toEnd={}", resource.getString("sid"), to.substring(to.length() - 4));
    }

    /** The resource is created (with its callbacks) but the answer is the phase's error. */
    private void createdButFailed(RoutingContext ctx, boolean message, Phase phase) {
        MultiMap form = ctx.request().formAttributes();
        if ((message ? validateMessage(form) : validateCall(form)) == null) {
            JsonObject resource = message ? newMessage(form) : newCall(form);
            (message ? messages : calls).put(resource.getString("sid"), resource);
            if (callbacksEnabled) {
                if (message) {
                    messageCallbacks(resource, form.get("StatusCallback"));
                } else {
                    callCallbacks(resource, form);
                }
            }
        }
        error(ctx, phase.status(), phase.code(), "Service Unavailable");
    }

    /** "CODE message" or null. */
    private String validateMessage(MultiMap f) {
        String to = f.get("To");
        if (blank(to)) {
            return "21604 A 'To' phone number is required.";
        }
        if (blank(f.get("From")) && blank(f.get("MessagingServiceSid"))) {
            return "21603 A 'From' phone number is required.";
        }
        if (blank(f.get("Body")) && blank(f.get("MediaUrl")) && blank(f.get("ContentSid"))) {
            return "21602 Message body is required.";
        }
        if (!E164.matcher(to).matches() || invalid.contains(to)) {
            return "21211 The 'To' number " + to + " is not a valid phone number.";
        }
        if (optedOut.contains(to)) {
            return "21610 Attempt to send to unsubscribed recipient";
        }
        return null;
    }

    private String validateCall(MultiMap f) {
        String to = f.get("To");
        if (blank(to)) {
            return "21201 No 'To' number is specified";
        }
        if (blank(f.get("From"))) {
            return "21213 No 'From' number is specified";
        }
        if (blank(f.get("Url")) && blank(f.get("Twiml")) && blank(f.get("ApplicationSid"))) {
            return "21205 Url parameter is required.";
        }
        if (!E164.matcher(to).matches() || invalid.contains(to)) {
            return "21211 The 'To' number " + to + " is not a valid phone number.";
        }
        return null;
    }

    private JsonObject newMessage(MultiMap f) {
        String sid = sid("SM");
        String now = RFC2822.format(ZonedDateTime.now(ZoneOffset.UTC));
        return new JsonObject()
                .put("account_sid", accountSid).put("api_version", "2010-04-01").put("body", f.get("Body"))
                .put("date_created", now).put("date_sent", null).put("date_updated", now)
                .put("direction", "outbound-api").put("error_code", null).put("error_message", null)
                .put("from", f.get("From")).put("messaging_service_sid", f.get("MessagingServiceSid"))
                .put("num_media", "0").put("num_segments", "1").put("price", null).put("price_unit", "USD")
                .put("sid", sid).put("status", "queued").put("to", f.get("To"))
                .put("subresource_uris", new JsonObject().put("media", uri("Messages/" + sid + "/Media.json")))
                .put("uri", uri("Messages/" + sid + ".json"));
    }

    private JsonObject newCall(MultiMap f) {
        String sid = sid("CA");
        String now = RFC2822.format(ZonedDateTime.now(ZoneOffset.UTC));
        return new JsonObject()
                .put("sid", sid).put("account_sid", accountSid).put("api_version", "2010-04-01")
                .put("date_created", now).put("date_updated", now).put("parent_call_sid", null)
                .put("to", f.get("To")).put("to_formatted", f.get("To")).put("from", f.get("From"))
                .put("from_formatted", f.get("From")).put("phone_number_sid", null).put("status", "queued")
                .put("start_time", null).put("end_time", null).put("duration", null).put("price", null)
                .put("price_unit", "USD").put("direction", "outbound-api").put("answered_by", null)
                .put("forwarded_from", null).put("group_sid", null).put("caller_name", null).put("queue_time", "0")
                .put("trunk_sid", null).put("subresource_uris", new JsonObject()
                        .put("recordings", uri("Calls/" + sid + "/Recordings.json")))
                .put("uri", uri("Calls/" + sid + ".json"));
    }

    private void updateCall(RoutingContext ctx) {
        String file = ctx.pathParam("callFile");
        String sid = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
        JsonObject call = calls.get(sid);
        if (call == null) {
            logRequest(ctx, 404);
            error(ctx, 404, 20404, "The requested resource was not found");
            return;
        }
        logRequest(ctx, 200);
        String twiml = ctx.request().formAttributes().get("Twiml");
        if (!blank(twiml)) {
            twimls.computeIfAbsent(sid, k -> new CopyOnWriteArrayList<>()).add(twiml);
        }
        ctx.response().putHeader("Content-Type", "application/json").end(call.encode());
    }

    // ---- a person on the line -------------------------------------------------------------------

    /** The TwiML documents call {@code callSid} ran so far, oldest first: what was said on it. */
    public List<String> twimlOf(String callSid) {
        return List.copyOf(twimls.getOrDefault(callSid, List.of()));
    }

    private static final Pattern GATHER_ACTION = Pattern.compile("<Gather[^>]*\\saction=\"([^\"]*)\"");
    private static final Pattern RECORDING_CALLBACK = Pattern.compile("<Recording[^>]*\\srecordingStatusCallback=\"([^\"]*)\"");

    /**
     * Whoever answered call {@code callSid} presses {@code digits} during the {@code <Gather>} of the TwiML it
     * runs now, as Twilio would: a signed POST of {@code Digits} to the Gather's action URL. The answer becomes
     * the call's TwiML; if it starts a recording ({@code <Start><Recording>}), its completed-recording callback
     * follows. Fails when the call's TwiML has no Gather. Completes with the answer's TwiML.
     */
    public Future<String> press(String callSid, String digits) {
        List<String> ran = twimls.get(callSid);
        JsonObject call = calls.get(callSid);
        if (ran == null || ran.isEmpty() || call == null) {
            return Future.failedFuture(new IllegalStateException("call " + callSid + " runs no TwiML"));
        }
        var m = GATHER_ACTION.matcher(ran.get(ran.size() - 1));
        if (!m.find()) {
            return Future.failedFuture(new IllegalStateException("call " + callSid + " is not gathering digits"));
        }
        String url = unescapeXml(m.group(1));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", accountSid);
        p.put("CallSid", callSid);
        p.put("From", call.getString("from"));
        p.put("To", call.getString("to"));
        p.put("Digits", digits);
        String signature = TwilioSignature.sign(authToken, url, p);
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        p.forEach(form::add);
        return web.postAbs(url).putHeader("X-Twilio-Signature", signature).timeout(10_000).sendForm(form).compose(resp -> {
            if (resp.statusCode() != 200) {
                return Future.failedFuture(new IllegalStateException("gather answered " + resp.statusCode() + " " + resp.bodyAsString()));
            }
            String twiml = resp.bodyAsString();
            ran.add(twiml);
            var rec = RECORDING_CALLBACK.matcher(twiml);
            if (!rec.find()) {
                return Future.succeededFuture(twiml);
            }
            String recordingSid = sid("RE");
            Map<String, String> r = new LinkedHashMap<>();
            r.put("AccountSid", accountSid);
            r.put("CallSid", callSid);
            r.put("RecordingSid", recordingSid);
            r.put("RecordingUrl", baseUrl() + uri("Recordings/" + recordingSid));
            r.put("RecordingStatus", "completed");
            r.put("RecordingDuration", String.valueOf(Math.max(0, callDurationSeconds - 10)));
            r.put("RecordingChannels", "1");
            r.put("RecordingSource", "StartCallRecordingTwiML");
            return post(unescapeXml(rec.group(1)), r).map(twiml);
        });
    }

    private static String unescapeXml(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
    }

    private void list(RoutingContext ctx, boolean message) {
        Phase phase = phaseNow();
        if (phase != null) {
            logRequest(ctx, phase.status());
            error(ctx, phase.status(), phase.code(), "Service Unavailable");
            return;
        }
        logRequest(ctx, 200);
        MultiMap q = ctx.queryParams();
        String to = q.get("To");
        String from = q.get("From");
        List<JsonObject> found = new ArrayList<>();
        for (JsonObject r : (message ? messages : calls).values()) {
            if ((to == null || to.equals(r.getString("to"))) && (from == null || from.equals(r.getString("from")))) {
                found.add(r);
            }
        }
        found.sort(Comparator.comparing((JsonObject r) -> ZonedDateTime.parse(r.getString("date_created"), RFC2822)).reversed());
        String key = message ? "messages" : "calls";
        int pageSize = q.get("PageSize") == null ? 50 : Integer.parseInt(q.get("PageSize"));
        List<JsonObject> page = found.subList(0, Math.min(pageSize, found.size()));
        String self = uri(message ? "Messages.json" : "Calls.json") + "?PageSize=" + pageSize + "&Page=0";
        JsonObject body = new JsonObject().put(key, new JsonArray(new ArrayList<>(page)))
                .put("end", Math.max(0, page.size() - 1)).put("first_page_uri", self).put("next_page_uri", null)
                .put("page", 0).put("page_size", pageSize).put("previous_page_uri", null).put("start", 0).put("uri", self);
        ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
    }

    // ---- callbacks ----------------------------------------------------------------------------

    private void messageCallbacks(JsonObject m, String url) {
        if (blank(url)) {
            return;
        }
        Map<String, String> base = new LinkedHashMap<>();
        base.put("AccountSid", accountSid);
        base.put("ApiVersion", "2010-04-01");
        base.put("MessageSid", m.getString("sid"));
        base.put("SmsSid", m.getString("sid"));
        base.put("From", m.getString("from") == null ? "" : m.getString("from"));
        base.put("To", m.getString("to"));
        List<Map<String, String>> steps = new ArrayList<>();
        for (String status : List.of("sent", "delivered")) {
            Map<String, String> p = new LinkedHashMap<>(base);
            p.put("MessageStatus", status);
            p.put("SmsStatus", status);
            steps.add(p);
        }
        chain(url, steps, 0).onComplete(ar -> m.put("status", "delivered"));
    }

    private void callCallbacks(JsonObject call, MultiMap f) {
        String sid = call.getString("sid");
        List<String> events = f.getAll("StatusCallbackEvent");
        if (events.isEmpty()) {
            events = List.of("completed");
        }
        boolean answered = "completed".equals(callFinalStatus);
        boolean amd = !blank(f.get("MachineDetection"));
        String answeredByNow = answered && amd ? answeredBy : null;
        int duration = answered ? callDurationSeconds : 0;
        Map<String, String> base = new LinkedHashMap<>();
        base.put("AccountSid", accountSid);
        base.put("ApiVersion", "2010-04-01");
        base.put("CallSid", sid);
        base.put("From", call.getString("from"));
        base.put("To", call.getString("to"));
        base.put("Direction", "outbound-api");
        base.put("CallbackSource", "call-progress-events");

        Future<Void> done = Future.succeededFuture();
        String statusUrl = f.get("StatusCallback");
        int seq = 0;
        List<String[]> progress = new ArrayList<>();
        progress.add(new String[] {"initiated", "queued"});
        progress.add(new String[] {"ringing", "ringing"});
        if (answered) {
            progress.add(new String[] {"answered", "in-progress"});
        }
        progress.add(new String[] {"completed", callFinalStatus});
        for (String[] step : progress) {
            if (!events.contains(step[0]) || blank(statusUrl)) {
                continue;
            }
            Map<String, String> p = new LinkedHashMap<>(base);
            p.put("CallStatus", step[1]);
            p.put("SequenceNumber", String.valueOf(seq++));
            p.put("Timestamp", RFC2822.format(ZonedDateTime.now(ZoneOffset.UTC)));
            if ("completed".equals(step[0])) {
                p.put("CallDuration", String.valueOf(duration));
                p.put("Duration", String.valueOf((duration + 59) / 60));
                if (answeredByNow != null) {
                    p.put("AnsweredBy", answeredByNow);
                }
            }
            done = done.compose(v -> post(statusUrl, p));
            if ("answered".equals(step[0]) && answeredByNow != null && "true".equals(f.get("AsyncAmd"))
                    && !blank(f.get("AsyncAmdStatusCallback"))) {
                Map<String, String> a = new LinkedHashMap<>();
                a.put("AccountSid", accountSid);
                a.put("CallSid", sid);
                a.put("AnsweredBy", answeredByNow);
                a.put("MachineDetectionDuration", "2100");
                done = done.compose(v -> post(f.get("AsyncAmdStatusCallback"), a));
            }
        }
        if (answered && "true".equalsIgnoreCase(f.get("Record")) && !blank(f.get("RecordingStatusCallback"))) {
            String rec = sid("RE");
            Map<String, String> r = new LinkedHashMap<>();
            r.put("AccountSid", accountSid);
            r.put("CallSid", sid);
            r.put("RecordingSid", rec);
            r.put("RecordingUrl", baseUrl() + uri("Recordings/" + rec));
            r.put("RecordingStatus", "completed");
            r.put("RecordingDuration", String.valueOf(Math.max(0, duration - 1)));
            r.put("RecordingChannels", "1");
            r.put("RecordingSource", "OutboundAPI");
            done = done.compose(v -> post(f.get("RecordingStatusCallback"), r));
        }
        done.onComplete(ar -> call.put("status", callFinalStatus).put("duration", String.valueOf(duration))
                .put("answered_by", answeredByNow));
    }

    private Future<Void> chain(String url, List<Map<String, String>> steps, int i) {
        if (i >= steps.size()) {
            return Future.succeededFuture();
        }
        return post(url, steps.get(i)).compose(v -> chain(url, steps, i + 1));
    }

    /** Waits the callback delay, then posts one signed callback; never fails. */
    private Future<Void> post(String url, Map<String, String> params) {
        String signature = TwilioSignature.sign(authToken, url, params);
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        params.forEach(form::add);
        return vertx.timer(callbackDelayMs)
                .compose(v -> web.postAbs(url)
                        .putHeader("X-Twilio-Signature", signature)
                        .putHeader("I-Twilio-Idempotency-Token", sid("").toLowerCase(Locale.ROOT))
                        .timeout(10_000)
                        .sendForm(form))
                .map(resp -> resp.statusCode())
                .otherwise(e -> -1)
                .map(status -> {
                    callbacks.add(new FakeCallback(url, Map.copyOf(params), signature, status));
                    return (Void) null;
                });
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void logRequest(RoutingContext ctx, int status) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        MultiMap source = "POST".equals(ctx.request().method().name()) ? ctx.request().formAttributes() : ctx.queryParams();
        for (String name : new HashSet<>(source.names())) {
            params.put(name, List.copyOf(source.getAll(name)));
        }
        log.add(new FakeRequest(ctx.request().method().name(), ctx.request().path(), Map.copyOf(params), status, Instant.now()));
    }

    private static void error(RoutingContext ctx, int status, int code, String message) {
        if (ctx.response().closed() || ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("code", code).put("message", message)
                        .put("more_info", "https://www.twilio.com/docs/errors/" + code).put("status", status).encode());
    }

    private String uri(String tail) {
        return "/2010-04-01/Accounts/" + accountSid + "/" + tail;
    }

    private static String sid(String prefix) {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        StringBuilder s = new StringBuilder(prefix);
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private record Fault(int status, int code, long hangMs) {
    }

    private record Phase(long startMs, long endMs, int status, int code, int processEveryNth) {
    }
}
