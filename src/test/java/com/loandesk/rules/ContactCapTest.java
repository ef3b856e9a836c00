package com.loandesk.rules;

import static com.loandesk.rules.Ctx.NEW_YORK;
import static com.loandesk.rules.Ctx.LOS_ANGELES;
import static com.loandesk.rules.Ctx.SHANGHAI;
import static com.loandesk.rules.Ctx.assertAllowed;
import static com.loandesk.rules.Ctx.assertBlocked;
import static com.loandesk.rules.Ctx.assertDeferred;
import static com.loandesk.rules.Ctx.judge;
import static com.loandesk.rules.PastContact.Outcome.ANSWERED;
import static com.loandesk.rules.PastContact.Outcome.DELIVERED;
import static com.loandesk.rules.PastContact.Outcome.MACHINE_NO_MESSAGE;
import static com.loandesk.rules.PastContact.Outcome.NOT_CONNECTED;
import static com.loandesk.rules.PastContact.Outcome.NO_ANSWER;
import static com.loandesk.rules.PastContact.Outcome.PENDING;
import static com.loandesk.rules.PastContact.Outcome.VOICEMAIL_LEFT;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContactCapTest {

    @Test
    void a_third_contact_on_the_local_day_waits_for_local_midnight() {
        Ctx ctx = Ctx.sms().past("2026-06-10T13:00:00Z", Channel.SMS, DELIVERED)
                .past("2026-06-10T14:00:00Z", Channel.VOICE, NO_ANSWER);
        assertDeferred(judge(Caps.dailyCap(2), ctx, "2026-06-10T15:00:00Z"), "DAILY_CAP", "2026-06-11T04:00:00Z");
        assertAllowed(judge(Caps.dailyCap(3), ctx, "2026-06-10T15:00:00Z"));
    }

    @Test
    void a_daily_cap_reached_on_fall_back_day_waits_for_midnight_est_25_hours_after_the_day_began() {
        Ctx ctx = Ctx.sms().past("2026-11-01T14:00:00Z", Channel.SMS, DELIVERED)
                .past("2026-11-01T15:00:00Z", Channel.SMS, DELIVERED);
        assertDeferred(judge(Caps.dailyCap(2), ctx, "2026-11-01T16:00:00Z"), "DAILY_CAP", "2026-11-02T05:00:00Z");
    }

    @Test
    void a_daily_cap_reached_on_spring_forward_day_waits_for_midnight_edt() {
        Ctx ctx = Ctx.sms().past("2026-03-08T14:00:00Z", Channel.SMS, DELIVERED);
        assertDeferred(judge(Caps.dailyCap(1), ctx, "2026-03-08T16:00:00Z"), "DAILY_CAP", "2026-03-09T04:00:00Z");
    }

    @Test
    void with_two_candidate_zones_the_daily_cap_waits_for_the_later_midnight() {
        // 23:30 EDT on the 10th is 20:30 PDT: the contact at 15:00Z was "today" in both zones
        Ctx ctx = Ctx.sms().zones(NEW_YORK, LOS_ANGELES).past("2026-06-10T15:00:00Z", Channel.SMS, DELIVERED);
        assertDeferred(judge(Caps.dailyCap(1), ctx, "2026-06-11T03:30:00Z"), "DAILY_CAP", "2026-06-11T07:00:00Z");
    }

    @Test
    void a_cap_of_zero_blocks() {
        assertBlocked(judge(Caps.dailyCap(0), Ctx.sms(), "2026-06-10T15:00:00Z"), "DAILY_CAP");
    }

    @Test
    void weekly_cap_per_debt_frees_a_slot_when_the_oldest_contact_on_that_debt_is_7_days_old() {
        Ctx ctx = Ctx.sms().past("2026-06-01T13:00:00Z", Channel.SMS, DELIVERED)
                .past("2026-06-03T13:00:00Z", Channel.VOICE, ANSWERED)
                .past("2026-06-04T13:00:00Z", Channel.SMS, DELIVERED, Ctx.OTHER_CASE, Ctx.POINT, "mobile");
        assertDeferred(judge(Caps.weeklyPerDebt(2), ctx, "2026-06-05T13:00:00Z"), "WEEKLY_CAP_PER_DEBT",
                "2026-06-08T13:00:00Z");
        assertAllowed(judge(Caps.weeklyPerDebt(2), ctx, "2026-06-08T13:00:00Z"));
    }

    @Test
    void an_eighth_call_in_7_local_days_waits_until_the_first_day_leaves_the_7_days() {
        Ctx ctx = sevenCallsOnJuneFirstToSeventh();
        assertDeferred(judge(Caps.callsSevenInSeven(), ctx, "2026-06-07T18:00:00Z"), "CALLS_7_IN_7", "2026-06-08T04:00:00Z");
    }

    @Test
    void calls_that_never_connected_are_not_counted_toward_7_in_7() {
        Ctx ctx = sevenCallsOnJuneFirstToSeventh();
        ctx.history.set(3, withOutcome(ctx.history.get(3), NOT_CONNECTED));
        assertAllowed(judge(Caps.callsSevenInSeven(), ctx, "2026-06-07T18:00:00Z"));
    }

    @Test
    void calls_under_direct_prior_consent_are_not_counted_and_a_call_while_it_holds_is_not_capped() {
        Ctx ctx = sevenCallsOnJuneFirstToSeventh();
        ctx.consents.add(new Consent(Consent.Purpose.DIRECT_CALLS, null, null, Instant.parse("2026-06-07T12:00:00Z"),
                Instant.parse("2026-06-07T16:00:00Z"), "recorded_call"));
        // the call at 14:00Z on the 7th was under consent: 6 counted
        assertAllowed(judge(Caps.callsSevenInSeven(), ctx, "2026-06-07T18:00:00Z"));

        Ctx now = sevenCallsOnJuneFirstToSeventh();
        now.consents.add(new Consent(Consent.Purpose.DIRECT_CALLS, Channel.VOICE, null, Instant.parse("2026-06-07T17:00:00Z"),
                Instant.parse("2026-06-08T17:00:00Z"), "recorded_call"));
        assertAllowed(judge(Caps.callsSevenInSeven(), now, "2026-06-07T18:00:00Z"));
    }

    @Test
    void calls_7_in_7_counts_per_debt_and_ignores_texts() {
        Ctx ctx = sevenCallsOnJuneFirstToSeventh();
        ctx.caseId = Ctx.OTHER_CASE;
        assertAllowed(judge(Caps.callsSevenInSeven(), ctx, "2026-06-07T18:00:00Z"));
        Ctx sms = sevenCallsOnJuneFirstToSeventh();
        sms.channel = Channel.SMS;
        assertAllowed(judge(Caps.callsSevenInSeven(), sms, "2026-06-07T18:00:00Z"));
    }

    @Test
    void inbound_calls_do_not_count_toward_caps() {
        Ctx ctx = Ctx.voice();
        ctx.history.add(new PastContact(Instant.parse("2026-06-10T13:00:00Z"), Channel.VOICE, Ctx.CASE, Ctx.POINT, "mobile",
                ANSWERED, false, 60, true, Set.of()));
        assertAllowed(judge(Caps.dailyCap(1), ctx, "2026-06-10T15:00:00Z"));
    }

    @ParameterizedTest(name = "{0}, {1}, {2} connected calls today: {3}")
    @CsvSource({
            "ANSWERED, ANSWERED, ANSWERED,  defer",
            "ANSWERED, ANSWERED, NO_ANSWER, allow",
            "ANSWERED, ANSWERED, PENDING,   defer",   // not reported yet: assumed connected
            "ANSWERED, ANSWERED, VOICEMAIL_LEFT, allow",
    })
    void china_allows_3_connected_calls_per_debtor_per_local_day(PastContact.Outcome a, PastContact.Outcome b,
            PastContact.Outcome c, String expected) {
        Ctx ctx = Ctx.voice().zones(SHANGHAI)
                .past("2026-06-01T01:00:00Z", Channel.VOICE, a)
                .past("2026-06-01T02:00:00Z", Channel.VOICE, b, Ctx.OTHER_CASE, Ctx.OTHER_POINT, "home")
                .past("2026-06-01T03:00:00Z", Channel.VOICE, c);
        var decision = judge(Caps.connectedCallsPerDay(3), ctx, "2026-06-01T08:00:00Z");
        if (expected.equals("defer")) {
            assertDeferred(decision, "CONNECTED_CALLS_PER_DAY", "2026-06-01T16:00:00Z"); // 00:00 CST on the 2nd
        } else {
            assertAllowed(decision);
        }
    }

    @Test
    void china_allows_6_unanswered_attempts_per_number_per_local_day() {
        Ctx ctx = Ctx.voice().zones(SHANGHAI);
        for (int h = 1; h <= 6; h++) {
            ctx.past("2026-06-01T0" + h + ":00:00Z", Channel.VOICE, h % 2 == 0 ? NO_ANSWER : VOICEMAIL_LEFT);
        }
        assertDeferred(judge(Caps.unansweredPerNumberPerDay(6), ctx, "2026-06-01T08:00:00Z"),
                "UNANSWERED_PER_NUMBER_PER_DAY", "2026-06-01T16:00:00Z");
        ctx.pointId = Ctx.OTHER_POINT;
        assertAllowed(judge(Caps.unansweredPerNumberPerDay(6), ctx, "2026-06-01T08:00:00Z"));
    }

    @Test
    void messages_per_day_caps_one_channel_and_leaves_the_others() {
        Ctx ctx = Ctx.sms().past("2026-06-10T13:00:00Z", Channel.SMS, DELIVERED)
                .past("2026-06-10T13:10:00Z", Channel.SMS, NOT_CONNECTED)
                .past("2026-06-10T13:20:00Z", Channel.EMAIL, DELIVERED);
        assertDeferred(judge(Caps.messagesPerDay(Channel.SMS, 2), ctx, "2026-06-10T15:00:00Z"), "MESSAGES_PER_DAY",
                "2026-06-11T04:00:00Z");
        assertAllowed(judge(Caps.messagesPerDay(Channel.EMAIL, 2), Ctx.email().past("2026-06-10T13:20:00Z",
                Channel.EMAIL, DELIVERED), "2026-06-10T15:00:00Z"));
        ctx.channel = Channel.VOICE;
        assertAllowed(judge(Caps.messagesPerDay(Channel.SMS, 2), ctx, "2026-06-10T15:00:00Z"));
    }

    private static final ContactCap MA_HOME_CELL = new ContactCap("WEEKLY_CAP_PER_DEBT", 2,
            new CountWindow.Rolling(Duration.ofDays(7)), CountScope.DEBT, Counting.COMMUNICATIONS,
            Set.of(Channel.VOICE, Channel.SMS), Set.of("mobile", "home"), false);

    @ParameterizedTest(name = "{0} and {1} before: {2}")
    @CsvSource({
            "VOICEMAIL_LEFT,     MACHINE_NO_MESSAGE, defer",  // both communications
            "VOICEMAIL_LEFT,     NO_ANSWER,          allow",  // no message could be left: not one
            "NOT_CONNECTED,      NO_ANSWER,          allow",
            "DELIVERED,          ANSWERED,           defer",  // a text counts
            "PENDING,            VOICEMAIL_LEFT,     defer",
    })
    void massachusetts_counts_communications_not_dial_attempts(PastContact.Outcome first, PastContact.Outcome second,
            String expected) {
        Ctx ctx = Ctx.voice().past("2026-06-01T14:00:00Z", first == DELIVERED ? Channel.SMS : Channel.VOICE, first)
                .past("2026-06-03T14:00:00Z", Channel.VOICE, second);
        var decision = judge(MA_HOME_CELL, ctx, "2026-06-04T14:00:00Z");
        if (expected.equals("defer")) {
            assertDeferred(decision, "WEEKLY_CAP_PER_DEBT", "2026-06-08T14:00:00Z");
        } else {
            assertAllowed(decision);
        }
    }

    @Test
    void massachusetts_home_and_cell_cap_does_not_apply_to_a_work_number_nor_count_work_calls() {
        Ctx ctx = Ctx.voice().past("2026-06-01T14:00:00Z", Channel.VOICE, VOICEMAIL_LEFT)
                .past("2026-06-03T14:00:00Z", Channel.VOICE, VOICEMAIL_LEFT);
        ctx.kind = "work";
        assertAllowed(judge(MA_HOME_CELL, ctx, "2026-06-04T14:00:00Z"));
        Ctx work = Ctx.voice().past("2026-06-01T14:00:00Z", Channel.VOICE, VOICEMAIL_LEFT, Ctx.CASE, Ctx.OTHER_POINT, "work")
                .past("2026-06-03T14:00:00Z", Channel.VOICE, VOICEMAIL_LEFT);
        assertAllowed(judge(MA_HOME_CELL, work, "2026-06-04T14:00:00Z"));
    }

    @Test
    void a_past_contact_of_unknown_point_kind_counts_in_every_kind_restricted_cap() {
        Ctx ctx = Ctx.voice();
        ctx.history.add(new PastContact(Instant.parse("2026-06-01T14:00:00Z"), Channel.VOICE, Ctx.CASE, Ctx.POINT, true,
                false, 30));   // the V1 shape: kind unknown, connected -> answered
        ctx.past("2026-06-03T14:00:00Z", Channel.VOICE, VOICEMAIL_LEFT);
        assertDeferred(judge(MA_HOME_CELL, ctx, "2026-06-04T14:00:00Z"), "WEEKLY_CAP_PER_DEBT", "2026-06-08T14:00:00Z");
    }

    private static Ctx sevenCallsOnJuneFirstToSeventh() {
        Ctx ctx = Ctx.voice();
        for (int d = 1; d <= 7; d++) {
            ctx.past("2026-06-0" + d + "T14:00:00Z", Channel.VOICE, d % 2 == 0 ? NO_ANSWER : MACHINE_NO_MESSAGE);
        }
        return ctx;
    }

    private static PastContact withOutcome(PastContact c, PastContact.Outcome outcome) {
        return new PastContact(c.at(), c.channel(), c.caseId(), c.contactPointId(), c.pointKind(), outcome,
                c.conversation(), c.durationSeconds(), c.inbound(), c.alsoAboutCases());
    }

}
