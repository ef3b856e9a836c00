package com.loandesk.rules;

import java.util.Set;

/**
 * Whether a rule a policy redefines under {@code extends} is at least as strict as the one it
 * replaces. A policy that extends another may only tighten it: to loosen a preset, copy the file. The stages
 * and the type are compared here; the settings by the rule itself ({@link Rule#looserThan}).
 */
public final class Tightening {

    private Tightening() {
    }

    /** Why {@code child} is looser than {@code parent}, or null when it is not. */
    public static String loosening(Rule parent, Rule child) {
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
        return c.looserThan(p);
    }
}
