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
 * @param rndClearAt        the last reassigned-numbers-database check that found the number not
 *                          reassigned, or null
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
        Instant rndClearAt) {

    public ContactPointFacts {
        optedOut = Set.copyOf(optedOut);
        invalidFor = Set.copyOf(invalidFor);
    }

    /** A third party to the debt: role third_party, or an emergency contact whatever its role says. */
    public boolean thirdParty() {
        return "third_party".equals(role) || "emergency".equals(kind);
    }
}
