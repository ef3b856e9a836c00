package com.loandesk.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** TEXT_SAFE_HARBOR on its own: what counts, and a refusal that names each fact missing or stale. */
class TextSafeHarborNamesWhatIsStaleTest {

    private static final Instant NOW = Instant.parse("2026-06-10T16:00:00Z");
    private final TextSafeHarborRule rule = new TextSafeHarborRule(Duration.ofDays(60), Duration.ofDays(30), Duration.ofDays(60));

    private Rule.Verdict judge(Ctx c) {
        return rule.evaluate(c.build(), NOW);
    }

    @Test
    void a_refusal_names_each_fact_as_missing_or_stale() {
        Ctx c = Ctx.sms();
        c.consentEvidenceAt = Instant.parse("2026-03-01T00:00:00Z");
        c.lastRndCheck = new RndCheck(Instant.parse("2026-05-01T00:00:00Z"), RndResult.NOT_REASSIGNED);
        String reason = ((Rule.Never) judge(c)).reason();
        assertTrue(reason.contains("no text from this number within 60 days (none)"), reason);
        assertTrue(reason.contains("no consent evidence within 60 days (newest given 2026-03-01T00:00:00Z, stale)"), reason);
        assertTrue(reason.contains("(last check 2026-05-01T00:00:00Z: not_reassigned, stale)"), reason);
    }

    @Test
    void facts_dated_before_a_check_that_found_the_number_reassigned_do_not_count_and_the_refusal_says_so() {
        Ctx c = Ctx.sms();
        c.lastInboundTextAt = Instant.parse("2026-06-01T00:00:00Z");
        c.consentEvidenceAt = Instant.parse("2026-05-20T00:00:00Z");
        c.lastRndCheck = new RndCheck(Instant.parse("2026-06-02T00:00:00Z"), RndResult.REASSIGNED);
        String reason = ((Rule.Never) judge(c)).reason();
        assertTrue(reason.contains("last 2026-06-01T00:00:00Z, before the check that found the number reassigned"), reason);
        assertTrue(reason.contains("(last check 2026-06-02T00:00:00Z: reassigned)"), reason);
    }

    @Test
    void a_no_data_check_is_not_a_clean_one_but_fresh_consent_evidence_is_enough() {
        Ctx c = Ctx.sms();
        c.lastRndCheck = new RndCheck(Instant.parse("2026-06-09T00:00:00Z"), RndResult.NO_DATA);
        assertTrue(judge(c) instanceof Rule.Never);
        c.consentEvidenceAt = Instant.parse("2026-06-01T00:00:00Z");
        assertEquals(Rule.OK, judge(c));
    }
}
