package com.loandesk.rules;

import java.time.Instant;

/** Reg F §1006.26(b): on a time-barred debt (sol_expired), no template that threatens legal action. */
public final class TimeBarredRule implements Rule {

    public static final String ID = "TIME_BARRED";

    /** No settings: a redefinition is the same rule, never looser. */
    @Override
    public String looserThan(Rule parent) {
        return null;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
        return context.caseFacts().solExpired() && context.template().legalThreat()
                ? new Never("template " + context.template().code() + " threatens legal action on a time-barred debt")
                : OK;
    }
}
