package com.loandesk.rules;

import java.time.Instant;
import java.util.Objects;

/** What the contact gate says of one proposed contact: allow it now, defer it, or block it for good. */
public sealed interface Decision permits Decision.Allow, Decision.Defer, Decision.Block {

    /** The policy that made the decision, written to the case history with it. */
    String policy();

    record Allow(String policy) implements Decision {
        public Allow {
            Objects.requireNonNull(policy, "policy");
        }
    }

    /** Not now: {@code until} is the first instant at which every rule would allow the contact. */
    record Defer(String policy, String ruleId, Instant until, String reason) implements Decision {
        public Defer {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(until, "until");
        }
    }

    /** Never, as things stand: the rule that blocked it is recorded. */
    record Block(String policy, String ruleId, String reason) implements Decision {
        public Block {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(ruleId, "ruleId");
        }
    }

    static Allow allow(String policy) {
        return new Allow(policy);
    }

    static Defer defer(String policy, String ruleId, Instant until, String reason) {
        return new Defer(policy, ruleId, until, reason);
    }

    static Block block(String policy, String ruleId, String reason) {
        return new Block(policy, ruleId, reason);
    }
}
