package com.loandesk.web.api;

import com.loandesk.reports.Report;
import com.loandesk.reports.ReportPeriod;
import com.loandesk.reports.Reports;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * GET /api/reports/daily?date=YYYY-MM-DD and /api/reports/monthly?month=YYYY-MM, optionally for one channel
 * and/or jurisdiction: JSON, or CSV (section,key,value) when the request accepts text/csv. Days and months are
 * the lender's (portfolio.zone).
 */
final class ReportApi {

    private static final Pattern JURISDICTION = Pattern.compile("[A-Z]{2,5}(-[A-Z0-9]{1,3})?");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM").withResolverStyle(ResolverStyle.STRICT);
    private static final int FIRST_YEAR = 2000;
    private static final int LAST_YEAR = 2100;

    private final Reports reports;
    private final ZoneId zone;

    ReportApi(Reports reports, ZoneId zone) {
        this.reports = reports;
        this.zone = zone;
    }

    void daily(RoutingContext ctx) {
        answer(ctx, () -> {
            MultiMap q = checked(ctx, "date");
            LocalDate date;
            try {
                date = LocalDate.parse(required(q, "date"), DATE);
            } catch (DateTimeException e) {
                throw ApiException.badRequest("date", "date must be a calendar date YYYY-MM-DD");
            }
            inRange(date.getYear(), "date");
            return reports.report(ReportPeriod.day(date, zone), channel(q), jurisdiction(q));
        });
    }

    void monthly(RoutingContext ctx) {
        answer(ctx, () -> {
            MultiMap q = checked(ctx, "month");
            YearMonth month;
            try {
                month = YearMonth.parse(required(q, "month"), MONTH);
            } catch (DateTimeException e) {
                throw ApiException.badRequest("month", "month must be YYYY-MM");
            }
            inRange(month.getYear(), "month");
            return reports.report(ReportPeriod.month(month, zone), channel(q), jurisdiction(q));
        });
    }

