package com.loandesk.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A +1 number whose area code spans zones is located in every one of them, not libphonenumber's one. */
class SplitAreaCodesTest {

    private static final ZoneResolver ZONES = ZoneResolver.withDefaults(List.of(ZoneId.of("America/New_York")));

    @ParameterizedTest(name = "+1 {0} spans {1}")
    @CsvSource(delimiter = ';', value = {
            "850; America/New_York America/Chicago",        // Florida panhandle
            "270; America/Chicago America/New_York",        // Kentucky
            "423; America/New_York America/Chicago",        // East Tennessee
            "812; America/Indiana/Indianapolis America/Chicago",
            "906; America/Detroit America/Menominee",        // Upper Peninsula
            "605; America/Chicago America/Denver",           // South Dakota
            "208; America/Boise America/Los_Angeles",        // Idaho
            "541; America/Los_Angeles America/Boise",        // Oregon, Malheur County
            "928; America/Phoenix America/Denver",           // Navajo Nation
            "807; America/Winnipeg America/Toronto",         // northwestern Ontario
    })
    void a_split_area_code_gives_every_zone_it_spans(String npa, String zones) {
        List<ZoneId> expected = java.util.Arrays.stream(zones.split(" ")).map(ZoneId::of).toList();
        assertEquals(expected, ZONES.resolve(null, null, "+1" + npa + "5550123"));
    }

    @ParameterizedTest(name = "+1 {0} is one zone")
    @CsvSource({"212, America/New_York", "415, America/Los_Angeles"})
    void an_area_code_in_one_zone_stays_one_zone(String npa, String zone) {
        assertEquals(List.of(ZoneId.of(zone)), ZONES.resolve(null, null, "+1" + npa + "5550123"));
    }

    @ParameterizedTest(name = "explicit {0} wins over +1 850")
    @CsvSource({"America/Chicago"})
    void an_explicit_zone_or_a_one_zone_address_wins_over_the_area_code(String zone) {
        assertEquals(List.of(ZoneId.of(zone)), ZONES.resolve(zone, null, "+18505550123"));
        assertEquals(List.of(ZoneId.of("America/Los_Angeles")), ZONES.resolve(null, "US-CA", "+18505550123"));
        assertTrue(ZONES.resolve(null, "US-FL", "+18505550123").contains(ZoneId.of("America/Chicago")));
    }
}
