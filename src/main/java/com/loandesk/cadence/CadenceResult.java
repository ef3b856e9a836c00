package com.loandesk.cadence;

import java.time.LocalDate;

/**
 * One pass of the cadence scheduler over a business date: waves created now, steps with no case on their day, steps skipped now (no approved
 * template), steps an earlier pass (of any process) had already finished, steps that failed and will be tried
 * again on the next pass; busy when another process held the scheduler's lock.
 */
public record CadenceResult(LocalDate businessDate, int created, int empty, int skipped, int alreadyDone, int failed, boolean busy) {

    static CadenceResult busy(LocalDate date) {
        return new CadenceResult(date, 0, 0, 0, 0, 0, true);
    }

    public boolean complete() {
        return !busy && failed == 0;
    }
}