    private static void answer(RoutingContext ctx, java.util.function.Supplier<Future<Report>> report) {
        String accept = ctx.request().getHeader("Accept");
        if (accept == null || !accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv")) {
            Api.json(ctx, 200, c -> report.get().map(ReportApi::json));
            return;
        }
        Future<JsonObject> result;
        try {
            result = report.get().map(ReportApi::json);
        } catch (RuntimeException e) {
            Api.fail(ctx, e);
            return;
        }
        result.onSuccess(json -> ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"report-" + json.getValue(json.containsKey("date") ? "date" : "month") + ".csv\"")
                        .end(csv(json)))
                .onFailure(e -> Api.fail(ctx, e));
    }

    private static MultiMap checked(RoutingContext ctx, String periodParam) {
        Set<String> allowed = Set.of(periodParam, "channel", "jurisdiction");
        MultiMap q = ctx.queryParams();
        for (String name : q.names()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest(name, "unknown parameter " + name + "; parameters: " + String.join(", ", new TreeSet<>(allowed)));
            }
            if (q.getAll(name).size() > 1) {
                throw ApiException.badRequest(name, name + " must be given once");
            }
        }
        return q;
    }

    private static String required(MultiMap q, String name) {
        String v = q.get(name);
        if (v == null || v.isBlank()) {
            throw ApiException.badRequest(name, name + " is required");
        }
        return v;
    }

    private static void inRange(int year, String field) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw ApiException.badRequest(field, field + " must be in the years " + FIRST_YEAR + ".." + LAST_YEAR);
        }
    }

    private static String channel(MultiMap q) {
        String v = q.get("channel");
        return v == null ? null : Fields.oneOf(v, "channel", TemplateApi.CHANNELS);
    }

    private static String jurisdiction(MultiMap q) {
        String v = q.get("jurisdiction");
        return v == null ? null : Fields.matching(v, "jurisdiction", JURISDICTION, "a jurisdiction code such as US, US-MA or CN");
    }

    /** The report's JSON: the period, the filters, then the figures; a message channel's delivery, a call's answers. */
    static JsonObject json(Report report) {
        ReportPeriod period = report.period();
        JsonObject out = new JsonObject().put("period", period.kind()).put(period.kind().equals("daily") ? "date" : "month", period.label())
                .put("zone", period.zone().getId()).put("from", period.start().toString()).put("to", period.end().toString())
                .put("filters", new JsonObject().put("channel", report.channel()).put("jurisdiction", report.jurisdiction()))
                .put("contacts", report.contacts()).put("borrowersContacted", report.borrowersContacted());
        JsonArray byChannel = new JsonArray();
        for (Report.ChannelFigures ch : report.byChannel()) {
            JsonObject j = new JsonObject().put("channel", ch.channel()).put("contacts", ch.contacts()).put("borrowers", ch.borrowers())
                    .put("awaitingStatus", ch.awaitingStatus());
            if (ch.isCall()) {
                j.put("connected", ch.connected()).put("answeredByPerson", ch.answeredByPerson()).put("conversations", ch.conversations())
                        .put("answerRate", rate(ch.connected(), ch.contacts()));
            } else {
                j.put("delivered", ch.delivered()).put("deliveryRate", rate(ch.delivered(), ch.contacts()));
            }
            byChannel.add(j);
        }
        Report.FirstContact first = report.firstContact();
        Report.Complaints complaints = report.complaints();
        return out.put("byChannel", byChannel)
                .put("blockedByRule", new JsonObject(new java.util.LinkedHashMap<>(report.blockedByRule())))
                .put("deferredByRule", new JsonObject(new java.util.LinkedHashMap<>(report.deferredByRule())))
                .put("timeToFirstContact", new JsonObject()
                        .put("definition", "cases that became overdue in the period; first outbound contact of the case at or after that, up to now")
                        .put("casesBecameOverdue", first.casesBecameOverdue()).put("contacted", first.contacted())
                        .put("notYetContacted", first.casesBecameOverdue() - first.contacted())
                        .put("within48Hours", first.within48Hours())
                        .put("medianHours", hours(first.medianSeconds())).put("p90Hours", hours(first.p90Seconds())))
                .put("complaints", new JsonObject().put("opened", complaints.opened())
                        .put("clearedWithin24Hours", complaints.clearedWithin24Hours()).put("stillOpen", complaints.stillOpen())
                        .put("perContactedBorrower", rate(complaints.opened(), report.borrowersContacted())));
    }

    /** {@code part / whole} to 4 decimals; null when {@code whole} is 0. */
    private static Double rate(long part, long whole) {
        return whole == 0 ? null : round((double) part / whole);
    }

    private static Double hours(Double seconds) {
        return seconds == null ? null : round(seconds / 3600.0);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    /** The report's JSON as CSV rows: section,key,value (one line per figure, in the JSON's order). */
    static String csv(JsonObject report) {
        List<String> lines = new ArrayList<>();
        lines.add(com.loandesk.csv.CsvLine.of("section", "key", "value"));
        lines.add(line("period", report.getString("period"), report.getValue(report.containsKey("date") ? "date" : "month")));
        lines.add(line("period", "zone", report.getString("zone")));
        lines.add(line("contacts", "total", report.getValue("contacts")));
        lines.add(line("contacts", "borrowersContacted", report.getValue("borrowersContacted")));
        for (Object o : report.getJsonArray("byChannel")) {
            JsonObject ch = (JsonObject) o;
            for (String k : ch.fieldNames()) {
                if (!k.equals("channel")) {
                    lines.add(line("channel:" + ch.getString("channel"), k, ch.getValue(k)));
                }
            }
        }
        report.getJsonObject("blockedByRule").forEach(e -> lines.add(line("blockedByRule", e.getKey(), e.getValue())));
        report.getJsonObject("deferredByRule").forEach(e -> lines.add(line("deferredByRule", e.getKey(), e.getValue())));
        report.getJsonObject("timeToFirstContact").forEach(e -> {
            if (!e.getKey().equals("definition")) {
                lines.add(line("timeToFirstContact", e.getKey(), e.getValue()));
            }
        });
        report.getJsonObject("complaints").forEach(e -> lines.add(line("complaints", e.getKey(), e.getValue())));
        return String.join("", lines);
    }

    private static String line(String section, String key, Object value) {
        return com.loandesk.csv.CsvLine.of(section, key, value);
    }
}
