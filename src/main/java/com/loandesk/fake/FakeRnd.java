package com.loandesk.fake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local reassigned-numbers database speaking DNCScrub's RND Basic wire shape ({@code GET /v1.5/Data/RNDBasic?
 * phoneNumber=<10 digits>&date=<YYYYMMDD>}, header {@code loginId}), so tests and the demo drive the real adapter
 * ({@link com.loandesk.rnd.DncScrubRnd}). A wrong or missing key gets 401; a bad number or date 400. Numbers
 * answer "not reassigned" unless scripted ({@link #answer}); a scripted hang never answers.
 */
public final class FakeRnd {

    /** A scripted answer: IsReassigned true, false, null (no data), or no answer at all. */
    public enum Script { REASSIGNED, NOT_REASSIGNED, NO_DATA, HANG }

    /** A query the fake received: the 10 digits and the date as sent. */
    public record Query(String phoneNumber, String date) {
    }

    private final HttpServer server;
    private final String apiKey;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final List<Query> queries = new CopyOnWriteArrayList<>();

    private FakeRnd(HttpServer server, String apiKey) {
        this.server = server;
        this.apiKey = apiKey;
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port), accepting {@code apiKey}. */
    public static Future<FakeRnd> start(Vertx vertx, int port, String apiKey) {
        HttpServer server = vertx.createHttpServer();
        FakeRnd fake = new FakeRnd(server, apiKey);
        server.requestHandler(fake::handle);
        return server.listen(port, "127.0.0.1").map(s -> fake);
    }

    /** Scripts the answer for {@code e164} (+1 and 10 digits). */
    public FakeRnd answer(String e164, Script script) {
        scripts.put(e164.startsWith("+1") ? e164.substring(2) : e164, script);
        return this;
    }

    public List<Query> queries() {
        return List.copyOf(queries);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public Future<Void> close() {
        return server.close();
    }

    private void handle(HttpServerRequest req) {
        if (!"/v1.5/Data/RNDBasic".equals(req.path()) || req.method() != io.vertx.core.http.HttpMethod.GET) {
            req.response().setStatusCode(404).end();
            return;
        }
        if (!apiKey.equals(req.getHeader("loginId"))) {
            req.response().setStatusCode(401).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("Message", "Invalid or missing API key").encode());
            return;
        }
        String phone = req.getParam("phoneNumber");
        String date = req.getParam("date");
        if (phone == null || !phone.matches("[2-9][0-9]{9}") || date == null || !date.matches("[0-9]{8}")) {
            req.response().setStatusCode(400).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("Message", "Invalid phone number or date format").encode());
            return;
        }
        queries.add(new Query(phone, date));
        Script script = scripts.getOrDefault(phone, Script.NOT_REASSIGNED);
        if (script == Script.HANG) {
            return;
        }
        Boolean reassigned = switch (script) {
            case REASSIGNED -> Boolean.TRUE;
            case NOT_REASSIGNED -> Boolean.FALSE;
            default -> null;
        };
        req.response().putHeader("content-type", "application/json").end(new JsonObject().put("PhoneNumber", phone)
                .put("IsReassigned", reassigned).put("HasSafeHarbor", reassigned != null).encode());
    }
}
