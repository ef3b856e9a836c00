package com.loandesk.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

/** A formal notice never goes for an overdue amount of {@code minAmount} or less, nor on a paid or withdrawn case. */
public final class LetterMinBalanceRule implements Rule {

    public static final String ID = "LETTER_MIN_BALANCE";
    private static final Set<String> CLOSED = Set.of("paid", "withdrawn");

    private final BigDecimal minAmount;

    public LetterMinBalanceRule(BigDecimal minAmount) {
        if (minAmount.signum() < 0) {
            throw new IllegalArgumentException("letter minimum balance must be >= 0, was " + minAmount);
        }
        this.minAmount = minAmount;
    }

    public BigDecimal minAmount() {
        return minAmount;
    }

    /** {@inheritDoc} */
    @Override
    public String looserThan(Rule parent) {
        LetterMinBalanceRule p = (LetterMinBalanceRule) parent;
        return minAmount().compareTo(p.minAmount()) < 0 ? "minAmount is below " + p.minAmount() : null;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
        if (!context.template().formalNotice()) {
            return OK;
        }
        CaseFacts facts = context.caseFacts();
        if (CLOSED.contains(facts.status())) {
            return new Never("no formal notice on a " + facts.status() + " case");
        }
        BigDecimal amount = facts.amountOverdue();
        if (amount == null || amount.compareTo(minAmount) <= 0) {
            return new Never("no formal notice for an overdue amount of " + amount + " (must be more than " + minAmount + ")");
        }
        return OK;
    }
}
