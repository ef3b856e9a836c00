package com.loandesk.rules;

import static com.loandesk.rules.Ctx.LOS_ANGELES;
import static com.loandesk.rules.Ctx.NEW_YORK;
import static com.loandesk.rules.Ctx.SHANGHAI;
import static com.loandesk.rules.Ctx.assertAllowed;
import static com.loandesk.rules.Ctx.assertDeferred;
import static com.loandesk.rules.Ctx.judge;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalHoursRuleTest {

    private static final Rule EIGHT_TO_NINE = new LocalHoursRule(LocalWindow.parse("08:00", "21:00"), true);

    @Test
    void sms_at_21_05_local_is_deferred_to_08_00_next_day() {
        // 2026-06-10 21:05 EDT
        assertDeferred(judge(EIGHT_TO_NINE, Ctx.sms(), "2026-06-11T01:05:00Z"), "QUIET_HOURS", "2026-06-11T12:00:00Z");
    }

    @ParameterizedTest(name = "{0} at {1} goes at {2}")
    @CsvSource({
            // zone,               now (UTC),              allowed from (UTC)     // local time at now
            "America/New_York,    2026-06-10T16:00:00Z, 2026-06-10T16:00:00Z",  // 12:00 EDT: inside
            "America/New_York,    2026-06-10T11:59:59Z, 2026-06-10T12:00:00Z",  // 07:59:59 EDT
            "America/New_York,    2026-06-11T01:00:00Z, 2026-06-11T12:00:00Z",  // 21:00 EDT: end is exclusive
            "America/New_York,    2026-03-08T06:30:00Z, 2026-03-08T12:00:00Z",  // 01:30 EST, spring-forward day: 08:00 EDT
            "America/New_York,    2026-03-08T02:30:00Z, 2026-03-08T12:00:00Z",  // 21:30 EST the evening before
            "America/New_York,    2026-11-01T05:30:00Z, 2026-11-01T13:00:00Z",  // 01:30 EDT, fall-back day: 08:00 EST
            "America/New_York,    2026-11-01T01:30:00Z, 2026-11-01T13:00:00Z",  // 21:30 EDT the evening before
            "Asia/Kolkata,        2026-06-01T15:35:00Z, 2026-06-02T02:30:00Z",  // 21:05 IST (+05:30)
            "Asia/Kolkata,        2026-06-01T02:29:00Z, 2026-06-01T02:30:00Z",  // 07:59 IST
            "Asia/Kathmandu,      2026-06-01T15:20:00Z, 2026-06-02T02:15:00Z",  // 21:05 NPT (+05:45)
            "Asia/Kathmandu,      2026-06-01T02:14:00Z, 2026-06-01T02:15:00Z",  // 07:59 NPT
            "America/Phoenix,     2026-03-08T14:59:00Z, 2026-03-08T15:00:00Z",  // 07:59 MST, no DST on NY's switch day
            "America/Phoenix,     2026-07-01T14:30:00Z, 2026-07-01T15:00:00Z",  // 07:30 MST in summer: still -07:00
            "Asia/Shanghai,       2026-06-01T13:05:00Z, 2026-06-02T00:00:00Z",  // 21:05 CST
    })
    void a_contact_outside_08_to_21_local_waits_for_the_next_local_08_00(String zone, String now, String allowed) {
        var decision = judge(EIGHT_TO_NINE, Ctx.sms().zones(ZoneId.of(zone)), now);
        if (now.equals(allowed)) {
            assertAllowed(decision);
        } else {
            assertDeferred(decision, "QUIET_HOURS", allowed);
        }
    }

    @Test
    void a_window_opening_inside_the_spring_forward_gap_opens_when_the_clocks_jump() {
        var window = LocalWindow.parse("02:30", "05:00");
        // 2026-03-08 00:00 EST; 02:30 does not exist that night, 03:30 EDT is the first instant after it
        assertEquals(Instant.parse("2026-03-08T07:30:00Z"), window.nextOpening(Instant.parse("2026-03-08T05:00:00Z"), NEW_YORK));
    }

    @Test
    void a_window_inside_the_fall_back_overlap_opens_again_at_its_second_occurrence() {
        var window = LocalWindow.parse("01:00", "01:30");
        // 01:45 EDT: closed; 01:00 comes round again at 01:00 EST = 06:00Z
        Instant at = Instant.parse("2026-11-01T05:45:00Z");
        assertEquals(false, window.contains(at, NEW_YORK));
        assertEquals(Instant.parse("2026-11-01T06:00:00Z"), window.nextOpening(at, NEW_YORK));
    }

    @Test
    void an_ambiguous_borrower_is_contacted_only_when_every_candidate_zone_is_inside_the_window() {
        // 08:30 in New York is 05:30 in Los Angeles: wait for 08:00 PDT
        assertDeferred(judge(EIGHT_TO_NINE, Ctx.sms().zones(NEW_YORK, LOS_ANGELES), "2026-06-10T12:30:00Z"),
                "QUIET_HOURS", "2026-06-10T15:00:00Z");
        // 21:30 in New York, 18:30 in Los Angeles: wait for New York's morning, which is 05:00 in LA, then LA's
        assertDeferred(judge(EIGHT_TO_NINE, Ctx.sms().zones(NEW_YORK, LOS_ANGELES), "2026-06-11T01:30:00Z"),
                "QUIET_HOURS", "2026-06-11T15:00:00Z");
    }

    @Test
    void zones_half_a_day_apart_meet_in_the_hour_both_windows_share() {
        // 10:00 EDT but 22:00 CST: Shanghai opens at 00:00Z, when New York is at 20:00
        assertDeferred(judge(EIGHT_TO_NINE, Ctx.sms().zones(NEW_YORK, SHANGHAI), "2026-06-10T14:00:00Z"),
                "QUIET_HOURS", "2026-06-11T00:00:00Z");
    }

    @Test
    void a_call_back_the_borrower_asked_for_may_go_at_21_30_once() {
        Ctx ctx = Ctx.voice();
        ctx.callbacks.add(new CallbackRequest(Instant.parse("2026-06-11T01:30:00Z"), Instant.parse("2026-06-11T02:00:00Z")));
        assertAllowed(judge(EIGHT_TO_NINE, ctx, "2026-06-11T01:35:00Z"));

        ctx.past("2026-06-11T01:31:00Z", Channel.VOICE, PastContact.Outcome.NO_ANSWER);
        assertDeferred(judge(EIGHT_TO_NINE, ctx, "2026-06-11T01:35:00Z"), "QUIET_HOURS", "2026-06-11T12:00:00Z");
    }

    @Test
    void a_call_deferred_by_quiet_hours_goes_at_the_call_back_if_that_comes_first() {
        Ctx ctx = Ctx.voice();
        ctx.callbacks.add(new CallbackRequest(Instant.parse("2026-06-11T01:30:00Z"), Instant.parse("2026-06-11T02:00:00Z")));
        // 21:05 EDT: the call-back at 21:30 comes before 08:00
        assertDeferred(judge(EIGHT_TO_NINE, ctx, "2026-06-11T01:05:00Z"), "QUIET_HOURS", "2026-06-11T01:30:00Z");
    }

    @Test
    void a_call_back_does_not_open_quiet_hours_for_texts_or_when_not_honoured() {
        Ctx sms = Ctx.sms();
        sms.callbacks.add(new CallbackRequest(Instant.parse("2026-06-11T01:30:00Z"), Instant.parse("2026-06-11T02:00:00Z")));
        assertDeferred(judge(EIGHT_TO_NINE, sms, "2026-06-11T01:35:00Z"), "QUIET_HOURS", "2026-06-11T12:00:00Z");

        Ctx voice = Ctx.voice();
        voice.callbacks.addAll(sms.callbacks);
        var strict = new LocalHoursRule(LocalWindow.parse("08:00", "21:00"), false);
        assertDeferred(judge(strict, voice, "2026-06-11T01:35:00Z"), "QUIET_HOURS", "2026-06-11T12:00:00Z");
    }
}
