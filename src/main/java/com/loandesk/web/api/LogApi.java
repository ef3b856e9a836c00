package com.loandesk.web.api;

import com.loandesk.logging.LogText;
import com.loandesk.auth.Principal;
import com.loandesk.store.ComplianceLog;
import com.loandesk.store.LogEntry;
import com.loandesk.store.LogQuery;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compliance log: what happened to which case, when, by whom and under which rule, with contact
 * numbers masked. JSON pages with a keyset cursor, or the same rows streamed as CSV.
 */
final class LogApi {

    private static final Logger LOG = LoggerFactory.getLogger(LogApi.class);
    static final int MAX_LIMIT = 500;
    static final int DEFAULT_LIMIT = 100;
    private static final Set<String> PARAMS = Set.of("borrower", "caseRef", "channel", "event", "state", "ruleId", "actor",
            "collector", "from", "to", "limit", "after", "order");

    private final ComplianceLog log;

    LogApi(ComplianceLog log) {
        this.log = log;
    }

    /**
     * GET /api/log → {entries: [...], next: cursor or null}; the first page (no cursor) also says how many rows match,
     * {total, totalOver}: counted up to {@link LogQuery#COUNT_CAP}, past it total is the cap and totalOver true.
     */
    /**
     * GET /api/log/choices → {rules, events, states}: the values the rule, event and state filters take: every rule the
     * history names, the events it records, and the states of a task.
     */
    Future<JsonObject> choices(RoutingContext ctx) {
        Fields.onlyParams(ctx.queryParams(), java.util.Set.of());
        JsonArray states = new JsonArray();
        for (com.loandesk.store.TaskState s : com.loandesk.store.TaskState.values()) {
            states.add(s.code());
        }
        JsonArray events = new JsonArray();
        for (com.loandesk.store.HistoryEvent e : com.loandesk.store.HistoryEvent.values()) {
            events.add(e.code());
        }
        return log.rules().map(rules -> new JsonObject().put("rules", new JsonArray(rules)).put("events", events)
                .put("states", states));
    }

    Future<JsonObject> page(RoutingContext ctx) {
        LogQuery q = query(ctx, true);
        Future<Long> total = q.afterAt() == null ? log.count(q) : Future.succeededFuture(null);
        return log.page(q).compose(rows -> total.map(n -> {
            JsonArray entries = new JsonArray();
            rows.forEach(e -> entries.add(LogLines.json(e)));
            LogEntry last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
            String next = last != null && rows.size() == q.limit() ? cursor(last) : null;
            JsonObject page = new JsonObject().put("entries", entries).put("next", next);
            if (n != null) {
                page.put("total", Math.min(n, LogQuery.COUNT_CAP)).put("totalOver", n > LogQuery.COUNT_CAP);
            }
            return page;
        }));
    }

    /** GET /api/log.csv: every matching row, written as it is read. */
    void csv(RoutingContext ctx) {
        LogQuery q;
        try {
            q = query(ctx, false);
        } catch (ApiException e) {
            Api.fail(ctx, e);
            return;
        }
        HttpServerResponse res = ctx.response();
        res.setChunked(true).putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"compliance-log.csv\"")
                .putHeader("Cache-Control", "no-store");
        res.write(LogLines.CSV_HEADER);
        Principal p = Api.who(ctx);
        // a client that goes away stops the cursor and frees its connection at once
        Promise<Void> gone = Promise.promise();
        res.closeHandler(v -> gone.tryComplete());
        log.stream(q, res, LogLines::csv, gone.future()).onComplete(ar -> {
            if (ar.succeeded()) {
                LOG.info("log csv streamed rows={} by={}", ar.result(), LogText.of(p.username()));
                res.end();
            } else {
                LOG.warn("log csv aborted by={} error={}", LogText.of(p.username()), ar.cause().toString());
                res.reset();
            }
        });
    }

    private static LogQuery query(RoutingContext ctx, boolean paged) {
        MultiMap q = ctx.queryParams();
        for (String name : q.names()) {
            if (!PARAMS.contains(name)) {
                throw ApiException.badRequest(name, "unknown filter " + name + "; filters: " + String.join(", ", new java.util.TreeSet<>(PARAMS)));
            }
        }
        Integer limit = null;
        if (q.get("limit") != null) {
            limit = Fields.positiveInt(q.get("limit"), "limit");
            if (paged && limit > MAX_LIMIT) {
                throw ApiException.badRequest("limit", "limit must be at most " + MAX_LIMIT);
            }
        } else if (paged) {
            limit = DEFAULT_LIMIT;
        }
        Instant afterAt = null;
        Long afterId = null;
        String after = q.get("after");
        if (after != null) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8).split(",");
                afterAt = Instant.parse(parts[0]);
                afterId = Long.parseLong(parts[1]);
            } catch (RuntimeException e) {
                throw ApiException.badRequest("after", "after must be the next cursor of a previous page");
            }
        }
        String channel = Fields.oneOf(text(q, "channel"), "channel", TemplateApi.CHANNELS);
        Instant from = time(q.get("from"), "from", false);
        Instant to = time(q.get("to"), "to", true);
        if (from != null && to != null && !to.isAfter(from)) {
            throw ApiException.badRequest("to", "to must be after from");
        }
        String order = Fields.oneOf(text(q, "order"), "order", java.util.Set.of("newest", "oldest"));
        Principal p = Api.who(ctx);
        String collector = p.collectorScope() != null ? p.collectorScope() : text(q, "collector");
        // rule ids are upper case, events and states lower case: a filter matches however it was typed
        return new LogQuery(text(q, "borrower"), text(q, "caseRef"), channel, lower(text(q, "event")), lower(text(q, "state")),
                upper(text(q, "ruleId")), text(q, "actor"), collector, from, to, afterAt, afterId, limit, "newest".equals(order));
    }

    private static String lower(String v) {
        return v == null ? null : v.toLowerCase(java.util.Locale.ROOT);
    }

    private static String upper(String v) {
        return v == null ? null : v.toUpperCase(java.util.Locale.ROOT);
    }

    private static String text(MultiMap q, String name) {
        String v = q.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        if (v.length() > 200) {
            throw ApiException.badRequest(name, name + " must be at most 200 characters");
        }
        return v.strip();
    }

    /** An instant, or a date (UTC): "from" a date is its start, "to" a date includes that whole day. */
    private static Instant time(String v, String field, boolean endOfDay) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException e) {
            throw ApiException.badRequest(field, field + " must be a date (YYYY-MM-DD, UTC) or an ISO-8601 date-time with offset");
        }
    }

    private static String cursor(LogEntry e) {
        String raw = e.at().toInstant() + "," + e.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }



}
