package com.loandesk.web;

import com.loandesk.web.api.Errors;
import com.loandesk.channel.Channels;
import com.loandesk.store.TaskStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Health, task counts and a plain status page. */
public final class StatusApi {

    private static final Logger LOG = LoggerFactory.getLogger(StatusApi.class);

    private final TaskStore store;
    private final Channels channels;
    private final PrometheusMeterRegistry registry;

    public StatusApi(TaskStore store, Channels channels, PrometheusMeterRegistry registry) {
        this.store = store;
        this.channels = channels;
        this.registry = registry;
    }

    /** Adds health, status and the page to {@code router} (after ApiRoutes, whose body handler covers /api/*). */
    public void mount(Router router) {
        ApiContract.route(router, "getHealth").handler(this::health);
        ApiContract.route(router, "getMetrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));
        ApiContract.route(router, "getStatus").handler(this::status);
        ApiContract.route(router, "getStatusPage").handler(this::page);
    }

    /** The last routes of a router: a JSON 404 and JSON errors. */
    public static void finish(Router router) {
        router.route().last().handler(ctx -> Errors.send(ctx, 404, "not_found", "no route " + ctx.request().method() + " " + ctx.request().path()));
        router.route().failureHandler(Errors::onFailure);
    }

    private void health(RoutingContext ctx) {
        JsonObject providers = new JsonObject();
        channels.all().forEach(c -> providers.put(c.channel().code(), c.accepting() ? "UP" : "BREAKER_OPEN"));
        store.pool().query("select 1").execute()
                .onSuccess(r -> ctx.json(new JsonObject().put("status", "UP").put("database", "UP").put("providers", providers)))
                .onFailure(e -> {
                    LOG.warn("health check failed error={}", e.toString());
                    ctx.response().setStatusCode(503);
                    ctx.json(new JsonObject().put("status", "DOWN").put("database", "DOWN").put("providers", providers));
                });
    }

    /** {tasksByState: open states exact, finishedEstimated: finished states estimated (as of estimatedAt)}. */
    private void status(RoutingContext ctx) {
        store.countByState()
                .onSuccess(counts -> {
                    JsonObject open = new JsonObject();
                    counts.open().forEach((state, n) -> open.put(state.code(), n));
                    JsonObject finished = new JsonObject();
                    counts.finished().forEach((state, n) -> finished.put(state.code(), n));
                    ctx.json(new JsonObject().put("tasksByState", open).put("finishedEstimated", finished)
                            .put("estimatedAt", counts.estimatedAt() == null ? null : counts.estimatedAt().toString()));
                })
                .onFailure(ctx::fail);
    }

    private void page(RoutingContext ctx) {
        store.countByState().onSuccess(counts -> {
            StringBuilder rows = new StringBuilder();
            counts.open().forEach((state, n) -> rows.append("<tr><td>").append(state.code()).append("</td><td class=n>")
                    .append(n).append("</td></tr>"));
            counts.finished().forEach((state, n) -> rows.append("<tr><td>").append(state.code()).append("</td><td class=n>≈ ")
                    .append(n).append("</td></tr>"));
            ctx.response().putHeader("content-type", "text/html; charset=utf-8").end("""
                    <!doctype html><html lang=en><head><meta charset=utf-8><meta http-equiv=refresh content=2>
                    <title>Contact dispatcher</title>
                    <style>body{font:15px system-ui,sans-serif;margin:2em}td{padding:.2em 1em}.n{text-align:right}</style>
                    </head><body><h1>Contact dispatcher</h1><p>Tasks by state (refreshes every 2 s; the finished are the planner's estimates, ≈)</p>
                    <table><thead><tr><th>state</th><th>tasks</th></tr></thead><tbody>%s</tbody></table>
                    <p>Pages: <a href="/app/waves.html">wave board</a> · <a href="/app/desk.html">collector's desk</a> · <a href="/app/log.html">compliance log</a></p>
                    <p><a href="/api/status">/api/status</a> · <a href="/health">/health</a></p></body></html>
                    """.formatted(rows));
        }).onFailure(ctx::fail);
    }
}
