package com.loandesk.rules;

import static com.loandesk.rules.Ctx.LOS_ANGELES;
import static com.loandesk.rules.Ctx.NEW_YORK;
import static com.loandesk.rules.Ctx.assertAllowed;
import static com.loandesk.rules.Ctx.assertDeferred;
import static com.loandesk.rules.Ctx.judge;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimeRulesTest {

    private static final Rule TALK = new TalkTimeRule(Duration.ofMinutes(30));
    private static final Rule LOCK = new ConversationLockRule(7);
    private static final Rule INCONVENIENT = new InconvenientTimeRule();

    @Test
    void thirty_minutes_of_calls_on_the_local_day_defer_the_next_call_to_local_midnight() {
        Ctx ctx = Ctx.voice().call("2026-06-10T13:00:00Z", 1200).call("2026-06-10T14:00:00Z", 600);
        assertDeferred(judge(TALK, ctx, "2026-06-10T15:00:00Z"), "TALK_TIME_PER_DAY", "2026-06-11T04:00:00Z");
    }

    @Test
    void a_call_may_start_while_some_talk_time_is_left_and_texts_are_not_limited_by_it() {
        assertAllowed(judge(TALK, Ctx.voice().call("2026-06-10T13:00:00Z", 1799), "2026-06-10T15:00:00Z"));
        assertAllowed(judge(TALK, Ctx.sms().call("2026-06-10T13:00:00Z", 1800), "2026-06-10T15:00:00Z"));
        // yesterday's calls (local) do not count: 03:00Z on the 10th is 23:00 EDT on the 9th
        assertAllowed(judge(TALK, Ctx.voice().call("2026-06-10T03:00:00Z", 1800), "2026-06-10T15:00:00Z"));
    }

    @Test
    void a_conversation_locks_calls_on_that_debt_through_day_7_counting_its_own_date_as_day_1() {
        // conversation on Monday 1 June 10:00 EDT: days 1..7 are 1..7 June; calls again from 8 June 00:00 EDT
        Ctx ctx = Ctx.voice().conversation("2026-06-01T14:00:00Z", Ctx.CASE, false);
        assertDeferred(judge(LOCK, ctx, "2026-06-08T00:00:00Z"), "CONVERSATION_LOCK", "2026-06-08T04:00:00Z");
        assertAllowed(judge(LOCK, ctx, "2026-06-08T04:00:00Z"));
    }

    @Test
    void an_inbound_conversation_locks_too() {
        Ctx ctx = Ctx.voice().conversation("2026-06-01T14:00:00Z", Ctx.CASE, true);
        assertDeferred(judge(LOCK, ctx, "2026-06-02T14:00:00Z"), "CONVERSATION_LOCK", "2026-06-08T04:00:00Z");
    }

    @Test
    void a_conversation_about_several_debts_locks_each_and_no_other() {
        Ctx both = Ctx.voice().conversation("2026-06-01T14:00:00Z", Ctx.OTHER_CASE, false, Ctx.CASE);
        assertDeferred(judge(LOCK, both, "2026-06-02T14:00:00Z"), "CONVERSATION_LOCK", "2026-06-08T04:00:00Z");
        Ctx other = Ctx.voice().conversation("2026-06-01T14:00:00Z", Ctx.OTHER_CASE, false);
        assertAllowed(judge(LOCK, other, "2026-06-02T14:00:00Z"));
    }

    @Test
    void the_conversation_lock_leaves_texts_alone_and_yields_to_direct_prior_consent() {
        Ctx sms = Ctx.sms().conversation("2026-06-01T14:00:00Z", Ctx.CASE, false);
        assertAllowed(judge(LOCK, sms, "2026-06-02T14:00:00Z"));
        Ctx consented = Ctx.voice().conversation("2026-06-01T14:00:00Z", Ctx.CASE, false);
        consented.consents.add(new Consent(Consent.Purpose.DIRECT_CALLS, null, null, Instant.parse("2026-06-01T14:10:00Z"),
                Instant.parse("2026-06-03T14:10:00Z"), "recorded_call"));
        assertAllowed(judge(LOCK, consented, "2026-06-02T14:00:00Z"));
    }

    @Test
    void with_two_zones_the_conversation_lock_ends_at_the_later_local_midnight() {
        Ctx ctx = Ctx.voice().zones(NEW_YORK, LOS_ANGELES).conversation("2026-06-01T14:00:00Z", Ctx.CASE, false);
        assertDeferred(judge(LOCK, ctx, "2026-06-02T14:00:00Z"), "CONVERSATION_LOCK", "2026-06-08T07:00:00Z");
    }

    @Test
    void a_contact_in_a_borrower_named_inconvenient_range_waits_for_its_end() {
        Ctx ctx = Ctx.sms();
        ctx.inconvenient.add(new InconvenientTime(Set.of(), LocalTime.of(12, 0), LocalTime.of(13, 0)));
        assertDeferred(judge(INCONVENIENT, ctx, "2026-06-10T16:15:00Z"), "INCONVENIENT_TIME", "2026-06-10T17:00:00Z");
        assertAllowed(judge(INCONVENIENT, ctx, "2026-06-10T17:00:00Z"));
    }

    @Test
    void an_inconvenient_range_past_midnight_belongs_to_the_day_it_starts_on() {
        Ctx ctx = Ctx.sms();   // "weeknights 20:00 to 09:00"
        ctx.inconvenient.add(new InconvenientTime(Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), LocalTime.of(20, 0), LocalTime.of(9, 0)));
        // Friday 12 June 22:00 EDT -> Saturday 09:00 EDT
        assertDeferred(judge(INCONVENIENT, ctx, "2026-06-13T02:00:00Z"), "INCONVENIENT_TIME", "2026-06-13T13:00:00Z");
        // Saturday 08:00 is still Friday night's range
        assertDeferred(judge(INCONVENIENT, ctx, "2026-06-13T12:00:00Z"), "INCONVENIENT_TIME", "2026-06-13T13:00:00Z");
        // Sunday 08:00: Saturday night is not in the range
        assertAllowed(judge(INCONVENIENT, ctx, "2026-06-14T12:00:00Z"));
    }

    @Test
    void adjacent_inconvenient_ranges_and_quiet_hours_are_searched_to_the_first_moment_all_allow() {
        Ctx ctx = Ctx.sms();
        ctx.inconvenient.add(new InconvenientTime(Set.of(), LocalTime.of(8, 0), LocalTime.of(9, 0)));
        ctx.inconvenient.add(new InconvenientTime(Set.of(), LocalTime.of(9, 0), LocalTime.of(9, 30)));
        var gate = new RuleSetGate("test", java.util.List.of(
                new LocalHoursRule(LocalWindow.parse("08:00", "21:00")), INCONVENIENT));
        // 06:00 EDT: quiet hours until 08:00, then inconvenient until 09:00 and 09:30
        // the binding rule is the one whose moment was taken; the hours refused an earlier one
        assertDeferred(gate.check(ctx.build(), Instant.parse("2026-06-10T10:00:00Z")), "INCONVENIENT_TIME", "2026-06-10T13:30:00Z",
                "QUIET_HOURS");
    }

    @Test
    void an_allowed_contact_carries_the_earliest_close_of_its_windows_in_every_zone() {
        var gate = new RuleSetGate("test", java.util.List.of(new LocalHoursRule(LocalWindow.parse("08:00", "21:00"))));
        // 19:30 in New York, 16:30 in Los Angeles: the New York window closes first, at 21:00 EST
        Ctx both = Ctx.sms().zones(java.time.ZoneId.of("America/New_York"), java.time.ZoneId.of("America/Los_Angeles"));
        var d = org.junit.jupiter.api.Assertions.assertInstanceOf(Decision.Allow.class,
                gate.check(both.build(), Instant.parse("2026-11-24T00:30:00Z")));
        org.junit.jupiter.api.Assertions.assertEquals(Instant.parse("2026-11-24T02:00:00Z"), d.openUntil());
        var none = org.junit.jupiter.api.Assertions.assertInstanceOf(Decision.Allow.class,
                new RuleSetGate("none", java.util.List.of()).check(Ctx.sms().build(), Instant.parse("2026-11-24T00:30:00Z")));
        org.junit.jupiter.api.Assertions.assertNull(none.openUntil());
    }
}
