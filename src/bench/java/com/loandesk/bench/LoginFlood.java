package com.loandesk.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A flood of wrong logins, as from a botnet: {@code concurrency} clients, each on a loopback address of its own
 * (127.0.1.1, 127.0.1.2, ...: Linux routes all of 127/8 to the loopback), each sending POST /api/login with a new
 * username and a wrong password as soon as the last answer came. So the address throttle does not stop it quickly
 * and every slot of the login's hashing pool is kept busy: the worst case for the rest of the service.
 */
final class LoginFlood {

    private final List<WebClient> clients = new ArrayList<>();
    private final String origin;
    private volatile boolean running;
    private final AtomicLong seq = new AtomicLong();
    final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    final LongAdder errors = new LongAdder();

    private final Vertx vertx;
    private final boolean waitRetryAfter;

    /** {@code waitRetryAfter}: each client waits what a 429 or 503 says before its next login (else: at once). */
    LoginFlood(Vertx vertx, int port, int concurrency, boolean waitRetryAfter) {
        this.vertx = vertx;
        this.waitRetryAfter = waitRetryAfter;
        this.origin = "http://localhost:" + port;
        for (int i = 0; i < concurrency; i++) {
            clients.add(WebClient.wrap(vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setDefaultHost("localhost")
                    .setDefaultPort(port).setLocalAddress("127.0.1." + (1 + i % 250)), new PoolOptions().setHttp1MaxSize(1))));
        }
    }

    void start() {
        running = true;
        for (WebClient c : clients) {
            next(c);
        }
    }

    void stop() {
        running = false;
    }

    long sent() {
        return statuses.values().stream().mapToLong(LongAdder::sum).sum() + errors.sum();
    }

    private void next(WebClient c) {
        if (!running) {
            return;
        }
        long n = seq.incrementAndGet();
        c.request(HttpMethod.POST, "/api/login").putHeader("Origin", origin).timeout(30_000)
                .sendJsonObject(new JsonObject().put("username", "flood" + n).put("password", "wrong password " + n))
                .onComplete(ar -> {
                    long waitMs = 0;
                    if (ar.succeeded()) {
                        statuses.computeIfAbsent(ar.result().statusCode(), s -> new LongAdder()).increment();
                        String after = ar.result().getHeader("Retry-After");
                        if (waitRetryAfter && after != null) {
                            waitMs = Long.parseLong(after) * 1000;
                        }
                    } else {
                        errors.increment();
                    }
                    if (waitMs > 0) {
                        vertx.setTimer(waitMs, t -> next(c));
                    } else {
                        next(c);
                    }
                });
    }

    Future<Void> close() {
        stop();
        clients.forEach(WebClient::close);
        return Future.succeededFuture();
    }
}
