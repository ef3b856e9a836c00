package com.loandesk.rules;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Everything a rule may read to decide one contact, loaded by the store under the borrower's lock.
 *
 * @param zones   the borrower's possible local zones; every one must be inside a time window
 * @param history the borrower's recent contacts, oldest first, across all cases and channels
 * @param holds   the open holds of the case (dispute, complaint, ...)
 */
public record ContactContext(
        ContactRequest request,
        CaseFacts caseFacts,
        ContactPointFacts point,
        List<ZoneId> zones,
        List<PastContact> history,
        Set<String> holds) {

    public ContactContext {
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("a contact needs at least one candidate zone");
        }
        zones = List.copyOf(zones);
        history = List.copyOf(history);
        holds = Set.copyOf(holds);
    }

    /** The same context with one more contact in the history: how a batch sees its own allowed sends. */
    public ContactContext withContact(PastContact contact) {
        var more = new java.util.ArrayList<>(history);
        more.add(contact);
        return new ContactContext(request, caseFacts, point, zones, more, holds);
    }
}
