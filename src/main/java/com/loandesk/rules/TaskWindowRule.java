package com.loandesk.rules;

import java.time.Instant;

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
    public Instant openUntil(ContactContext context, Instant at) {
        LocalWindow window = context.request().window();
        return window == null ? null : window.openUntil(at, context.zones());
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
        LocalWindow window = context.request().window();
        if (window == null) {
            return OK;
        }
        LocalWindow.Closed closed = window.closedIn(at, context.zones());
        return closed == null ? OK
                : new NotBefore(closed.opening(), "outside the task's window " + window + " in " + closed.zone());
    }
}
