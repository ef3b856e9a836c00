package com.loandesk.rules;

import java.time.Instant;
import java.time.ZoneId;

/** No contact outside the allowed local hours, in every zone the borrower may be in. */
public final class LocalHoursRule implements Rule {

    public static final String ID = "QUIET_HOURS";

    private final LocalWindow window;

    public LocalHoursRule(LocalWindow window) {
        this.window = window;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
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
        if (opening == null) {
            return OK;
        }
        return new NotBefore(opening, "outside allowed hours " + window + " in " + closedIn);
    }
}
