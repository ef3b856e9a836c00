package com.loandesk.rules;

import java.time.Instant;
import java.util.Set;

/**
 * A contact already made (or committed to: its task was marked sending) with a borrower, on any of
 * their cases, or an inbound call that became a conversation.
 *
 * <p>Caps count contacts by their {@link Outcome}, because the rules disagree on what a "contact" is:
 * Reg F counts placed calls (not those that never reached the number), Massachusetts counts
 * communications (a voicemail or text, or a machine where the collector chose not to leave one, but
 * not a ring-out where no message could be left), China counts connected calls and, separately,
 * unanswered dial attempts. A contact whose outcome is not reported yet ({@link Outcome#PENDING})
 * counts in every cap, whatever the cap counts.
 *
 * @param pointKind      the kind of the contact point used (mobile, home, work, email, emergency), or
 *                       null when unknown: then it counts in every kind-restricted cap
 * @param conversation   a phone conversation with the borrower about the debt took place
 * @param inbound        the borrower called in; inbound calls never count toward caps but can be
 *                       conversations
 * @param alsoAboutCases further debts the same conversation was about (Reg F: a conversation about
 *                       several debts counts for each)
 */
public record PastContact(
        Instant at,
        Channel channel,
        long caseId,
        long contactPointId,
        String pointKind,
        Outcome outcome,
        boolean conversation,
        int durationSeconds,
        boolean inbound,
        Set<Long> alsoAboutCases) {

    /** What became of a contact, as far as the provider or the collector reported. */
    public enum Outcome {
        /** Not reported yet. Counted by every cap. */
        PENDING,
        /** Never reached the number: busy, failed, not in service, undelivered message. */
        NOT_CONNECTED,
        /** Rang out; nobody answered and no message could be left. */
        NO_ANSWER,
        /** An answering machine took the call and the collector chose not to leave a message. */
        MACHINE_NO_MESSAGE,
        /** A voicemail was left. */
        VOICEMAIL_LEFT,
        /** A person answered. */
        ANSWERED,
        /** A text or e-mail was delivered (or accepted by the carrier without a later failure). */
        DELIVERED;

        /**
         * The V1 ledger only has {@code connected}: null is pending, true answered (voice) or delivered
         * (messages), false a voice call that rang out or a message that failed. False voice calls are
         * read as {@link #NO_ANSWER}, so Reg F still counts them as placed calls.
         */
        public static Outcome fromConnected(Boolean connected, Channel channel) {
            if (connected == null) {
                return PENDING;
            }
            if (channel == Channel.VOICE) {
                return connected ? ANSWERED : NO_ANSWER;
            }
            return connected ? DELIVERED : NOT_CONNECTED;
        }
    }

    public PastContact {
        if (outcome == null) {
            outcome = Outcome.PENDING;
        }
        alsoAboutCases = alsoAboutCases == null ? Set.of() : Set.copyOf(alsoAboutCases);
    }

    /** The V1 shape: an outbound contact of unknown point kind, outcome read from {@code connected}. */
    public PastContact(Instant at, Channel channel, long caseId, long contactPointId, Boolean connected,
            boolean conversation, int durationSeconds) {
        this(at, channel, caseId, contactPointId, null, Outcome.fromConnected(connected, channel), conversation,
                durationSeconds, false, Set.of());
    }

    /** Whether this contact was about the given debt. */
    public boolean about(long debtCaseId) {
        return caseId == debtCaseId || alsoAboutCases.contains(debtCaseId);
    }
}
