package com.loandesk.rules;

import java.time.Instant;
import java.util.Set;

/** A rule that applies only to cases in the given stages (early, middle, late); elsewhere it allows. */
public final class StageScopedRule implements Rule {

    private final Rule rule;
    private final Set<String> stages;

    public StageScopedRule(Rule rule, Set<String> stages) {
        this.rule = rule;
        this.stages = Set.copyOf(stages);
    }

    public Rule rule() {
        return rule;
    }

    public Set<String> stages() {
        return stages;
    }

    @Override
    public String id() {
        return rule.id();
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
        return stages.contains(context.caseFacts().stage()) ? rule.evaluate(context, at) : OK;
    }
}
