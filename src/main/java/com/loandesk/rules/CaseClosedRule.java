package com.loandesk.rules;

import java.time.Instant;
import java.util.Set;

/** No collection contact on a case that is paid, withdrawn from collection, or current (not owed). */
public final class CaseClosedRule implements Rule {

    public static final String ID = "CASE_CLOSED";
    public static final Set<String> DEFAULT_STATUSES = Set.of("paid", "withdrawn", "current");

    private final Set<String> statuses;

    public CaseClosedRule(Set<String> statuses) {
        this.statuses = Set.copyOf(statuses);
    }

    public Set<String> statuses() {
        return statuses;
    }

    public static CaseClosedRule withDefaults() {
        return new CaseClosedRule(DEFAULT_STATUSES);
    }

    /** {@inheritDoc} */
    @Override
    public String looserThan(Rule parent) {
        CaseClosedRule p = (CaseClosedRule) parent;
        return statuses().containsAll(p.statuses()) ? null : "blocks fewer statuses";
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
        String status = context.caseFacts().status();
        return statuses.contains(status) ? new Never("case status is " + status) : OK;
    }
}
