package com.loandesk.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gate made of rules, from one policy or from several judged together (the law's preset and the
 * lender's house policy). It looks for the first instant, from now on, that every rule accepts: each
 * rule that refuses a candidate instant names a later one, and the search moves there and asks every
 * rule again. The contact goes now, is deferred to that instant, or is blocked by the first rule that
 * says never.
 *
 * <p>A deferral names its <em>binding</em> rule: the one whose refusal moved the search to the instant
 * it settled on, with that rule's own reason. Rules that refused earlier candidates are listed beside it
 * ({@link Decision.Defer#also()}), each with the instant it asked for.
 *
 * <p>When several policies are judged together, a contact that is not allowed also carries each
 * policy's own verdict ({@link Decision.Defer#verdicts()}), so the history can show what the law said
 * and what the house said.
 */
public final class RuleSetGate implements ContactGate {

    /** Past this horizon a deferral is pointless: the contact is blocked instead. */
    static final Duration HORIZON = Duration.ofDays(62);
    private static final int MAX_ROUNDS = 64;

    private final String policy;
    private final List<Rule> rules;
    /**
     * The number's form and whether it was reassigned, the policy's rules, then the task's own window: the first and last every gate
     * honours. Each with its policy.
     */
    private final List<Entry> evaluated;
    /** The gates judged together, when this one combines several policies; empty for one policy. */
    private final List<RuleSetGate> parts;

    private record Entry(String policy, Rule rule) {
    }

    public RuleSetGate(String policy, List<Rule> rules) {
        this.policy = policy;
        this.rules = List.copyOf(rules);
        List<Entry> all = new ArrayList<>();
        all.add(new Entry(policy, InvalidNumberRule.INSTANCE));
        all.add(new Entry(policy, ReassignedNumberRule.INSTANCE));
        for (Rule r : rules) {
            all.add(new Entry(policy, r));
        }
        all.add(new Entry(policy, TaskWindowRule.INSTANCE));
        this.evaluated = List.copyOf(all);
        this.parts = List.of();
    }

    private RuleSetGate(List<RuleSetGate> parts) {
        List<String> names = new ArrayList<>();
        List<Rule> allRules = new ArrayList<>();
        List<Entry> all = new ArrayList<>();
        all.add(new Entry(parts.get(0).policy, InvalidNumberRule.INSTANCE));
        all.add(new Entry(parts.get(0).policy, ReassignedNumberRule.INSTANCE));
        for (RuleSetGate g : parts) {
            names.add(g.policy);
            allRules.addAll(g.rules);
            for (Rule r : g.rules) {
                all.add(new Entry(g.policy, r));
            }
        }
        all.add(new Entry(parts.get(0).policy, TaskWindowRule.INSTANCE));
        this.policy = String.join(" + ", names);
        this.rules = List.copyOf(allRules);
        this.evaluated = List.copyOf(all);
        this.parts = List.copyOf(parts);
    }

    /**
     * The gates judged together: a contact goes only when every one of them allows it, at the first
     * instant all of them accept. Its name is theirs joined by " + " ("cn + lender-practice").
     */
    public static RuleSetGate together(List<RuleSetGate> gates) {
        if (gates.isEmpty()) {
            throw new IllegalArgumentException("no gates to judge together");
        }
        return gates.size() == 1 ? gates.get(0) : new RuleSetGate(gates);
    }

    public String policy() {
        return policy;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The policies judged together, in order; this gate alone when it is one policy's. */
    public List<RuleSetGate> parts() {
        return parts.isEmpty() ? List.of(this) : parts;
    }

    @Override
    public Decision check(ContactContext context, Instant now) {
        Decision combined = search(context, now);
        if (parts.isEmpty() || combined instanceof Decision.Allow) {
            return combined;
        }
        List<Decision> verdicts = new ArrayList<>(parts.size());
        for (RuleSetGate part : parts) {
            verdicts.add(part.search(context, now));
        }
        if (combined instanceof Decision.Defer d) {
            return new Decision.Defer(d.policy(), d.ruleId(), d.until(), d.reason(), d.also(), verdicts);
        }
        Decision.Block b = (Decision.Block) combined;
        return new Decision.Block(b.policy(), b.ruleId(), b.reason(), verdicts);
    }

    /** The earliest close of any time window among the rules, which all allow {@code now}. */
    private Instant openUntil(ContactContext context, Instant now) {
        Instant earliest = null;
        for (Entry e : evaluated) {
            Instant until = e.rule.openUntil(context, now);
            if (until != null && (earliest == null || until.isBefore(earliest))) {
                earliest = until;
            }
        }
        return earliest;
    }

    private Decision search(ContactContext context, Instant now) {
        Instant candidate = now;
        Entry binding = null;
        String bindingReason = null;
        // every rule that refused a candidate, by policy and id, with the latest instant it asked for
        Map<String, Decision.Deferral> refused = new LinkedHashMap<>();
        Instant limit = now.plus(HORIZON);
        Instant notAfter = context.request().notAfter();
        if (notAfter != null && notAfter.isBefore(limit)) {
            limit = notAfter;
        }
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean moved = false;
            for (Entry e : evaluated) {
                Rule.Verdict verdict = e.rule.evaluate(context, candidate);
                if (verdict instanceof Rule.Never never) {
                    return Decision.block(e.policy, e.rule.id(), never.reason());
                }
                if (verdict instanceof Rule.NotBefore later) {
                    if (!later.instant().isAfter(candidate)) {
                        throw new IllegalStateException(e.rule.id() + " deferred to " + later.instant()
                                + ", which is not after " + candidate);
                    }
                    binding = e;
                    bindingReason = later.reason();
                    refused.put(e.policy + "/" + e.rule.id(),
                            new Decision.Deferral(e.policy, e.rule.id(), later.instant(), later.reason()));
                    candidate = later.instant();
                    moved = true;
                    if (candidate.isAfter(limit)) {
                        String why = notAfter != null && !notAfter.isAfter(candidate)
                                ? "no allowed moment before the task's not-after " + notAfter
                                : "no allowed moment within " + HORIZON.toDays() + " days";
                        return Decision.block(e.policy, e.rule.id(), bindingReason + "; " + why);
                    }
                    break;
                }
            }
            if (!moved) {
                if (candidate.equals(now)) {
                    return Decision.allow(policy, openUntil(context, now));
                }
                refused.remove(binding.policy + "/" + binding.rule.id());
                return new Decision.Defer(binding.policy, binding.rule.id(), candidate, bindingReason,
                        List.copyOf(refused.values()), List.of());
            }
        }
        return Decision.block(binding.policy, binding.rule.id(), "rules never agreed on a moment: " + bindingReason);
    }
}
