package com.loandesk.dispatch;

import java.time.Instant;
import java.util.List;

/**
 * What the gate says now of a collector's call to one phone of a case, judged as a click would be but without
 * creating anything: allowed now, allowed from a later instant (deferred: a click now is refused), or not allowed.
 *
 * @param zones      every zone the borrower may be in (the first is the one the desk shows), and
 * @param zonesFrom  where they came from (explicit, postal code, region, area code, fallback)
 * @param untilLocal for {@link Verdict#LATER}: when, in the borrower's first zone ("2026-12-09T09:00+05:30 Asia/Kolkata")
 */
public record CallCheck(long contactPointId, String kind, String role, Verdict verdict, String ruleId, String policy,
                        String reason, Instant until, String untilLocal, List<String> zones, String zonesFrom) {

    /** The gate's answer for a click now. */
    public enum Verdict {
        NOW("now"), LATER("later"), NOT("not");

        private final String code;

        Verdict(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
