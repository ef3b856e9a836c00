package com.loandesk.rules;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where the borrower may be, in time: every candidate zone, what located them and on what value (the area code,
 * the postal code, the region). Several zones mean the location is ambiguous: a contact must be inside the
 * allowed hours in every one.
 *
 * @param basis the value that located them ("850", "32501", "US-FL"), or null
 */
public record Whereabouts(List<ZoneId> zones, ZoneSource source, String basis) {

    public Whereabouts {
        Objects.requireNonNull(source, "source");
        zones = List.copyOf(zones);
    }

    public static Whereabouts of(List<ZoneId> zones, ZoneSource source, String basis) {
        return new Whereabouts(zones, source, basis);
    }

    /** Zones of unknown origin (a context built by hand). */
    public static Whereabouts unexplained(List<ZoneId> zones) {
        return new Whereabouts(zones, ZoneSource.FALLBACK, null);
    }

    public boolean ambiguous() {
        return zones.size() > 1;
    }

    /**
     * In a collector's words: "area code 850 spans America/New_York and America/Chicago", "postal code 32501 is in
     * America/Chicago", "the zone on file is Asia/Shanghai".
     */
    public String words() {
        String what = basis == null ? source.words() : source.words() + " " + basis;
        if (zones.size() == 1) {
            return what + (source == ZoneSource.EXPLICIT ? " is " : " is in ") + zones.get(0).getId();
        }
        String all = zones.stream().map(ZoneId::getId).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return what + " spans " + all.substring(0, last) + " and " + all.substring(last + 2);
    }
}
