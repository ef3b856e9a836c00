package com.loandesk.rules;

import java.util.Objects;

/**
 * What the rules may know of the template a contact would use.
 *
 * @param approved     compliance approved this version; only approved templates may be sent
 * @param locateOnly   asks only how to reach the borrower, says nothing of the debt: the only kind a
 *                     third party may receive
 * @param legalThreat  mentions a lawsuit or other legal action: never on a time-barred debt
 * @param formalNotice a formal written notice (letter / e-mail stating amount, deadline, consequences)
 */
public record TemplateFacts(
        String code,
        boolean approved,
        boolean locateOnly,
        boolean legalThreat,
        boolean formalNotice) {

    public TemplateFacts {
        Objects.requireNonNull(code, "code");
    }

    /** A template nothing is known of: not approved, so UNAPPROVED_TEMPLATE blocks it. */
    public static TemplateFacts unknown(String code) {
        return new TemplateFacts(code, false, false, false, false);
    }
}
