package com.loandesk.rules;

import java.time.Instant;
import java.util.Objects;

/** The last reassigned-numbers-database check of a number: when it was made and what it answered. */
public record RndCheck(Instant checkedAt, RndResult result) {

    public RndCheck {
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(result, "result");
    }
}
