package com.loandesk.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/** A report's period: a business day or month in the lender's zone, as the instants [start, end). */
public record ReportPeriod(String kind, String label, ZoneId zone, Instant start, Instant end) {

    public static ReportPeriod day(LocalDate date, ZoneId zone) {
        return new ReportPeriod("daily", date.toString(), zone, date.atStartOfDay(zone).toInstant(),
                date.plusDays(1).atStartOfDay(zone).toInstant());
    }

    public static ReportPeriod month(YearMonth month, ZoneId zone) {
        return new ReportPeriod("monthly", month.toString(), zone, month.atDay(1).atStartOfDay(zone).toInstant(),
                month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
    }
}
