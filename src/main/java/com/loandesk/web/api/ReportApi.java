package com.loandesk.web.api;

import com.loandesk.reports.ReportPeriod;
import com.loandesk.reports.Reports;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
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

    private static void answer(RoutingContext ctx, java.util.function.Supplier<Future<JsonObject>> report) {
        String accept = ctx.request().getHeader("Accept");
        if (accept == null || !accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv")) {
            Api.json(ctx, 200, c -> report.get());
            return;
        }
        Future<JsonObject> result;
        try {
            result = report.get();
        } catch (RuntimeException e) {
            Api.fail(ctx, e);
            return;
        }
        result.onSuccess(json -> ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"report-" + json.getValue(json.containsKey("date") ? "date" : "month") + ".csv\"")
                        .end(Reports.csv(json)))
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
}
