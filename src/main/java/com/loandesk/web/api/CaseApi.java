package com.loandesk.web.api;

import com.loandesk.logging.LogText;
import com.loandesk.auth.AccessStore;
import com.loandesk.auth.Principal;
import com.loandesk.auth.Role;
import com.loandesk.cases.CsvReader;
import com.loandesk.cases.ImportRow.Rejection;
import com.loandesk.cases.ImportValidator;
import com.loandesk.cases.Masking;
import com.loandesk.store.CaseStore;
import com.loandesk.store.CaseDetail;
import com.loandesk.store.CaseStore.CaseView;
import com.loandesk.store.Hold;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The case import (JSON array or CSV) and the read of one case, numbers masked unless audited unmasking. */
final class CaseApi {

    private static final Logger LOG = LoggerFactory.getLogger(CaseApi.class);

    private final Vertx vertx;
    private final CaseStore cases;
    private final AccessStore access;
    private final Pool pool;

    CaseApi(Vertx vertx, CaseStore cases, AccessStore access, Pool pool) {
        this.vertx = vertx;
        this.cases = cases;
        this.access = access;
        this.pool = pool;
    }

    /**
     * POST /api/cases/import (application/json array or text/csv with a header row, at most 1 MiB) → the import
     * report. The body is parsed and validated on a worker thread, never on the event loop; bigger files go to
     * POST /api/imports.
     */
    Future<JsonObject> importCases(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        String mime = type == null ? "" : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!mime.equals("text/csv") && !mime.equals("application/json")) {
            throw ApiException.badRequest("content-type", "send application/json (an array of rows) or text/csv (a header row first)");
        }
        io.vertx.core.buffer.Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        Principal p = Api.who(ctx);
        return vertx.executeBlocking(() -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            if (mime.equals("text/csv")) {
                String text = body == null ? "" : body.toString(java.nio.charset.StandardCharsets.UTF_8);
                try {
                    for (Map<String, String> r : CsvReader.read(text)) {
                        rows.add(new LinkedHashMap<>(r));
                    }
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("body", e.getMessage());
                }
            } else {
                for (Object item : Fields.array(ctx)) {
                    rows.add(item instanceof JsonObject o ? o.getMap() : null);
                }
            }
            return ImportValidator.validate(rows);
        }, false).compose(checked -> cases.importRows(checked.valid(), p.username()).map(result -> {
            List<Rejection> rejected = new ArrayList<>(checked.rejected());
            rejected.addAll(result.rejected());
            rejected.sort(Comparator.comparingInt(Rejection::row));
            JsonArray report = new JsonArray();
            rejected.forEach(r -> report.add(new JsonObject().put("row", r.row()).put("field", r.field()).put("reason", r.reason())));
            int rows = checked.valid().size() + checked.rejected().size();
            LOG.info("import rows={} inserted={} updated={} rejected={} by={}", rows, result.inserted(),
                    result.updated(), rejected.size(), LogText.of(p.username()));
            return new JsonObject().put("inserted", result.inserted()).put("updated", result.updated()).put("rejected", report);
        }));
    }

    static final int HISTORY_MAX = 500;
    static final int HISTORY_DEFAULT = 100;
    private static final Set<String> READ_PARAMS = Set.of("unmask", "historyLimit", "historyBefore");
    private static final Pattern HISTORY_CURSOR = Pattern.compile("(-?[0-9]{1,18})\\.([0-9]{1,18})");

    /**
     * GET /api/cases/{caseRef}[?unmask=true][&historyLimit=N][&historyBefore=cursor]: the case with the newest
     * {@code historyLimit} (100, at most 500) history entries, oldest first; {@code historyNext} is the cursor of the
     * older ones (historyBefore), null when there are none. Unmasking is for compliance and admin, and is audited first.
     */
    Future<JsonObject> read(RoutingContext ctx) {
        Principal p = Api.who(ctx);
        String caseRef = ctx.pathParam("caseRef");
        MultiMap q = ctx.queryParams();
        Fields.onlyParams(q, READ_PARAMS);
        int historyLimit = Fields.limitParam(q, "historyLimit", HISTORY_DEFAULT, HISTORY_MAX);
        CaseStore.HistoryCursor before = null;
        String cursor = param(q, "historyBefore", 40);
        if (cursor != null) {
            Matcher m = HISTORY_CURSOR.matcher(cursor);
            if (!m.matches()) {
                throw ApiException.badRequest("historyBefore", "historyBefore must be the historyNext cursor of a previous read");
            }
            long micros = Long.parseLong(m.group(1));
            before = new CaseStore.HistoryCursor(OffsetDateTime.ofInstant(java.time.Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS),
                    java.time.ZoneOffset.UTC), Long.parseLong(m.group(2)));
        }
        String unmaskParam = q.get("unmask");
        boolean unmask = "true".equalsIgnoreCase(unmaskParam);
        if (unmask && !(p.is(Role.COMPLIANCE) || p.is(Role.ADMIN))) {
            throw ApiException.forbidden("role " + p.role().code() + " may not unmask contact details");
        }
        return cases.read(caseRef, p.collectorScope(), before, historyLimit).compose(view -> {
            if (!unmask) {
                return Future.succeededFuture(toJson(view, false));
            }
            JsonObject detail = new JsonObject().put("contactPoints", view.points().size())
                    .put("remote", ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress());
            return access.audit(pool, p, "unmask", view.caseId(), caseRef, detail).map(v -> {
                LOG.info("contact details unmasked case={} by={}", LogText.of(caseRef), LogText.of(p.username()));
                return toJson(view, true);
            });
        });
    }

    private static final Set<String> LIST_PARAMS = Set.of("collector", "stage", "status", "q", "limit", "after");
    private static final Set<String> STAGES = com.loandesk.rules.Stage.CODES;
    private static final Set<String> STATUSES = Set.of("current", "warning", "overdue", "paid", "withdrawn");
    private static final Pattern CURSOR = Pattern.compile("([0-9]{1,9})\\.([0-9]{1,18})");
    static final int LIST_MAX = 200;
    static final int LIST_DEFAULT = 50;

    /**
     * GET /api/cases[?collector,stage,status,q,limit,after] → {cases: [...], next}: most overdue first, no contact
     * details. A collector gets only their own cases (the collector filter is theirs, whatever was asked).
     */
    Future<JsonObject> list(RoutingContext ctx) {
        MultiMap q = ctx.queryParams();
        for (String name : q.names()) {
            if (!LIST_PARAMS.contains(name)) {
                throw ApiException.badRequest(name, "unknown filter " + name + "; filters: "
                        + String.join(", ", new TreeSet<>(LIST_PARAMS)));
            }
            if (q.getAll(name).size() > 1) {
                throw ApiException.badRequest(name, name + " may be given once");
            }
        }
        int limit = Fields.limitParam(q, "limit", LIST_DEFAULT, LIST_MAX);
        Integer afterDpd = null;
        Long afterId = null;
        String after = param(q, "after", 40);
        if (after != null) {
            Matcher m = CURSOR.matcher(after);
            if (!m.matches()) {
                throw ApiException.badRequest("after", "after must be the next cursor of a previous page");
            }
            afterDpd = Integer.parseInt(m.group(1));
            afterId = Long.parseLong(m.group(2));
        }
        String stage = Fields.oneOf(param(q, "stage", 10), "stage", STAGES);
        String status = Fields.oneOf(param(q, "status", 10), "status", STATUSES);
        Principal p = Api.who(ctx);
        String collector = p.collectorScope() != null ? p.collectorScope() : param(q, "collector", 64);
        int pageSize = limit;
        return cases.list(new CaseStore.CaseFilter(collector, stage, status, param(q, "q", 200), afterDpd, afterId, limit))
                .map(list -> {
                    JsonArray out = new JsonArray();
                    list.forEach(c -> out.add(listed(c)));
                    CaseStore.CaseSummary last = list.isEmpty() ? null : list.get(list.size() - 1);
                    String next = last != null && list.size() == pageSize ? last.daysPastDue() + "." + last.id() : null;
                    return new JsonObject().put("cases", out).put("next", next);
                });
    }

    static String param(MultiMap q, String name, int max) {
        String v = q.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        if (v.strip().length() > max) {
            throw ApiException.badRequest(name, name + " must be at most " + max + " characters");
        }
        return v.strip();
    }

    /** A case as the lists show it (no contact details). */
    private static JsonObject listed(CaseStore.CaseSummary c) {
        return new JsonObject().put("caseRef", c.caseRef()).put("borrowerRef", c.borrowerRef())
                .put("borrowerName", c.borrowerName()).put("jurisdiction", c.jurisdiction()).put("product", c.product())
                .put("amountOverdue", c.amountOverdue()).put("currency", c.currency()).put("daysPastDue", c.daysPastDue())
                .put("stage", c.stage()).put("status", c.status()).put("riskGrade", c.riskGrade())
                .put("assignedCollector", c.assignedCollector()).put("openHolds", c.openHolds());
    }

    private static final Set<String> QUEUE_PARAMS = Set.of("collector", "limit");
    static final int QUEUE_MAX = 500;
    static final int QUEUE_DEFAULT = 100;

    /**
     * GET /api/desk/queue[?limit][&collector] → {collector, cases: [...]}: a collector's open cases in the order to work
     * them today: call-backs due now, then promises that fell due while the case is still overdue, then cases never
     * contacted, then the rest, most overdue first; each says why it stands there ({@code reason}) with the call-back's
     * window or the promise. A collector gets their own; an admin names the collector.
     */
    Future<JsonObject> queue(RoutingContext ctx) {
        MultiMap q = ctx.queryParams();
        Fields.onlyParams(q, QUEUE_PARAMS);
        int limit = Fields.limitParam(q, "limit", QUEUE_DEFAULT, QUEUE_MAX);
        Principal p = Api.who(ctx);
        String collector = p.collectorScope() != null ? p.collectorScope() : param(q, "collector", 64);
        if (collector == null) {
            throw ApiException.badRequest("collector", "collector is required: whose day to list");
        }
        return cases.queue(collector, limit).map(entries -> {
            JsonArray out = new JsonArray();
            for (CaseStore.QueueEntry e : entries) {
                out.add(listed(e.summary()).put("reason", e.reason().code())
                        .put("callbackFrom", instant(e.callbackFrom())).put("callbackUntil", instant(e.callbackUntil()))
                        .put("promiseDate", e.promiseDate() == null ? null : e.promiseDate().toString())
                        .put("promiseAmount", e.promiseAmount()));
            }
            return new JsonObject().put("collector", collector).put("cases", out);
        });
    }

    static JsonObject toJson(CaseView v, boolean unmasked) {
        CaseDetail c = v.kase();
        JsonObject kase = new JsonObject().put("caseRef", c.caseRef()).put("product", c.product())
                .put("amountOverdue", c.amountOverdue()).put("currency", c.currency())
                .put("dueDate", c.dueDate().toString()).put("daysPastDue", c.daysPastDue())
                .put("stage", c.stage()).put("status", c.status()).put("riskGrade", c.riskGrade())
                .put("solExpired", c.solExpired()).put("assignedCollector", c.assignedCollector())
                .put("updatedAt", instant(c.updatedAt()));
        JsonObject borrower = new JsonObject().put("externalId", c.borrowerRef()).put("fullName", c.fullName())
                .put("locale", c.locale()).put("timeZone", c.timeZone())
                .put("addressRegion", c.addressRegion()).put("postalCode", c.postalCode())
                .put("jurisdiction", c.jurisdiction());
        JsonArray points = new JsonArray();
        java.util.Map<String, String> contactValues = new java.util.HashMap<>();
        for (CaseDetail.Point p : v.points()) {
            if (p.value() != null) {
                contactValues.put(p.value(), p.kind());
            }
            points.add(new JsonObject().put("id", p.id()).put("kind", p.kind())
                    .put("value", unmasked ? p.value() : Masking.point(p.kind(), p.value())).put("role", p.role())
                    .put("priority", p.priority()).put("smsConsent", p.smsConsent())
                    .put("voiceConsent", p.voiceConsent()).put("thirdPartyConsent", p.thirdPartyConsent())
                    .put("smsOptedOut", p.smsOptedOut()).put("voiceOptedOut", p.voiceOptedOut())
                    .put("emailOptedOut", p.emailOptedOut()).put("invalidChannels", new JsonArray(p.invalidChannels()))
                    .put("lastInboundTextAt", instant(p.lastInboundTextAt()))
                    .put("consentEvidence", p.consentEvidence())
                    .put("rndCheck", p.rndCheckedAt() == null ? null : new JsonObject()
                            .put("checkedAt", instant(p.rndCheckedAt())).put("result", p.rndResult())
                            .put("since", p.rndSince() == null ? null : p.rndSince().toString())
                            .put("source", p.rndSource()).put("proof", p.rndProof())));
        }
        JsonArray holds = new JsonArray();
        for (Hold h : v.openHolds()) {
            holds.add(HoldApi.json(h));
        }
        JsonArray history = new JsonArray();
        for (CaseDetail.HistoryEntry h : v.history()) {
            JsonObject d = h.detail();
            history.add(new JsonObject().put("id", h.id()).put("at", instant(h.at()))
                    .put("event", h.event()).put("state", h.state()).put("ruleId", h.ruleId())
                    .put("policy", h.policy()).put("providerRef", h.providerRef())
                    .put("taskId", h.taskId()).put("actor", h.actor())
                    .put("channel", h.channel()).put("template", h.template()).put("pointKind", h.pointKind())
                    .put("detail", Masking.withoutRecordingUrl(unmasked || d == null ? d : Masking.contactValuesIn(d, contactValues))));
        }
        CaseStore.HistoryCursor next = v.historyNext();
        String historyNext = next == null ? null
                : java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, next.at().toInstant()) + "." + next.id();
        return new JsonObject().put("case", kase).put("borrower", borrower).put("contactPoints", points)
                .put("holds", holds).put("history", history).put("historyNext", historyNext).put("unmasked", unmasked);
    }

    private static String instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }
}
