package com.loandesk.rules;

import java.time.Instant;

/**
 * A third party (role third_party, or an emergency contact) may only be asked how to reach the
 * borrower: only with a locate-only template, only with their consent (unless {@code requireConsent}
 * is off), and never sent a formal notice.
 */
public final class ThirdPartyRule implements Rule {

    public static final String ID = "THIRD_PARTY";

    private final boolean requireConsent;

    public ThirdPartyRule(boolean requireConsent) {
        this.requireConsent = requireConsent;
    }

    public boolean requireConsent() {
        return requireConsent;
    }

    /** {@inheritDoc} */
    @Override
    public String looserThan(Rule parent) {
        ThirdPartyRule p = (ThirdPartyRule) parent;
        return p.requireConsent() && !requireConsent() ? "drops the consent requirement" : null;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
        if (!context.point().thirdParty()) {
            return OK;
        }
        TemplateFacts template = context.template();
        if (template.formalNotice()) {
            return new Never("a formal notice never goes to a third party");
        }
        if (!template.locateOnly()) {
            return new Never("template " + template.code() + " is not locate-only; a third party may only be asked how to reach the borrower");
        }
        if (requireConsent && !context.point().thirdPartyConsent()
                && !context.consented(Consent.Purpose.THIRD_PARTY, at)) {
            return new Never("the third party has not agreed to be contacted");
        }
        return OK;
    }
}
