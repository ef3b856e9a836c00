package com.loandesk.rules;

import java.util.List;
import java.util.Objects;

/**
 * A named set of rules, loaded from a policy file.
 *
 * @param name          the file's base name ("us-ma"), written with every decision
 * @param source        where it was loaded from, for error messages
 * @param jurisdictions the jurisdiction codes it serves (US, US-MA, CN); none for a practice preset
 */
public record Policy(String name, String source, String description, List<String> jurisdictions, RuleSetGate gate) {

    public Policy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(gate, "gate");
        jurisdictions = List.copyOf(jurisdictions);
    }

    public List<Rule> rules() {
        return gate.rules();
    }
}
