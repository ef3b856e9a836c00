package com.loandesk.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The states of a contact task (the schema's check lists the same codes). */
public enum TaskState {
    PENDING(true), SENDING(true), SENT(false), DELIVERED(false), FAILED(false), BLOCKED(false), DEFERRED(true), UNKNOWN(true);

    private final boolean open;

    TaskState(boolean open) {
        this.open = open;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Not finished: it may still go out, or may have gone and is not settled yet. */
    public boolean open() {
        return open;
    }

    /** The open states as an SQL list: {@code ('pending', 'sending', 'deferred', 'unknown')}. */
    static String openSqlList() {
        return Arrays.stream(values()).filter(TaskState::open).map(s -> "'" + s.code() + "'")
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
