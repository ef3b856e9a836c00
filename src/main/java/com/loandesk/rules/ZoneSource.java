package com.loandesk.rules;

/** What told the gate where the borrower is in time, from the most to the least trusted. */
public enum ZoneSource {
    /** A zone the borrower gave or the lender verified. */
    EXPLICIT("the zone on file"),
    /** The address's postal code (with its region, when both are known). */
    POSTAL_CODE("postal code"),
    /** The address's region (ISO 3166-2 subdivision) or country. */
    REGION("address region"),
    /** A North American area code that spans zones ({@code area-code-zones.properties}). */
    AREA_CODE("area code"),
    /** The number's country and prefix, through libphonenumber. */
    PHONE("phone number"),
    /** Nothing known: the configured last resort ({@code rules.fallbackZones}). */
    FALLBACK("nothing on file; the configured fallback");

    private final String words;

    ZoneSource(String words) {
        this.words = words;
    }

    /** How a collector would name it. */
    public String words() {
        return words;
    }

    /** The code written to the history ({@code zonesFrom.source}). */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
