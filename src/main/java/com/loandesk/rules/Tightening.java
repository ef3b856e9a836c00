package com.loandesk.rules;

import java.util.Set;

/**
 * Whether a rule a policy redefines under {@code extends} is at least as strict as the one it
 * replaces. A policy that extends another may only tighten it: to loosen a preset, copy the file.
 */
final class Tightening {

    private Tightening() {
    }

    /** Why {@code child} is looser than {@code parent}, or null when it is not. */
    static String loosening(Rule parent, Rule child) {
        Set<String> parentStages = parent instanceof StageScopedRule s ? s.stages() : null;
        Set<String> childStages = child instanceof StageScopedRule s ? s.stages() : null;
        if (parentStages == null ? childStages != null : childStages != null && !childStages.containsAll(parentStages)) {
            return "applies to fewer stages than the rule it replaces";
        }
        Rule p = parent instanceof StageScopedRule s ? s.rule() : parent;
        Rule c = child instanceof StageScopedRule s ? s.rule() : child;
        if (p.getClass() != c.getClass()) {
            return "is a different kind of rule than the one it replaces";
        }
        if (p instanceof ContactCap pc && c instanceof ContactCap cc) {
            if (!pc.window().equals(cc.window()) || pc.scope() != cc.scope() || pc.counting() != cc.counting()
                    || !pc.channels().equals(cc.channels()) || !pc.kinds().equals(cc.kinds())) {
                return "counts differently from the rule it replaces (only max may change)";
            }
            return cc.max() > pc.max() ? "max " + cc.max() + " is more than " + pc.max() : null;
        }
        if (p instanceof LocalHoursRule ph && c instanceof LocalHoursRule ch) {
            if (!ch.window().within(ph.window())) {
                return "window " + ch.window() + " is not within " + ph.window();
            }
            return ch.honourCallbacks() && !ph.honourCallbacks() ? "honours call-backs the rule it replaces did not" : null;
        }
        if (p instanceof TalkTimeRule pt && c instanceof TalkTimeRule ct) {
            return ct.limit().compareTo(pt.limit()) > 0 ? "allows more talk time than " + pt.limit().toMinutes() + " minutes" : null;
        }
        if (p instanceof ConversationLockRule pl && c instanceof ConversationLockRule cl) {
            return cl.days() < pl.days() ? "locks fewer days than " + pl.days() : null;
        }
        if (p instanceof LetterMinBalanceRule pm && c instanceof LetterMinBalanceRule cm) {
            return cm.minAmount().compareTo(pm.minAmount()) < 0 ? "minAmount is below " + pm.minAmount() : null;
        }
        if (p instanceof ThirdPartyRule pt && c instanceof ThirdPartyRule ct) {
            return pt.requireConsent() && !ct.requireConsent() ? "drops the consent requirement" : null;
        }
        if (p instanceof HoldRule pr && c instanceof HoldRule cr) {
            return !cr.kinds().isEmpty() && (pr.kinds().isEmpty() || !cr.kinds().containsAll(pr.kinds()))
                    ? "blocks fewer hold kinds" : null;
        }
        if (p instanceof CaseClosedRule pr && c instanceof CaseClosedRule cr) {
            return cr.statuses().containsAll(pr.statuses()) ? null : "blocks fewer statuses";
        }
        if (p instanceof NoConsentRule pr && c instanceof NoConsentRule cr) {
            return cr.channels().containsAll(pr.channels()) && cr.kinds().containsAll(pr.kinds())
                    ? null : "requires consent for fewer channels or kinds";
        }
        if (p instanceof TextSafeHarborRule pr && c instanceof TextSafeHarborRule cr) {
            return cr.inboundWithin().compareTo(pr.inboundWithin()) > 0 || cr.rndWithin().compareTo(pr.rndWithin()) > 0
                    || cr.consentWithin().compareTo(pr.consentWithin()) > 0
                    ? "accepts older inbound texts, consent evidence or RND checks" : null;
        }
        return null;
    }
}
