package com.loandesk.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A gate made of rules. It looks for the first instant, from now on, that every rule accepts: each
 * rule that refuses a candidate instant names a later one, and the search moves there and asks every
 * rule again. The contact goes now, is deferred to that instant, or is blocked by the first rule
 * that says never.
 */
public final class RuleSetGate implements ContactGate {

    /** Past this horizon a deferral is pointless: the contact is blocked instead. */
    static final Duration HORIZON = Duration.ofDays(62);
    private static final int MAX_ROUNDS = 64;

    private final String policy;
    private final List<Rule> rules;
    /** The policy's rules, then the task's own window, which every gate honours. */
    private final List<Rule> evaluated;

    public RuleSetGate(String policy, List<Rule> rules) {
        this.policy = policy;
        this.rules = List.copyOf(rules);
        var all = new java.util.ArrayList<Rule>(rules);
        all.add(TaskWindowRule.INSTANCE);
        this.evaluated = List.copyOf(all);
    }

    public String policy() {
        return policy;
    }

    public List<Rule> rules() {
        return rules;
    }

    @Override
    public Decision check(ContactContext context, Instant now) {
        Instant candidate = now;
        String firstRule = null;
        String firstReason = null;
        Instant limit = now.plus(HORIZON);
        Instant notAfter = context.request().notAfter();
        if (notAfter != null && notAfter.isBefore(limit)) {
            limit = notAfter;
        }
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean moved = false;
            for (Rule rule : evaluated) {
                Rule.Verdict verdict = rule.evaluate(context, candidate);
                if (verdict instanceof Rule.Never never) {
                    return Decision.block(policy, rule.id(), never.reason());
                }
                if (verdict instanceof Rule.NotBefore later) {
                    if (!later.instant().isAfter(candidate)) {
                        throw new IllegalStateException(rule.id() + " deferred to " + later.instant()
                                + ", which is not after " + candidate);
                    }
                    if (firstRule == null) {
                        firstRule = rule.id();
                        firstReason = later.reason();
                    }
                    candidate = later.instant();
                    moved = true;
                    if (candidate.isAfter(limit)) {
                        String why = notAfter != null && !notAfter.isAfter(candidate)
                                ? "no allowed moment before the task's not-after " + notAfter
                                : "no allowed moment within " + HORIZON.toDays() + " days";
                        return Decision.block(policy, firstRule, firstReason + "; " + why);
                    }
                    break;
                }
            }
            if (!moved) {
                return candidate.equals(now)
                        ? Decision.allow(policy)
                        : Decision.defer(policy, firstRule, candidate, firstReason);
            }
        }
        return Decision.block(policy, firstRule, "rules never agreed on a moment: " + firstReason);
    }
}
