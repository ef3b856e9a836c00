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

    /**
     * A contact point: kind (mobile, home, work, email, emergency), E.164 or e-mail value, role, priority; for a
     * borrower's phone, the consent evidence (kind, source, when) and reassigned-numbers check (when, result) the row
     * gives, each null when it gives none.
     */
    public record Point(String kind, String value, String role, int priority, String consentKind, String consentSource,
                        java.time.Instant consentAt, java.time.Instant rndCheckedAt, String rndResult) {

        public Point(String kind, String value, String role, int priority) {
            this(kind, value, role, priority, null, null, null, null, null);
        }
    }

    /** A row that changes nothing: its 1-based position, the first offending field and why. */
    public record Rejection(int row, String field, String reason) {
    }
}
