package com.loandesk.web.api;

import com.loandesk.store.WaveSelection;
import com.loandesk.store.WaveSpec;
import com.loandesk.store.WaveStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reminder waves: POST /api/waves (create and enqueue, or {@code dryRun: true} to count what it would
 * enqueue and skip), GET /api/waves, GET /api/waves/{id} (progress), POST /api/waves/{id}/pause|resume|cancel.
 * The gate's verdicts for a selection (send now, deferred, blocked by rule) are POST /api/dry-run's.
 */
final class WaveApi {

    private static final int MAX_RATE = 1_000_000;

    private final WaveStore store;
    private final Clock clock;

    WaveApi(WaveStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** POST /api/waves: 201 {waveId, enqueued, skipped}; with dryRun 200 {dryRun, enqueued, skipped}. */
    void create(RoutingContext ctx) {
        JsonObject body;
        WaveSpec spec;
        try {
            body = Fields.object(ctx);
            spec = spec(body, clock.instant());
        } catch (RuntimeException e) {
            Api.fail(ctx, e);
            return;
        }
        if (Fields.flag(body, "dryRun")) {
            Api.json(ctx, 200, c -> store.preview(spec).map(WaveJson::preview));
        } else {
            Api.json(ctx, 201, c -> store.create(spec, Api.who(c).username()).map(WaveJson::created).recover(e -> Future.failedFuture(
                    e instanceof com.loandesk.store.NothingSelected none ? ApiException.badRequest("selection", none.getMessage()) : e)));
        }
    }

    Future<JsonObject> list(RoutingContext ctx) {
        return store.list().map(WaveJson::list);
    }

    Future<JsonObject> progress(RoutingContext ctx) {
        return store.progress(id(ctx)).map(WaveJson::progress);
    }

    Future<JsonObject> pause(RoutingContext ctx) {
        return store.pause(id(ctx), Api.who(ctx).username()).map(WaveJson::changed);
    }

    Future<JsonObject> resume(RoutingContext ctx) {
        return store.resume(id(ctx), Api.who(ctx).username()).map(WaveJson::changed);
    }

    Future<JsonObject> cancel(RoutingContext ctx) {
        return store.cancel(id(ctx), Api.who(ctx).username()).map(WaveJson::changed);
    }

    private static long id(RoutingContext ctx) {
        return Fields.positiveLong(ctx.pathParam("id"), "id");
    }

    /** The wave the body asks for; ApiException 400 naming the first bad field. */
    static WaveSpec spec(JsonObject body, Instant now) {
        String name = Fields.required(body, "name");
        WaveSelection selection = WaveFields.selection(body, Integer.MAX_VALUE);
        WaveFields.Window window = WaveFields.window(body);
        Instant notAfter = null;
        String notAfterText = Fields.optional(body, "notAfter");
        if (notAfterText != null) {
            try {
                notAfter = Instant.parse(notAfterText);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("notAfter", "notAfter must be an ISO-8601 instant, e.g. 2026-11-24T12:00:00Z");
            }
            if (!notAfter.isAfter(now)) {
                throw ApiException.badRequest("notAfter", "notAfter must be in the future");
            }
        }
        Instant startsAt = WaveFields.instant(body, "startsAt");
        if (startsAt != null && notAfter != null && !startsAt.isBefore(notAfter)) {
            throw ApiException.badRequest("startsAt", "startsAt must be before notAfter");
        }
        Integer rate = WaveFields.optionalInt(body, "ratePerMinute", "ratePerMinute", 1, MAX_RATE);
        Fields.flag(body, "dryRun");
        return new WaveSpec(name, selection, window.start(), window.end(), notAfter, rate, startsAt);
    }
}
