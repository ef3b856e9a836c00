package com.loandesk.rules;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** The named frequency caps: each a {@link ContactCap} with the counting its rule defines. */
public final class Caps {

    /** Contacts per borrower per local day, all channels and debts (lender practice: 1-2). */
    public static final String DAILY_CAP = "DAILY_CAP";
    /** Contacts per debt in a rolling 7 days. */
    public static final String WEEKLY_CAP_PER_DEBT = "WEEKLY_CAP_PER_DEBT";
    /** Reg F §1006.14(b)(2)(i): more than 7 placed calls per debt in 7 consecutive (local) days. */
    public static final String CALLS_7_IN_7 = "CALLS_7_IN_7";
    /** China: at most 3 connected voice calls per debtor per local day. */
    public static final String CONNECTED_CALLS_PER_DAY = "CONNECTED_CALLS_PER_DAY";
    /** China: at most 6 unanswered dial attempts per contact number per local day. */
    public static final String UNANSWERED_PER_NUMBER_PER_DAY = "UNANSWERED_PER_NUMBER_PER_DAY";
    /** Messages of one channel per borrower per local day ("numerous texts per day" is harassment). */
    public static final String MESSAGES_PER_DAY = "MESSAGES_PER_DAY";

    private Caps() {
    }

    public static ContactCap dailyCap(int max) {
        return new ContactCap(DAILY_CAP, max, new CountWindow.LocalDays(1), CountScope.BORROWER, Counting.ATTEMPTS,
                Set.of(), Set.of(), false);
    }

    public static ContactCap weeklyPerDebt(int max) {
        return new ContactCap(WEEKLY_CAP_PER_DEBT, max, new CountWindow.Rolling(Duration.ofDays(7)), CountScope.DEBT,
                Counting.ATTEMPTS, Set.of(), Set.of(), false);
    }

    public static ContactCap callsSevenInSeven() {
        return new ContactCap(CALLS_7_IN_7, 7, new CountWindow.LocalDays(7), CountScope.DEBT, Counting.PLACED_CALLS,
                EnumSet.of(Channel.VOICE), Set.of(), true);
    }

    public static ContactCap connectedCallsPerDay(int max) {
        return new ContactCap(CONNECTED_CALLS_PER_DAY, max, new CountWindow.LocalDays(1), CountScope.BORROWER,
                Counting.CONNECTED, EnumSet.of(Channel.VOICE), Set.of(), false);
    }

    public static ContactCap unansweredPerNumberPerDay(int max) {
        return new ContactCap(UNANSWERED_PER_NUMBER_PER_DAY, max, new CountWindow.LocalDays(1),
                CountScope.CONTACT_POINT, Counting.UNANSWERED, EnumSet.of(Channel.VOICE), Set.of(), false);
    }

    public static ContactCap messagesPerDay(Channel channel, int max) {
        return new ContactCap(MESSAGES_PER_DAY, max, new CountWindow.LocalDays(1), CountScope.BORROWER,
                Counting.ATTEMPTS, EnumSet.of(channel), Set.of(), false);
    }
}
