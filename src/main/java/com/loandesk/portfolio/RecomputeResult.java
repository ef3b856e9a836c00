package com.loandesk.portfolio;

import java.time.LocalDate;

/** What one recompute of a business date changed. */
public record RecomputeResult(LocalDate businessDate, int casesUpdated, int stageChanges, int statusChanges, int batches) {
}
