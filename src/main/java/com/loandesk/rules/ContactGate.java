package com.loandesk.rules;

import java.time.Instant;

/** Decides whether one contact may go now. Pure: no I/O, time is passed in. */
public interface ContactGate {

    Decision check(ContactContext context, Instant now);
}
