package com.loandesk.store;

import com.loandesk.rules.Channel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

/** A claimed task with the case, borrower and contact point facts read under the borrower's lock. */
public record TaskRow(
        long taskId,
        long caseId,
        long contactPointId,
        Channel channel,
        String template,
        Instant notAfter,
        int attempts,
        long borrowerId,
        String caseRef,
        String product,
        String caseStatus,
        String stage,
        BigDecimal amountOverdue,
        String currency,
        int daysPastDue,
        boolean solExpired,
        String fullName,
        String locale,
        String timeZone,
        String addressRegion,
        String jurisdiction,
        String pointKind,
        String role,
        String address,
        boolean smsConsent,
        boolean voiceConsent,
        boolean thirdPartyConsent,
        boolean smsOptedOut,
        boolean voiceOptedOut,
        boolean emailOptedOut,
        Set<String> invalidChannels,
        Instant lastInboundTextAt,
        Instant rndClearAt,
        java.time.LocalDate dueDate,
        java.time.LocalTime windowStart,
        java.time.LocalTime windowEnd,
        Instant rndCheckedAt,
        String rndResult,
        Instant consentEvidenceAt,
        String postalCode) {

    /** A row without the V18 facts: no RND check beyond {@code rndClearAt}, no consent evidence. */
    public TaskRow(long taskId, long caseId, long contactPointId, Channel channel, String template, Instant notAfter,
                   int attempts, long borrowerId, String caseRef, String product, String caseStatus, String stage,
                   BigDecimal amountOverdue, String currency, int daysPastDue, boolean solExpired, String fullName,
                   String locale, String timeZone, String addressRegion, String jurisdiction, String pointKind,
                   String role, String address, boolean smsConsent, boolean voiceConsent, boolean thirdPartyConsent,
                   boolean smsOptedOut, boolean voiceOptedOut, boolean emailOptedOut, Set<String> invalidChannels,
                   Instant lastInboundTextAt, Instant rndClearAt, java.time.LocalDate dueDate,
                   java.time.LocalTime windowStart, java.time.LocalTime windowEnd) {
        this(taskId, caseId, contactPointId, channel, template, notAfter, attempts, borrowerId, caseRef, product,
                caseStatus, stage, amountOverdue, currency, daysPastDue, solExpired, fullName, locale, timeZone,
                addressRegion, jurisdiction, pointKind, role, address, smsConsent, voiceConsent, thirdPartyConsent,
                smsOptedOut, voiceOptedOut, emailOptedOut, invalidChannels, lastInboundTextAt, rndClearAt, dueDate,
                windowStart, windowEnd, rndClearAt, rndClearAt == null ? null : "not_reassigned", null, null);
    }
}
