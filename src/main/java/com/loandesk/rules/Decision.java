package com.loandesk.rules;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What the contact gate says of one proposed contact: allow it now, defer it, or block it for good. */
public sealed interface Decision permits Decision.Allow, Decision.Defer, Decision.Block {

    /**
     * The policy that made the decision, written to the case history with it: for a deferral or a block
     * the policy of the rule that decided; for an allowed contact every policy judged ("cn + lender-practice").
     */
    String policy();

    /**
     * Go now. {@code openUntil}: the earliest instant a time window of the rules closes (the borrower's
     * allowed hours, the task's window), or null when none does; an SMS must not arrive after it.
     */
    record Allow(String policy, Instant openUntil) implements Decision {
        public Allow {
            Objects.requireNonNull(policy, "policy");
        }

        public Allow(String policy) {
            this(policy, null);
        }
    }

    /**
     * Not now: {@code until} is the first instant at which every rule would allow the contact.
     * {@code ruleId} is the binding rule, whose refusal set {@code until}, and {@code reason} is its own;
     * {@code also} the other rules that refused an earlier candidate on the way. {@code verdicts} holds
     * each policy's own decision when several were judged together (empty otherwise).
     */
    record Defer(String policy, String ruleId, Instant until, String reason, List<Deferral> also,
                 List<Decision> verdicts) implements Decision {
        public Defer {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(until, "until");
            also = List.copyOf(also);
            verdicts = List.copyOf(verdicts);
        }

        public Defer(String policy, String ruleId, Instant until, String reason) {
            this(policy, ruleId, until, reason, List.of(), List.of());
        }
    }

    /** Never, as things stand: the rule that blocked it is recorded, and each policy's own verdict. */
    record Block(String policy, String ruleId, String reason, List<Decision> verdicts) implements Decision {
        public Block {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(ruleId, "ruleId");
            verdicts = List.copyOf(verdicts);
        }

        public Block(String policy, String ruleId, String reason) {
            this(policy, ruleId, reason, List.of());
        }
    }

    /** A rule that refused a candidate instant: not before {@code until}, for {@code reason}. */
    record Deferral(String policy, String ruleId, Instant until, String reason) {
    }

    static Allow allow(String policy) {
        return new Allow(policy);
    }

    static Allow allow(String policy, Instant openUntil) {
        return new Allow(policy, openUntil);
    }

    static Defer defer(String policy, String ruleId, Instant until, String reason) {
        return new Defer(policy, ruleId, until, reason);
    }

    static Block block(String policy, String ruleId, String reason) {
        return new Block(policy, ruleId, reason);
    }
}
