package com.loandesk.rules;

import static com.loandesk.rules.Ctx.assertAllowed;
import static com.loandesk.rules.Ctx.assertBlocked;
import static com.loandesk.rules.Ctx.judge;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BlockRulesTest {

    private static final String NOW = "2026-06-10T16:00:00Z";

    private static final TemplateFacts LOCATE = new TemplateFacts("LOCATE_1", true, true, false, false);
    private static final TemplateFacts NOTICE = new TemplateFacts("NOTICE_1", true, false, false, true);
    private static final TemplateFacts LAWSUIT = new TemplateFacts("LAWSUIT_1", true, false, true, false);

    static Stream<Arguments> cases() {
        return Stream.of(
                // rule, what the test changes, expected blocking rule (null: allowed)
                row(HoldRule.anyHold(), c -> { }, null),
                row(HoldRule.anyHold(), c -> c.holds = Set.of("dispute"), "HOLD"),
                row(HoldRule.anyHold(), c -> c.holds = Set.of("repayment_plan"), "HOLD"),
                row(new HoldRule(Set.of("fraud")), c -> c.holds = Set.of("complaint"), null),
                row(CaseClosedRule.withDefaults(), c -> c.status = "overdue", null),
                row(CaseClosedRule.withDefaults(), c -> c.status = "warning", null),
                row(CaseClosedRule.withDefaults(), c -> c.status = "paid", "CASE_CLOSED"),
                row(CaseClosedRule.withDefaults(), c -> c.status = "withdrawn", "CASE_CLOSED"),
                row(CaseClosedRule.withDefaults(), c -> c.status = "current", "CASE_CLOSED"),
                row(new OptedOutRule(), c -> c.optedOut = EnumSet.of(Channel.VOICE), null),
                row(new OptedOutRule(), c -> c.optedOut = EnumSet.of(Channel.SMS), "OPTED_OUT"),
                row(new InvalidAddressRule(), c -> c.invalidFor = EnumSet.of(Channel.EMAIL), null),
                row(new InvalidAddressRule(), c -> c.invalidFor = EnumSet.of(Channel.SMS), "INVALID_ADDRESS"),
                row(NoConsentRule.tcpa(), c -> { }, null),
                row(NoConsentRule.tcpa(), c -> c.smsConsent = false, "NO_CONSENT"),
                row(NoConsentRule.tcpa(), c -> { c.smsConsent = false; c.kind = "home"; }, null),
                row(NoConsentRule.tcpa(), c -> { c.smsConsent = false; c.channel = Channel.EMAIL; }, null),
                row(NoConsentRule.tcpa(), c -> { c.smsConsent = false; c.consents.add(consent(Consent.Purpose.AUTOMATED_CONTACT,
                        "2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z")); }, null),
                row(NoConsentRule.tcpa(), c -> { c.smsConsent = false; c.consents.add(consent(Consent.Purpose.AUTOMATED_CONTACT,
                        "2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z")); }, "NO_CONSENT"),
                row(NoConsentRule.tcpa(), c -> { c.voiceConsent = false; c.channel = Channel.VOICE; c.consents.add(
                        new Consent(Consent.Purpose.AUTOMATED_CONTACT, Channel.SMS, null, Instant.parse("2026-06-01T00:00:00Z"),
                                null, "form")); }, "NO_CONSENT"),
                row(new ThirdPartyRule(true), c -> { }, null),
                row(new ThirdPartyRule(true), c -> c.role = "third_party", "THIRD_PARTY"),
                row(new ThirdPartyRule(true), c -> { c.role = "third_party"; c.template = LOCATE; }, "THIRD_PARTY"),
                row(new ThirdPartyRule(true), c -> { c.role = "third_party"; c.template = LOCATE; c.thirdPartyConsent = true; }, null),
                row(new ThirdPartyRule(true), c -> { c.kind = "emergency"; c.template = LOCATE; c.consents.add(
                        consent(Consent.Purpose.THIRD_PARTY, "2026-06-01T00:00:00Z", null)); }, null),
                row(new ThirdPartyRule(false), c -> { c.kind = "emergency"; c.template = LOCATE; }, null),
                row(new ThirdPartyRule(true), c -> { c.role = "third_party"; c.thirdPartyConsent = true; c.template = NOTICE; }, "THIRD_PARTY"),
                row(new LetterMinBalanceRule(new BigDecimal("1000")), c -> c.amountOverdue = new BigDecimal("1000.00"), null),
                row(new LetterMinBalanceRule(new BigDecimal("1000")), c -> { c.template = NOTICE; c.amountOverdue = new BigDecimal("1000.00"); }, "LETTER_MIN_BALANCE"),
                row(new LetterMinBalanceRule(new BigDecimal("1000")), c -> { c.template = NOTICE; c.amountOverdue = new BigDecimal("1000.01"); }, null),
                row(new LetterMinBalanceRule(new BigDecimal("1000")), c -> { c.template = NOTICE; c.status = "paid"; }, "LETTER_MIN_BALANCE"),
                row(new TimeBarredRule(), c -> c.template = LAWSUIT, null),
                row(new TimeBarredRule(), c -> { c.template = LAWSUIT; c.solExpired = true; }, "TIME_BARRED"),
                row(new TimeBarredRule(), c -> c.solExpired = true, null),
                row(new UnapprovedTemplateRule(), c -> { }, null),
                row(new UnapprovedTemplateRule(), c -> c.template = TemplateFacts.unknown("REMIND_1"), "UNAPPROVED_TEMPLATE"),
                row(safeHarbor(), c -> { }, "TEXT_SAFE_HARBOR"),
                row(safeHarbor(), c -> c.lastInboundTextAt = Instant.parse("2026-04-12T16:00:01Z"), null),
                row(safeHarbor(), c -> c.lastInboundTextAt = Instant.parse("2026-04-11T16:00:00Z"), "TEXT_SAFE_HARBOR"),
                row(safeHarbor(), c -> c.rndClearAt = Instant.parse("2026-06-01T00:00:00Z"), null),
                row(safeHarbor(), c -> c.channel = Channel.VOICE, null),
                // consent evidence counts for as long as an inbound text does; nothing at or before a reassigned check counts
                row(safeHarbor(), c -> c.consentEvidenceAt = Instant.parse("2026-04-12T16:00:01Z"), null),
                row(safeHarbor(), c -> c.consentEvidenceAt = Instant.parse("2026-04-11T16:00:00Z"), "TEXT_SAFE_HARBOR"),
                row(safeHarbor(), c -> c.consentEvidenceAt = Instant.parse("2026-06-11T00:00:00Z"), "TEXT_SAFE_HARBOR"),
                row(safeHarbor(), c -> c.lastRndCheck = new RndCheck(Instant.parse("2026-06-01T00:00:00Z"), RndResult.NO_DATA), "TEXT_SAFE_HARBOR"),
                row(safeHarbor(), c -> c.lastRndCheck = new RndCheck(Instant.parse("2026-05-01T00:00:00Z"), RndResult.NOT_REASSIGNED), "TEXT_SAFE_HARBOR"),
                // consent given after the reassigned check, and fresh: the number is the borrower's again
                row(safeHarbor(), c -> { c.consentEvidenceAt = Instant.parse("2026-06-03T00:00:00Z");
                        c.lastRndCheck = new RndCheck(Instant.parse("2026-06-02T00:00:00Z"), RndResult.REASSIGNED); }, null),
                // a text from the number after it was found reassigned may be the new owner's: still blocked
                row(safeHarbor(), c -> { c.lastInboundTextAt = Instant.parse("2026-06-03T00:00:00Z");
                        c.lastRndCheck = new RndCheck(Instant.parse("2026-06-02T00:00:00Z"), RndResult.REASSIGNED); }, "REASSIGNED_NUMBER"),
                // a number found reassigned: no call and no text, in every gate, until consent evidence dated after the check
                row(new UnapprovedTemplateRule(), c -> c.lastRndCheck = new RndCheck(Instant.parse("2026-06-02T00:00:00Z"),
                        RndResult.REASSIGNED), "REASSIGNED_NUMBER"),
                row(new UnapprovedTemplateRule(), c -> { c.channel = Channel.VOICE; c.lastRndCheck = new RndCheck(
                        Instant.parse("2026-06-02T00:00:00Z"), RndResult.REASSIGNED); }, "REASSIGNED_NUMBER"),
                row(new UnapprovedTemplateRule(), c -> { c.consentEvidenceAt = Instant.parse("2026-06-02T00:00:00Z");
                        c.lastRndCheck = new RndCheck(Instant.parse("2026-06-02T00:00:00Z"), RndResult.REASSIGNED); }, "REASSIGNED_NUMBER"),
                row(new UnapprovedTemplateRule(), c -> { c.consentEvidenceAt = Instant.parse("2026-06-03T00:00:00Z");
                        c.lastRndCheck = new RndCheck(Instant.parse("2026-06-02T00:00:00Z"), RndResult.REASSIGNED); }, null),
                row(new UnapprovedTemplateRule(), c -> { c.number = "a@example.com"; c.channel = Channel.EMAIL;
                        c.lastRndCheck = new RndCheck(Instant.parse("2026-06-02T00:00:00Z"), RndResult.REASSIGNED); }, null),
                // every gate checks the stored number's form before any policy rule, whatever rule it holds
                row(new UnapprovedTemplateRule(), c -> c.number = "2125550100", "INVALID_NUMBER"),
                row(new UnapprovedTemplateRule(), c -> c.number = "+1 212 555 0100", "INVALID_NUMBER"),
                row(new UnapprovedTemplateRule(), c -> c.number = "+0212555010", "INVALID_NUMBER"),
                row(new UnapprovedTemplateRule(), c -> c.number = "+1212555010012345", "INVALID_NUMBER"),
                row(new UnapprovedTemplateRule(), c -> { c.number = "2125550100"; c.channel = Channel.VOICE; }, "INVALID_NUMBER"),
                row(new UnapprovedTemplateRule(), c -> c.number = "+8613800138000", null),
                row(new UnapprovedTemplateRule(), c -> { c.number = "borrower@example.com"; c.channel = Channel.EMAIL; }, null));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {2}")
    @MethodSource("cases")
    void each_blocking_rule_blocks_by_its_id_exactly_when_its_facts_say_so(String name, Consumer<Ctx> change,
            String blockedBy, Rule rule) {
        Ctx ctx = Ctx.sms();
        change.accept(ctx);
        var decision = judge(rule, ctx, NOW);
        if (blockedBy == null) {
            assertAllowed(decision);
        } else {
            assertBlocked(decision, blockedBy);
        }
    }

    private static Arguments row(Rule rule, Consumer<Ctx> change, String blockedBy) {
        return Arguments.of(rule.id(), change, blockedBy, rule);
    }

    private static Consent consent(Consent.Purpose purpose, String from, String until) {
        return new Consent(purpose, null, null, Instant.parse(from), until == null ? null : Instant.parse(until), "form");
    }

    private static TextSafeHarborRule safeHarbor() {
        return new TextSafeHarborRule(Duration.ofDays(60), Duration.ofDays(30));
    }
}
