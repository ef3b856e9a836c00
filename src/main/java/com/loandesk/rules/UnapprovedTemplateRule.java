package com.loandesk.rules;

import java.time.Instant;

/** Only templates compliance approved may be sent; a template the store knows nothing of is unapproved. */
public final class UnapprovedTemplateRule implements Rule {

    public static final String ID = "UNAPPROVED_TEMPLATE";

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
        return context.template().approved() ? OK
                : new Never("template " + context.template().code() + " is not approved");
    }
}
