package com.loandesk.rules;

/** A policy file that cannot be used; the message names the file and the key. */
public final class PolicyException extends IllegalArgumentException {

    public PolicyException(String message) {
        super(message);
    }
}
