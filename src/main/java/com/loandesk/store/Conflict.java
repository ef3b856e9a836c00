package com.loandesk.store;

/** The request contradicts the stored state (e.g. clearing a cleared hold). The web layer answers 409. */
public final class Conflict extends RuntimeException {

    public Conflict(String message) {
        super(message, null, false, false);
    }
}
