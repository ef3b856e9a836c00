package com.loandesk.rules;

import java.time.Instant;
import java.time.ZoneId;

/**
 * A task's own local window (a wave's "between 09:00 and 12:00 their time"), on top of the policy's
 * hours: every gate applies it, in every zone the borrower may be in. No window, no constraint.
 */
public final class TaskWindowRule implements Rule {

    public static final String ID = "TASK_WINDOW";
    static final TaskWindowRule INSTANCE = new TaskWindowRule();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
        LocalWindow window = context.request().window();
        if (window == null) {
            return OK;
        }
        Instant opening = null;
        ZoneId closedIn = null;
        for (ZoneId zone : context.zones()) {
            if (!window.contains(at, zone)) {
                Instant next = window.nextOpening(at, zone);
                if (opening == null || next.isAfter(opening)) {
                    opening = next;
                    closedIn = zone;
                }
            }
        }
        return opening == null ? OK : new NotBefore(opening, "outside the task's window " + window + " in " + closedIn);
    }
}
