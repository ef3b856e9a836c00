package com.loandesk.demo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Phone numbers for the demo's made-up borrowers, only from ranges reserved for drama and fiction, so a
 * mistake can never reach a person:
 * <ul>
 *   <li>US: 555-0100 to 555-0199 in any area code (NANPA reserves them for fiction), the state's own area code;</li>
 *   <li>UK: Ofcom's drama range for mobiles, 07700 900000 to 900999;</li>
 *   <li>Australia: ACMA's mobile numbers for film and television (0491 570 006 and its siblings);</li>
 *   <li>China, India and Nepal reserve no such range: their borrowers get numbers from the UK drama range (their
 *       local time comes from their address region, which the zone resolver reads before the phone).</li>
 * </ul>
 * Each region's numbers are handed out once; {@link #next} answers empty when a region has none left.
 */
final class FictionalNumbers {

    private static final Map<String, String> US_AREA_CODES = Map.of("US-CA", "415", "US-NY", "212", "US-TX", "512",
            "US-MA", "617", "US-WA", "206", "US-AZ", "602", "US-HI", "808");
    /** Where each non-US region's share of the UK drama range starts, and how many it has. */
    private static final Map<String, int[]> UK_DRAMA_SHARES = Map.of("GB", new int[] {0, 400}, "CN", new int[] {400, 200},
            "IN", new int[] {600, 200}, "NP", new int[] {800, 200});
    private static final List<String> AU_FICTION = List.of("+61491570006", "+61491570156", "+61491570157", "+61491570158",
            "+61491570159", "+61491570110", "+61491570313", "+61491570737", "+61491571266", "+61491571491", "+61491572549",
            "+61491572665", "+61491572983", "+61491573770", "+61491573087", "+61491574118", "+61491574632", "+61491575254",
            "+61491575789", "+61491576398", "+61491576801", "+61491577426", "+61491577644", "+61491578957", "+61491578148",
            "+61491578888", "+61491579212", "+61491579760", "+61491579455");
    private static final Pattern US_FICTION = Pattern.compile("\\+1[2-9]\\d\\d55501\\d\\d");
    private static final Pattern UK_DRAMA = Pattern.compile("\\+447700900\\d{3}");

    private final Map<String, Integer> handedOut = new HashMap<>();

    /** The next unused fictional number for {@code region} (an address region such as US-CA, GB, AU-SA), if any. */
    Optional<String> next(String region) {
        int n = handedOut.getOrDefault(region, 0);
        Optional<String> number = nth(region, n);
        number.ifPresent(x -> handedOut.put(region, n + 1));
        return number;
    }

    private static Optional<String> nth(String region, int n) {
        String area = US_AREA_CODES.get(region);
        if (area != null) {
            return n < 100 ? Optional.of("+1" + area + "55501" + String.format("%02d", n)) : Optional.empty();
        }
        if (region.startsWith("AU")) {
            return n < AU_FICTION.size() ? Optional.of(AU_FICTION.get(n)) : Optional.empty();
        }
        int[] share = UK_DRAMA_SHARES.get(region);
        if (share != null && n < share[1]) {
            return Optional.of("+447700900" + String.format("%03d", share[0] + n));
        }
        return Optional.empty();
    }

    /** True for a number in one of the ranges above. */
    static boolean isFictional(String e164) {
        return US_FICTION.matcher(e164).matches() || UK_DRAMA.matcher(e164).matches() || AU_FICTION.contains(e164);
    }
}
