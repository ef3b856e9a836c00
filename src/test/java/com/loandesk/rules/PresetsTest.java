package com.loandesk.rules;

import static com.loandesk.rules.Ctx.SHANGHAI;
import static com.loandesk.rules.Ctx.assertAllowed;
import static com.loandesk.rules.Ctx.assertBlocked;
import static com.loandesk.rules.Ctx.assertDeferred;
import static com.loandesk.rules.PastContact.Outcome.ANSWERED;
import static com.loandesk.rules.PastContact.Outcome.DELIVERED;
import static com.loandesk.rules.PastContact.Outcome.NO_ANSWER;
import static com.loandesk.rules.PastContact.Outcome.VOICEMAIL_LEFT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every shipped preset, loaded from conf/policies and checked against the numbers it claims. */
class PresetsTest {

    private static final PolicyBook BOOK = com.loandesk.policies.PolicyFiles.load(Path.of("conf/policies"));
    /** As production configures it: the lender's practice on top of every jurisdiction's law. */
    private static final PolicyBook WITH_HOUSE = com.loandesk.policies.PolicyFiles.load(Path.of("conf/policies"), "lender-practice");

    private static Decision under(String policy, Ctx ctx, String now) {
        return BOOK.policy(policy).orElseThrow().gate().check(ctx.build(), Instant.parse(now));
    }

    @ParameterizedTest(name = "{0} is judged by {1}")
    @CsvSource(nullValues = "null", value = {
            "US-MA,      us-ma",
            "us-ma,      us-ma",
            "US-WA,      us-wa",
            "US,         us-reg-f",
            "US-TX,      us-reg-f",   // no Texas policy: prefix fallback to US
            "CN,         cn",
            "CN-31,      cn",
            "FR,         strictest-default",
            "null,       strictest-default",
    })
    void the_book_routes_a_jurisdiction_to_its_policy_by_prefix_and_names_it_in_the_decision(String code, String policy) {
        assertEquals(policy, BOOK.gateFor(code).policy());
        Ctx ctx = Ctx.voice().jurisdiction(code);
        assertEquals(policy, BOOK.check(ctx.build(), Instant.parse("2026-06-10T15:00:00Z")).policy());
    }

    @Test
    void lender_practice_allows_08_to_21_two_contacts_a_day_and_30_minutes_of_calls() {
        assertDeferred(under("lender-practice", Ctx.sms(), "2026-06-11T01:05:00Z"), "QUIET_HOURS", "2026-06-11T12:00:00Z");
        Ctx two = Ctx.sms().past("2026-06-10T13:00:00Z", Channel.SMS, DELIVERED).past("2026-06-10T14:00:00Z", Channel.VOICE, NO_ANSWER);
        assertDeferred(under("lender-practice", two, "2026-06-10T15:00:00Z"), "QUIET_HOURS", "2026-06-11T12:00:00Z", "DAILY_CAP");
        Ctx talked = Ctx.voice().call("2026-06-10T13:00:00Z", 1800);
        assertDeferred(under("lender-practice", talked, "2026-06-10T15:00:00Z"), "QUIET_HOURS", "2026-06-11T12:00:00Z", "TALK_TIME_PER_DAY");
        assertBlocked(under("lender-practice", withNotice(Ctx.email(), "1000"), "2026-06-10T15:00:00Z"), "LETTER_MIN_BALANCE");
        assertAllowed(under("lender-practice", withNotice(Ctx.email(), "1000.01"), "2026-06-10T15:00:00Z"));
    }

    @Test
    void lender_practice_allows_two_calls_a_week_in_the_middle_stage() {
        Ctx ctx = Ctx.voice().past("2026-06-05T14:00:00Z", Channel.VOICE, NO_ANSWER).past("2026-06-08T14:00:00Z", Channel.VOICE, NO_ANSWER);
        ctx.stage = "middle";
        assertDeferred(under("lender-practice", ctx, "2026-06-10T15:00:00Z"), "CALLS_PER_WEEK_MIDDLE", "2026-06-12T14:00:00Z");
        ctx.stage = "early";
        assertAllowed(under("lender-practice", ctx, "2026-06-10T15:00:00Z"));
    }

