package com.loandesk.store;

/** The caller's role may not make this change (e.g. a collector clearing a dispute hold). The web layer answers 403. */
public final class NotPermitted extends RuntimeException {

    public NotPermitted(String message) {
        super(message, null, false, false);
    }
}
