package com.loandesk.store;

/** What was asked for does not exist (or is not visible to the caller). The web layer answers 404. */
public final class Missing extends RuntimeException {

    public Missing(String message) {
        super(message, null, false, false);
    }
}