    @Test
    void cn_allows_until_22_00_three_connected_calls_a_day_and_six_unanswered_attempts_per_number() {
        assertAllowed(under("cn", Ctx.sms().zones(SHANGHAI), "2026-06-01T13:30:00Z"));                 // 21:30 CST
        assertDeferred(under("cn", Ctx.sms().zones(SHANGHAI), "2026-06-01T14:05:00Z"), "QUIET_HOURS", "2026-06-02T00:00:00Z");
        Ctx connected = Ctx.voice().zones(SHANGHAI);
        for (int h = 1; h <= 3; h++) {
            connected.past("2026-06-01T0" + h + ":00:00Z", Channel.VOICE, ANSWERED);
        }
        assertDeferred(under("cn", connected, "2026-06-01T04:00:00Z"), "QUIET_HOURS", "2026-06-02T00:00:00Z", "CONNECTED_CALLS_PER_DAY");
        Ctx unanswered = Ctx.voice().zones(SHANGHAI);
        for (int m = 0; m < 6; m++) {
            unanswered.past("2026-06-01T01:" + m + "0:00Z", Channel.VOICE, NO_ANSWER);
        }
        assertDeferred(under("cn", unanswered, "2026-06-01T04:00:00Z"), "QUIET_HOURS", "2026-06-02T00:00:00Z", "UNANSWERED_PER_NUMBER_PER_DAY");
    }

    @Test
    void us_reg_f_allows_7_calls_in_7_days_per_debt_locks_7_days_after_a_conversation_and_needs_tcpa_consent() {
        Ctx seven = Ctx.voice();
        for (int d = 1; d <= 7; d++) {
            seven.past("2026-06-0" + d + "T14:00:00Z", Channel.VOICE, NO_ANSWER);
        }
        assertDeferred(under("us-reg-f", seven, "2026-06-07T18:00:00Z"), "QUIET_HOURS", "2026-06-08T12:00:00Z", "CALLS_7_IN_7");
        Ctx talked = Ctx.voice().conversation("2026-06-01T14:00:00Z", Ctx.CASE, false);
        assertDeferred(under("us-reg-f", talked, "2026-06-03T14:00:00Z"), "QUIET_HOURS", "2026-06-08T12:00:00Z", "CONVERSATION_LOCK");
        Ctx noConsent = Ctx.voice();
        noConsent.voiceConsent = false;
        assertBlocked(under("us-reg-f", noConsent, "2026-06-03T14:00:00Z"), "NO_CONSENT");
        Ctx optedOut = Ctx.voice();
        optedOut.optedOut.add(Channel.VOICE);
        assertBlocked(under("us-reg-f", optedOut, "2026-06-03T14:00:00Z"), "OPTED_OUT");
        assertBlocked(under("us-reg-f", Ctx.sms(), "2026-06-03T14:00:00Z"), "TEXT_SAFE_HARBOR");
    }

    @Test
    void us_ma_allows_2_communications_per_7_days_to_home_or_cell_and_2_per_30_days_to_work_per_debt() {
        Ctx cell = Ctx.voice().past("2026-06-01T14:00:00Z", Channel.VOICE, VOICEMAIL_LEFT)
                .past("2026-06-03T14:00:00Z", Channel.VOICE, NO_ANSWER)
                .past("2026-06-03T15:00:00Z", Channel.VOICE, VOICEMAIL_LEFT);
        assertDeferred(under("us-ma", cell, "2026-06-04T14:00:00Z"), "WEEKLY_CAP_PER_DEBT", "2026-06-08T14:00:00Z");
        Ctx work = Ctx.voice().past("2026-06-01T14:00:00Z", Channel.VOICE, VOICEMAIL_LEFT, Ctx.CASE, Ctx.POINT, "work")
                .past("2026-06-10T14:00:00Z", Channel.VOICE, VOICEMAIL_LEFT, Ctx.CASE, Ctx.POINT, "work");
        work.kind = "work";
        assertDeferred(under("us-ma", work, "2026-06-12T14:00:00Z"), "MONTHLY_CAP_OTHER_NUMBERS_PER_DEBT", "2026-07-01T14:00:00Z");
        // inherited from us-reg-f
        assertDeferred(under("us-ma", Ctx.voice(), "2026-06-11T01:05:00Z"), "QUIET_HOURS", "2026-06-11T12:00:00Z");
    }

    @Test
    void us_wa_allows_3_communications_a_week_with_the_debtor_and_1_at_work() {
        Ctx three = Ctx.voice().past("2026-06-01T14:00:00Z", Channel.VOICE, VOICEMAIL_LEFT)
                .past("2026-06-02T14:00:00Z", Channel.VOICE, ANSWERED, Ctx.OTHER_CASE, Ctx.OTHER_POINT, "home")
                .past("2026-06-03T14:00:00Z", Channel.EMAIL, DELIVERED, Ctx.CASE, 102, "email");
        assertDeferred(under("us-wa", three, "2026-06-04T14:00:00Z"), "WEEKLY_CAP_PER_DEBTOR", "2026-06-08T14:00:00Z");
        Ctx work = Ctx.voice().past("2026-06-01T14:00:00Z", Channel.VOICE, VOICEMAIL_LEFT, Ctx.CASE, Ctx.POINT, "work");
        work.kind = "work";
        assertDeferred(under("us-wa", work, "2026-06-04T14:00:00Z"), "WEEKLY_CAP_AT_WORK", "2026-06-08T14:00:00Z");
    }

