package com.loandesk.rules;

import java.util.Set;

/** What the rules may know of the number or address a contact goes to. */
public record ContactPointFacts(
        String kind,
        String role,
        String value,
        boolean smsConsent,
        boolean voiceConsent,
        boolean thirdPartyConsent,
        Set<Channel> optedOut,
        Set<Channel> invalidFor) {

    public ContactPointFacts {
        optedOut = Set.copyOf(optedOut);
        invalidFor = Set.copyOf(invalidFor);
    }
}
