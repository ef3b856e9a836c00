package com.loandesk.rules;

import java.time.Instant;

/**
 * One contact rule. Asked about a moment {@code at} (now, or a later candidate), it answers whether the
 * contact could go then, from when it could, or that it never can as things stand.
 */
public interface Rule {

    /** The stable id written to the case history when this rule blocks or defers a contact. */
    String id();

    Verdict evaluate(ContactContext context, Instant at);

    /**
     * For a rule that allows {@code at}: the instant until which it keeps allowing the contact, if it is a
     * time window that closes (the borrower's allowed hours); null when it sets no such end. A message
     * the provider may hold must not arrive after it (an SMS's validity period).
     */
    default Instant openUntil(ContactContext context, Instant at) {
        return null;
    }

    /**
     * Why this rule, redefining {@code parent} (a rule of the same type and id) in a policy that {@code extends}
     * another, is looser than it; null when it is at least as strict. A policy that extends another may only
     * tighten it. Every configurable rule type says how it compares: the default refuses any redefinition, so a
     * rule type that forgets to say can never be loosened by omission.
     */
    default String looserThan(Rule parent) {
        return "cannot be redefined under extends (" + getClass().getSimpleName() + " does not say how it compares with "
                + "the rule it replaces): copy the policy file to change it";
    }

    sealed interface Verdict permits Ok, NotBefore, Never {
    }

    /** Fine at the instant asked about. */
    record Ok() implements Verdict {
    }

    /** Not at the instant asked about; not before {@code instant}, which must be later. */
    record NotBefore(Instant instant, String reason) implements Verdict {
    }

    /** Not at any instant while the facts stay as they are. */
    record Never(String reason) implements Verdict {
    }

    Verdict OK = new Ok();
}