    @Test
    void an_unknown_jurisdiction_gets_every_law_at_once() {
        // 21:30 in Paris: cn (08-22) would allow, the others would not
        Ctx ctx = Ctx.voice().jurisdiction("FR").zones(ZoneId.of("Europe/Paris"));
        Decision d = BOOK.check(ctx.build(), Instant.parse("2026-06-10T19:30:00Z"));
        assertDeferred(d, "QUIET_HOURS", "2026-06-11T06:00:00Z");
        assertEquals("strictest-default", d.policy());
        // the lender's own practice is no law: its DAILY_CAP is not in the default, but the house applies on top
        Ctx two = Ctx.voice().jurisdiction("FR").zones(ZoneId.of("Europe/Paris"))
                .past("2026-06-10T08:00:00Z", Channel.VOICE, NO_ANSWER).past("2026-06-10T09:00:00Z", Channel.VOICE, NO_ANSWER);
        assertAllowed(BOOK.check(two.build(), Instant.parse("2026-06-10T10:00:00Z")));
        Decision house = WITH_HOUSE.check(two.build(), Instant.parse("2026-06-10T10:00:00Z"));
        assertDeferred(house, "QUIET_HOURS", "2026-06-11T06:00:00Z", "DAILY_CAP");
    }

    @ParameterizedTest(name = "{0} is judged by {1} with the house policy")
    @CsvSource(value = {
            "US-MA, us-ma + lender-practice",
            "CN-31, cn + lender-practice",
            "FR,    strictest-default + lender-practice",
    })
    void with_a_house_policy_every_jurisdiction_is_judged_by_its_law_and_the_house_together(String code, String judged) {
        assertEquals(judged, WITH_HOUSE.judgeFor(code).policy());
        assertEquals(judged, WITH_HOUSE.check(Ctx.voice().jurisdiction(code).build(), Instant.parse("2026-06-10T15:00:00Z")).policy());
    }

    @Test
    void the_house_defers_what_the_law_allows_and_each_verdict_is_kept() {
        // 21:05 in Shanghai: cn allows until 22:00, the house only until 21:00
        Decision d = WITH_HOUSE.check(Ctx.sms().jurisdiction("CN").zones(SHANGHAI).build(), Instant.parse("2026-06-01T13:05:00Z"));
        assertDeferred(d, "QUIET_HOURS", "2026-06-02T00:00:00Z");
        assertEquals("lender-practice", d.policy());
        List<Decision> verdicts = ((Decision.Defer) d).verdicts();
        assertEquals(2, verdicts.size());
        assertAllowed(verdicts.get(0));
        assertEquals("cn", verdicts.get(0).policy());
        assertDeferred(verdicts.get(1), "QUIET_HOURS", "2026-06-02T00:00:00Z");
        assertEquals("lender-practice", verdicts.get(1).policy());
    }

    @Test
    void the_house_blocks_a_formal_notice_of_1000_or_less_whatever_the_law() {
        for (String code : new String[] {"CN", "US", "US-MA", "FR"}) {
            Decision d = WITH_HOUSE.check(withNotice(Ctx.email().jurisdiction(code), "800").build(), Instant.parse("2026-06-10T15:00:00Z"));
            assertBlocked(d, "LETTER_MIN_BALANCE");
            assertEquals("lender-practice", d.policy(), code);
        }
    }

    @Test
    void a_house_policy_that_serves_a_jurisdiction_or_is_not_loaded_is_refused() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(PolicyException.class,
                () -> com.loandesk.policies.PolicyFiles.load(Path.of("conf/policies"), "cn"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("must serve none"), e.getMessage());
        var missing = org.junit.jupiter.api.Assertions.assertThrows(PolicyException.class,
                () -> com.loandesk.policies.PolicyFiles.load(Path.of("conf/policies"), "acme"));
        org.junit.jupiter.api.Assertions.assertTrue(missing.getMessage().contains("'acme'"), missing.getMessage());
    }

    private static Ctx withNotice(Ctx ctx, String amount) {
        ctx.template = new TemplateFacts("NOTICE_1", true, false, false, true);
        ctx.amountOverdue = new java.math.BigDecimal(amount);
        return ctx;
    }
}
