package com.loandesk.fake;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FakeTwilio as a process of its own, for tests that kill the dispatcher (scripts/crash-test).
 * <p>
 * FakeTwilio listens on a private port; in front of it, on {@code --port}, a pass-through proxy records
 * every {@code POST .../Messages.json} with the number, the status FakeTwilio answered and the sid in
 * its answer. The proxy finishes each upstream request even when the dispatcher's connection dies, as
 * Twilio would: a message created for a killed client is still created. The same port serves
 * {@code GET /fake/log} (JSON lines {@code {"to","status","sid","at"}}, one per POST to Messages.json,
 * in the order the answers came) and {@code GET /fake/health}.
 * <p>
 * Options: {@code --port P} (8099), {@code --sid AC...}, {@code --token T}, {@code --latency-ms L} (20),
 * {@code --callbacks true|false} (false: no status callbacks; true: to the StatusCallback URL each
 * request names, i.e. the service's PUBLIC_BASE_URL).
 */
public final class FakeTwilioMain {

    private static final Logger LOG = LoggerFactory.getLogger(FakeTwilioMain.class);
    /** Hop-by-hop and length headers the proxy sets itself. */
    private static final Set<String> DROP = Set.of("host", "connection", "content-length", "transfer-encoding", "keep-alive");

    private final List<Entry> log = new ArrayList<>();   // guarded by this
    private long lists;

    private FakeTwilioMain() {
    }

    record Entry(String to, int status, String sid, Instant at) {
        String json() {
            return new JsonObject().put("to", to).put("status", status).put("sid", sid).put("at", at.toString()).encode();
        }
    }

    public static void main(String[] args) throws Exception {
        int port = 8099;
        String sid = "AC" + "c4a5".repeat(8);
        String token = "crash-token";
        long latencyMs = 20;
        boolean callbacks = false;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> { port = Integer.parseInt(v); i++; }
                case "--sid" -> { sid = v; i++; }
                case "--token" -> { token = v; i++; }
                case "--latency-ms" -> { latencyMs = Long.parseLong(v); i++; }
                case "--callbacks" -> { callbacks = Boolean.parseBoolean(v); i++; }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --port --sid --token --latency-ms --callbacks true|false)");
            }
        }
        Vertx vertx = Vertx.vertx();
        FakeTwilio fake = FakeTwilio.start(vertx, 0, sid, token).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        fake.latency(Duration.ofMillis(latencyMs)).callbacksEnabled(callbacks);
        FakeTwilioMain main = new FakeTwilioMain();
        HttpClientAgent upstream = vertx.createHttpClient(
                new HttpClientOptions().setDefaultHost("localhost").setDefaultPort(fake.port()).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(1000).setMaxWaitQueueSize(-1));
        HttpServer server = vertx.createHttpServer().requestHandler(req -> main.handle(req, upstream))
                .listen(port).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.info("fake twilio ready port={} upstreamPort={} sid={} latencyMs={} callbacks={}",
                server.actualPort(), fake.port(), sid, latencyMs, callbacks);
        System.out.println("READY port=" + server.actualPort());
    }

    private void handle(HttpServerRequest req, HttpClientAgent upstream) {
        String path = req.path();
        if (req.method() == HttpMethod.GET && "/fake/health".equals(path)) {
            JsonObject health;
            synchronized (this) {
                health = new JsonObject().put("posts", log.size()).put("lists", lists);
            }
            req.response().putHeader("Content-Type", "application/json").end(health.encode());
            return;
        }
        if (req.method() == HttpMethod.GET && "/fake/log".equals(path)) {
            List<Entry> copy;
            synchronized (this) {
                copy = new ArrayList<>(log);
            }
            StringBuilder out = new StringBuilder(copy.size() * 128);
            for (Entry e : copy) {
                out.append(e.json()).append('\n');
            }
            req.response().putHeader("Content-Type", "application/x-ndjson").end(out.toString());
            return;
        }
        boolean messagePost = req.method() == HttpMethod.POST && path.endsWith("/Messages.json");
        if (req.method() == HttpMethod.GET && path.endsWith("/Messages.json")) {
            synchronized (this) {
                lists++;
            }
        }
        RequestOptions options = new RequestOptions().setMethod(req.method()).setURI(req.uri()).setTimeout(120_000);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        req.headers().forEach((k, v) -> {
            if (!DROP.contains(k.toLowerCase(Locale.ROOT))) {
                headers.add(k, v);
            }
        });
        options.setHeaders(headers);
        req.body()
                .compose(body -> upstream.request(options)
                        .compose(out -> out.send(body))
                        .compose(resp -> resp.body().map(b -> new Answer(resp, b)))
                        .map(answer -> {
                            if (messagePost) {
                                record(body, answer);
                            }
                            return answer;
                        }))
                .onSuccess(answer -> {
                    if (req.response().closed()) {
                        return;   // the client died; what the fake did stands, as at Twilio
                    }
                    req.response().setStatusCode(answer.response.statusCode());
                    answer.response.headers().forEach((k, v) -> {
                        if (!DROP.contains(k.toLowerCase(Locale.ROOT))) {
                            req.response().putHeader(k, v);
                        }
                    });
                    req.response().end(answer.body);
                })
                .onFailure(e -> {
                    LOG.warn("proxy failed path={} error={}", path, e.toString());
                    if (!req.response().closed() && !req.response().ended()) {
                        req.response().setStatusCode(502).end();
                    }
                });
    }

    private record Answer(HttpClientResponse response, Buffer body) {
    }

    private void record(Buffer form, Answer answer) {
        String to = formValue(form.toString(StandardCharsets.UTF_8), "To");
        String sid = null;
        if (answer.response.statusCode() == 201) {
            try {
                sid = new JsonObject(answer.body).getString("sid");
            } catch (RuntimeException e) {
                LOG.warn("201 without a JSON sid to={}", to);
            }
        }
        Entry entry = new Entry(to, answer.response.statusCode(), sid, Instant.now());
        synchronized (this) {
            log.add(entry);
        }
    }

    private static String formValue(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (k.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
