package com.loandesk.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Phone numbers are read with the country of the borrower's region or jurisdiction as the hint for national numbers. */
class PhonesTest {

    @Test
    void the_hint_is_the_country_of_a_region_or_jurisdiction_in_any_case_and_nothing_for_an_unknown_one() {
        assertEquals("US", Phones.regionOf("US-CA"));
        assertEquals("US", Phones.regionOf("us-ma"));
        assertEquals("GB", Phones.regionOf("GB-ENG"));
        assertEquals("CN", Phones.regionOf("CN"));
        assertNull(Phones.regionOf("ZZ"), "not a region libphonenumber knows");
        assertNull(Phones.regionOf("1A"));
        assertNull(Phones.regionOf("U"));
        assertNull(Phones.regionOf(null));
    }

    @Test
    void a_national_number_is_read_in_the_hinted_country_and_an_international_one_in_its_own() {
        assertEquals("+14155552671", Phones.toE164("(415) 555-2671", "US-CA"));
        assertEquals("+442079460958", Phones.toE164("020 7946 0958", "gb-eng"));
        assertEquals("+442079460958", Phones.toE164("+44 20 7946 0958", "US-CA"));
        assertThrows(IllegalArgumentException.class, () -> Phones.toE164("12345", "US"));
        assertThrows(IllegalArgumentException.class, () -> Phones.toE164("020 7946 0958", "ZZ"), "a national number without a country");
    }
}
