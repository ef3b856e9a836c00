package com.loandesk.rules;

import java.time.Instant;
import java.util.Objects;

/**
 * A consent the borrower or a third party gave, with where it came from and until when it holds.
 *
 * @param channel        the medium it covers, or null for every medium
 * @param contactPointId the number or address it covers, or null for every contact point of the borrower
 * @param expiresAt      the end of the consent (exclusive), or null when it does not expire
 * @param source         how it was obtained, e.g. "application_form", "ivr", "recorded_call" (TCPA: a
 *                       number the borrower gave the creditor for the debt counts, FCC 07-232)
 */
public record Consent(
        Purpose purpose,
        Channel channel,
        Long contactPointId,
        Instant grantedAt,
        Instant expiresAt,
        String source) {

    public enum Purpose {
        /** TCPA prior express consent: autodialed or prerecorded calls and texts to this number. */
        AUTOMATED_CONTACT,
        /** A third party (family, employer, emergency contact) agreed to be contacted to locate the borrower. */
        THIRD_PARTY,
        /** Reg F §1006.14(b)(3)(i): direct prior consent to calls; calls under it are not counted (7 days at most). */
        DIRECT_CALLS
    }

    public Consent {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(grantedAt, "grantedAt");
        if (expiresAt != null && !expiresAt.isAfter(grantedAt)) {
            throw new IllegalArgumentException("consent expires at " + expiresAt + ", not after it was granted at " + grantedAt);
        }
    }

    /** Whether this consent covers a contact of that purpose, through that medium, to that point, at that instant. */
    public boolean covers(Purpose p, Channel ch, long pointId, Instant at) {
        return purpose == p
                && (channel == null || channel == ch)
                && (contactPointId == null || contactPointId == pointId)
                && !at.isBefore(grantedAt)
                && (expiresAt == null || at.isBefore(expiresAt));
    }
}
