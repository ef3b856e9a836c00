package com.loandesk.rules;

import java.time.Instant;
import java.util.Set;

/**
 * What the rules may know of the number or address a contact goes to.
 *
 * @param smsConsent        the V1 flag: TCPA consent to automated texts, without expiry (expiring
 *                          consents come in {@link ContactContext#consents()})
 * @param voiceConsent      the V1 flag: TCPA consent to autodialed or prerecorded calls, without expiry
 * @param thirdPartyConsent the V1 flag: a third party agreed to be contacted to locate the borrower
 * @param lastInboundTextAt the last text received from this number, or null
 * @param consentEvidenceAt when the newest consent evidence for this number was given, or null
 * @param lastRndCheck      the number's last reassigned-numbers-database check, or null
 */
public record ContactPointFacts(
        String kind,
        String role,
        String value,
        boolean smsConsent,
        boolean voiceConsent,
        boolean thirdPartyConsent,
        Set<Channel> optedOut,
        Set<Channel> invalidFor,
        Instant lastInboundTextAt,
        Instant consentEvidenceAt,
        RndCheck lastRndCheck) {

    public ContactPointFacts {
        optedOut = Set.copyOf(optedOut);
        invalidFor = Set.copyOf(invalidFor);
    }

    /** The V2 facts: a clean check at {@code rndClearAt} (null: none), no consent evidence. */
    public ContactPointFacts(String kind, String role, String value, boolean smsConsent, boolean voiceConsent,
                             boolean thirdPartyConsent, Set<Channel> optedOut, Set<Channel> invalidFor,
                             Instant lastInboundTextAt, Instant rndClearAt) {
        this(kind, role, value, smsConsent, voiceConsent, thirdPartyConsent, optedOut, invalidFor, lastInboundTextAt,
                null, rndClearAt == null ? null : new RndCheck(rndClearAt, RndResult.NOT_REASSIGNED));
    }

    /** When the last check found the number not reassigned, or null. */
    public Instant rndClearAt() {
        return lastRndCheck != null && lastRndCheck.result() == RndResult.NOT_REASSIGNED ? lastRndCheck.checkedAt() : null;
    }

    /**
     * When the last check found the number reassigned, unless consent evidence dated after that check has
     * come since (the borrower gave the number again); null otherwise.
     */
    public Instant reassignedAt() {
        if (lastRndCheck == null || lastRndCheck.result() != RndResult.REASSIGNED) {
            return null;
        }
        Instant at = lastRndCheck.checkedAt();
        return consentEvidenceAt != null && consentEvidenceAt.isAfter(at) ? null : at;
    }

    /** A third party to the debt: role third_party, or an emergency contact whatever its role says. */
    public boolean thirdParty() {
        return "third_party".equals(role) || "emergency".equals(kind);
    }
}
