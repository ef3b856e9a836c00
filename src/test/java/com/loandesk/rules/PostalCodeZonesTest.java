package com.loandesk.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An address is located by its postal code where the code is finer than its region, and says so. */
class PostalCodeZonesTest {

    private static final ZoneResolver ZONES = ZoneResolver.withDefaults(List.of(ZoneId.of("America/New_York")));

    @ParameterizedTest(name = "{0} {1} is in {2}")
    @CsvSource(delimiter = ';', value = {
            "US-FL; 32501; America/Chicago",                          // Pensacola
            "US-FL; 32301; America/New_York",                         // Tallahassee
            "US-FL; 32456; America/Chicago America/New_York",         // Panama City's center reaches Gulf County
            "US-TX; 79901; America/Denver",                           // El Paso
            "CA-ON; M5V 3L9; America/Toronto",                        // Toronto
            "CA-ON; P7B 1A1; America/Toronto America/Winnipeg",       // northern Ontario straddles the line
            "CA-QC; G4T 1A1; America/Halifax",                        // Magdalen Islands
            "AU-NSW; 2000; Australia/Sydney",
            "AU-NSW; 2880; Australia/Broken_Hill",                    // Broken Hill keeps South Australian time
    })
    void a_postal_code_narrows_its_region(String region, String postal, String zones) {
        Whereabouts where = ZONES.locate(null, region, postal, null);
        assertEquals(Arrays.stream(zones.split(" ")).map(ZoneId::of).toList(), where.zones());
        assertEquals(ZoneSource.POSTAL_CODE, where.source());
    }

    @Test
    void an_address_that_contradicts_itself_gives_every_zone_of_both() {
        Whereabouts where = ZONES.locate(null, "US-CA", "32501", "+14155550123");
        assertEquals(List.of(ZoneId.of("America/Los_Angeles"), ZoneId.of("America/Chicago")), where.zones());
        assertEquals("address region US-CA with postal code 32501 spans America/Los_Angeles and America/Chicago", where.words());
    }

    @Test
    void a_postal_code_not_in_the_table_leaves_the_region() {
        Whereabouts where = ZONES.locate(null, "US-KY", "40202", null);
        assertEquals(ZoneSource.REGION, where.source());
        assertEquals(List.of(ZoneId.of("America/New_York"), ZoneId.of("America/Chicago")), where.zones());
    }

    @Test
    void an_explicit_zone_wins_and_each_source_is_named_in_a_collectors_words() {
        assertEquals("the zone on file is Asia/Shanghai", ZONES.locate("Asia/Shanghai", "US-FL", "32501", "+18505550123").words());
        assertEquals("area code 850 spans America/New_York and America/Chicago", ZONES.locate(null, null, null, "+18505550123").words());
        assertEquals("postal code 32501 is in America/Chicago", ZONES.locate(null, "US-FL", "32501", null).words());
        assertEquals(ZoneSource.PHONE, ZONES.locate(null, null, null, "+14155550123").source());
        assertEquals(ZoneSource.FALLBACK, ZONES.locate(null, null, null, null).source());
    }
}
