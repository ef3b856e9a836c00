package com.loandesk.rules;

import java.math.BigDecimal;

/** What the rules may know of a case. */
public record CaseFacts(
        String status,
        String stage,
        BigDecimal amountOverdue,
        int daysPastDue,
        boolean solExpired,
        String jurisdiction) {
}
