package com.loandesk.rules;

import java.util.Locale;

/** Whose contacts a cap counts, relative to the proposed contact. */
public enum CountScope {
    /** Every contact with the borrower, on any debt. */
    BORROWER,
    /** Contacts about the same debt (case), conversations about several debts counting for each. */
    DEBT,
    /** Contacts through the same number or address. */
    CONTACT_POINT;

    public boolean matches(PastContact c, ContactRequest r) {
        return switch (this) {
            case BORROWER -> true;
            case DEBT -> c.about(r.caseId());
            case CONTACT_POINT -> c.contactPointId() == r.contactPointId();
        };
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
