package com.loandesk.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Reg F §1006.14(b)(2)(ii): no call about a debt within {@code days} days after a phone conversation
 * about it, the conversation's local date being day 1; calls are allowed again from local midnight
 * after day {@code days}. Inbound conversations count; one about several debts locks each. A call
 * while a direct prior consent to calls holds is not locked.
 */
public final class ConversationLockRule implements Rule {

    public static final String ID = "CONVERSATION_LOCK";

    private final int days;

    public ConversationLockRule(int days) {
        if (days < 1) {
            throw new IllegalArgumentException("conversation lock must be at least 1 day, was " + days);
        }
        this.days = days;
    }

    public int days() {
        return days;
    }

    /** {@inheritDoc} */
    @Override
    public String looserThan(Rule parent) {
        ConversationLockRule p = (ConversationLockRule) parent;
        return days() < p.days() ? "locks fewer days than " + p.days() : null;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
        ContactRequest r = context.request();
        if (r.channel() != Channel.VOICE || context.consented(Consent.Purpose.DIRECT_CALLS, at)) {
            return OK;
        }
        Instant unlock = null;
        for (ZoneId zone : context.zones()) {
            LocalDate today = at.atZone(zone).toLocalDate();
            for (PastContact c : context.history()) {
                if (!c.conversation() || c.channel() != Channel.VOICE || !c.about(r.caseId())) {
                    continue;
                }
                LocalDate dayOne = c.at().atZone(zone).toLocalDate();
                LocalDate free = dayOne.plusDays(days);
                if (today.isBefore(free)) {
                    Instant next = free.atStartOfDay(zone).toInstant();
                    if (unlock == null || next.isAfter(unlock)) {
                        unlock = next;
                    }
                }
            }
        }
        return unlock == null ? OK
                : new NotBefore(unlock, "a phone conversation about this debt less than " + days + " days ago");
    }
}
