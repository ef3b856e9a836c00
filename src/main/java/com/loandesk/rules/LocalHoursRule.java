package com.loandesk.rules;

import java.time.Instant;
import java.time.ZoneId;

/**
 * No contact outside the allowed local hours, in every zone the borrower may be in.
 *
 * <p>With call-backs honoured ({@link #CALLBACK}), a voice call inside a call-back interval the borrower
 * asked for may go whatever the hour, once: the first outbound voice contact inside the interval uses
 * it up. A contact deferred by the window is deferred to the start of such a call-back if that comes
 * first.
 */
public final class LocalHoursRule implements Rule {

    public static final String ID = "QUIET_HOURS";
    /** Not a rule of its own: the exemption a borrower-requested call-back makes from QUIET_HOURS. */
    public static final String CALLBACK = "CALLBACK";

    private final LocalWindow window;
    private final boolean honourCallbacks;

    public LocalHoursRule(LocalWindow window) {
        this(window, false);
    }

    public LocalHoursRule(LocalWindow window, boolean honourCallbacks) {
        this.window = window;
        this.honourCallbacks = honourCallbacks;
    }

    public LocalWindow window() {
        return window;
    }

    public boolean honourCallbacks() {
        return honourCallbacks;
    }

    /** {@inheritDoc} */
    @Override
    public String looserThan(Rule parent) {
        LocalHoursRule p = (LocalHoursRule) parent;
        if (!window().within(p.window())) {
            return "window " + window() + " is not within " + p.window();
        }
        return honourCallbacks() && !p.honourCallbacks() ? "honours call-backs the rule it replaces did not" : null;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Instant openUntil(ContactContext context, Instant at) {
        return window.openUntil(at, context.zones());
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
        CallbackRequest open = honourCallbacks ? openCallback(context, at) : null;
        if (open != null && open.contains(at)) {
            return OK;
        }
        LocalWindow.Closed closed = window.closedIn(at, context.zones());
        if (closed == null) {
            return OK;
        }
        Instant opening = closed.opening();
        ZoneId closedIn = closed.zone();
        if (open != null && open.from().isBefore(opening)) {
            return new NotBefore(open.from(), CALLBACK + ": outside allowed hours " + window + " in " + closedIn + anyOf(context)
                    + " until the call-back the borrower asked for at " + open.from());
        }
        return new NotBefore(opening, "outside allowed hours " + window + " in " + closedIn + anyOf(context));
    }

    /** The earliest unused call-back that has not ended by {@code at}, for a voice request. */
    private static CallbackRequest openCallback(ContactContext context, Instant at) {
        if (context.request().channel() != Channel.VOICE) {
            return null;
        }
        CallbackRequest best = null;
        for (CallbackRequest cb : context.callbacks()) {
            if (!cb.until().isAfter(at) || usedUp(cb, context)) {
                continue;
            }
            if (best == null || cb.from().isBefore(best.from())) {
                best = cb;
            }
        }
        return best;
    }

    private static boolean usedUp(CallbackRequest cb, ContactContext context) {
        for (PastContact c : context.history()) {
            if (c.channel() == Channel.VOICE && !c.inbound() && cb.contains(c.at())) {
                return true;
            }
        }
        return false;
    }

    /** Where the borrower may be, when that is more than one zone: every one of them must be inside the hours. */
    /** Why several zones were judged, in a collector's words: "(area code 850 spans A and B: ...)". */
    static String anyOf(ContactContext context) {
        Whereabouts where = context.where();
        if (!where.ambiguous()) {
            return "";
        }
        String why = where.source() == ZoneSource.FALLBACK ? "the borrower may be in any of "
                + where.zones().stream().map(ZoneId::getId).collect(java.util.stream.Collectors.joining(", ")) : where.words();
        return " (" + why + "; the contact must be inside the hours in every one)";
    }
}
