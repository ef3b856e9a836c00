package com.loandesk.rules;

import java.util.List;

/** Builds contact gates from settings. */
public final class Gates {

    private Gates() {
    }

    /** The first gate: the borrower's local hours and a daily cap per borrower. */
    public static RuleSetGate localHoursAndDailyCap(String policy, LocalWindow window, int dailyCap) {
        return new RuleSetGate(policy, List.of(new LocalHoursRule(window), new DailyCapRule(dailyCap)));
    }
}
