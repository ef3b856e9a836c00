package com.loandesk.rules;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * Any open hold on the case (dispute, complaint, fraud, illness, pregnancy, bereavement, bankruptcy,
 * deceased, cease_communication, repayment_plan) blocks every automated contact until a person clears
 * it. With {@code kinds} given, only those kinds block.
 */
public final class HoldRule implements Rule {

    public static final String ID = "HOLD";

    private final Set<String> kinds;

    public HoldRule(Set<String> kinds) {
        this.kinds = Set.copyOf(kinds);
    }

    /** The hold kinds that block; empty: every kind. */
    public Set<String> kinds() {
        return kinds;
    }

    public static HoldRule anyHold() {
        return new HoldRule(Set.of());
    }

    /** {@inheritDoc} */
    @Override
    public String looserThan(Rule parent) {
        HoldRule p = (HoldRule) parent;
        // no kinds listed: every hold blocks
        return !kinds().isEmpty() && (p.kinds().isEmpty() || !kinds().containsAll(p.kinds())) ? "blocks fewer hold kinds" : null;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
        Set<String> open = new TreeSet<>();
        for (String hold : context.holds()) {
            if (kinds.isEmpty() || kinds.contains(hold)) {
                open.add(hold);
            }
        }
        return open.isEmpty() ? OK : new Never("open hold on the case: " + String.join(", ", open));
    }
}
