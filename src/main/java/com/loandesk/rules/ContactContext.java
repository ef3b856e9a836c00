package com.loandesk.rules;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a rule may read to decide one contact, loaded by the store under the borrower's lock.
 *
 * @param template          the template's flags; {@link TemplateFacts#unknown} when the store has none
 * @param where             the borrower's possible local zones (every one must be inside a time window) and what
 *                          located them
 * @param history           the borrower's recent contacts, oldest first, across all cases and channels
 * @param holds             the open holds of the case (dispute, complaint, ...)
 * @param consents          the borrower's and this contact point's consents, expired ones included or not
 * @param callbacks         call-backs the borrower asked for that are not yet past
 * @param inconvenientTimes local time ranges the borrower named as inconvenient
 */
public record ContactContext(
        ContactRequest request,
        CaseFacts caseFacts,
        ContactPointFacts point,
        TemplateFacts template,
        Whereabouts where,
        List<PastContact> history,
        Set<String> holds,
        List<Consent> consents,
        List<CallbackRequest> callbacks,
        List<InconvenientTime> inconvenientTimes) {

    public ContactContext {
        Objects.requireNonNull(request, "request");
        if (where.zones().isEmpty()) {
            throw new IllegalArgumentException("a contact needs at least one candidate zone");
        }
        if (template == null) {
            template = TemplateFacts.unknown(request.template() == null ? "" : request.template());
        }
        history = List.copyOf(history);
        holds = Set.copyOf(holds);
        consents = consents == null ? List.of() : List.copyOf(consents);
        callbacks = callbacks == null ? List.of() : List.copyOf(callbacks);
        inconvenientTimes = inconvenientTimes == null ? List.of() : List.copyOf(inconvenientTimes);
    }

    /** Zones of unexplained origin (a context built by hand, in tests and benchmarks). */
    public ContactContext(ContactRequest request, CaseFacts caseFacts, ContactPointFacts point, TemplateFacts template,
                          List<ZoneId> zones, List<PastContact> history, Set<String> holds, List<Consent> consents,
                          List<CallbackRequest> callbacks, List<InconvenientTime> inconvenientTimes) {
        this(request, caseFacts, point, template, Whereabouts.unexplained(zones), history, holds, consents, callbacks,
                inconvenientTimes);
    }

    /** The borrower's possible local zones: every one must be inside a time window. */
    public List<ZoneId> zones() {
        return where.zones();
    }

    /** Whether some consent of that purpose covers this contact at that instant. */
    public boolean consented(Consent.Purpose purpose, java.time.Instant at) {
        for (Consent c : consents) {
            if (c.covers(purpose, request.channel(), request.contactPointId(), at)) {
                return true;
            }
        }
        return false;
    }
}
