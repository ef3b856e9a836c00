package com.loandesk.imports;

import java.util.Locale;

/** Where an import job is: queued → checking (the file read once, rows counted) → importing (batches) → done | failed. */
public enum ImportState {
    QUEUED, CHECKING, IMPORTING, DONE, FAILED;

    /** The value stored in import_job.state. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImportState of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    public boolean finished() {
        return this == DONE || this == FAILED;
    }
}
