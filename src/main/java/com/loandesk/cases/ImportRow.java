package com.loandesk.cases;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One validated import row: a borrower, one of their cases and their contact points. Optional fields
 * are null when the row did not give them (the stored value is then kept).
 */
public record ImportRow(int row, String borrowerRef, String borrowerName, String locale, String timeZone,
                        String addressRegion, String postalCode, String jurisdiction, String caseRef, String product,
                        BigDecimal amountOverdue, String currency, LocalDate dueDate, Integer daysPastDue, String stage,
                        String status, String riskGrade, String assignedCollector, Boolean smsConsent,
                        Boolean voiceConsent, List<Point> points) {

    /** A contact point: kind (mobile, home, work, email, emergency), E.164 or e-mail value, role, priority. */
    public record Point(String kind, String value, String role, int priority) {
    }

    /** A row that changes nothing: its 1-based position, the first offending field and why. */
    public record Rejection(int row, String field, String reason) {
    }
}
