package com.loandesk.rules;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where is the borrower, in time? The borrower's explicit zone wins; else the address: its postal code
 * ({@code postal-zones.properties}, by the longest listed prefix) and its region (ISO 3166-2 subdivision,
 * then country); else the phone number (a split North American area code, else libphonenumber's
 * time-zone mapper). Several candidates mean the location is ambiguous: callers must respect every one.
 * Each answer says what located it ({@link Whereabouts}), so a refusal can say why.
 */
public final class ZoneResolver {

    private static final String UNKNOWN = PhoneNumberToTimeZonesMapper.getUnknownTimeZone();

    private final Map<String, List<ZoneId>> regionZones;
    /** North American area codes that span several zones ({@code area-code-zones.properties}). */
    private final Map<String, List<ZoneId>> splitAreaCodes;
    /** Postal-code prefixes, keyed "country-prefix" ("US-325", "CA-M", "AU-2880"). */
    private final Map<String, List<ZoneId>> postalZones;
    private final List<ZoneId> fallback;
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final PhoneNumberToTimeZonesMapper phoneZones = PhoneNumberToTimeZonesMapper.getInstance();
    /** Explicit zones as stored, parsed once: the same few hundred ids recur across millions of borrowers. */
    private final java.util.concurrent.ConcurrentHashMap<String, Whereabouts> explicit = new java.util.concurrent.ConcurrentHashMap<>();

    private ZoneResolver(Map<String, List<ZoneId>> regionZones, Map<String, List<ZoneId>> splitAreaCodes,
                         Map<String, List<ZoneId>> postalZones, List<ZoneId> fallback) {
        this.regionZones = regionZones;
        this.splitAreaCodes = splitAreaCodes;
        this.postalZones = postalZones;
        this.fallback = List.copyOf(fallback);
    }

    /**
     * The shipped tables ({@code region-zones.properties}, {@code area-code-zones.properties},
     * {@code postal-zones.properties}) with the given last resort.
     */
    public static ZoneResolver withDefaults(List<ZoneId> fallback) {
        return new ZoneResolver(table("/region-zones.properties"), table("/area-code-zones.properties"),
                table("/postal-zones.properties"), fallback);
    }

    private static Map<String, List<ZoneId>> table(String resource) {
        var props = new Properties();
        try (InputStream in = ZoneResolver.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<ZoneId>> table = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            List<ZoneId> zones = new ArrayList<>();
            for (String z : props.getProperty(key).split(",")) {
                zones.add(ZoneId.of(z.trim()));
            }
            table.put(key.toUpperCase(Locale.ROOT), List.copyOf(zones));
        }
        return table;
    }

    /** The zones of {@link #locate}, without saying what located them. */
    public List<ZoneId> resolve(String explicitZone, String region, String phoneE164) {
        return locate(explicitZone, region, null, phoneE164).zones();
    }

    /**
     * @param explicitZone an IANA zone the borrower gave or the lender verified, or null
     * @param region       an ISO 3166-2 subdivision ("US-CA") or country ("CN"), or null
     * @param postalCode   the address's postal code, or null; read with the region's country
     * @param phoneE164    the number about to be used, or null (e-mail)
     */
    public Whereabouts locate(String explicitZone, String region, String postalCode, String phoneE164) {
        if (explicitZone != null && !explicitZone.isBlank()) {
            return explicit.computeIfAbsent(explicitZone, z -> Whereabouts.of(List.of(ZoneId.of(z)), ZoneSource.EXPLICIT, null));
        }
        String key = region == null || region.isBlank() ? null : region.trim().toUpperCase(Locale.ROOT);
        List<ZoneId> regional = key == null ? List.of() : regionZones(key);
        String country = key == null ? null : (key.contains("-") ? key.substring(0, key.indexOf('-')) : key);
        if (country != null && postalCode != null && !postalCode.isBlank()) {
            String postal = postalCode.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
            List<ZoneId> byPostal = postalZones(country, postal);
            if (!byPostal.isEmpty()) {
                if (regional.isEmpty() || regional.containsAll(byPostal)) {
                    // the finer datum, consistent with the region: it narrows the region down
                    return Whereabouts.of(byPostal, ZoneSource.POSTAL_CODE, postalCode.trim());
                }
                // the address contradicts itself: the borrower may be in either place
                List<ZoneId> both = new ArrayList<>(regional);
                byPostal.stream().filter(z -> !both.contains(z)).forEach(both::add);
                return Whereabouts.of(both, ZoneSource.REGION, key + " with postal code " + postalCode.trim());
            }
        }
        if (!regional.isEmpty()) {
            return Whereabouts.of(regional, ZoneSource.REGION, key);
        }
        if (phoneE164 != null && phoneE164.startsWith("+")) {
            if (phoneE164.startsWith("+1") && phoneE164.length() >= 5) {
                // a North American area code that spans zones: every zone of it, whatever libphonenumber says
                String npa = phoneE164.substring(2, 5);
                List<ZoneId> split = splitAreaCodes.get(npa);
                if (split != null) {
                    return Whereabouts.of(split, ZoneSource.AREA_CODE, npa);
                }
            }
            List<ZoneId> zones = phoneNumberZones(phoneE164);
            if (!zones.isEmpty()) {
                return Whereabouts.of(zones, ZoneSource.PHONE, null);
            }
        }
        return Whereabouts.of(fallback, ZoneSource.FALLBACK, null);
    }

    private List<ZoneId> regionZones(String key) {
        List<ZoneId> zones = regionZones.get(key);
        if (zones == null && key.contains("-")) {
            zones = regionZones.get(key.substring(0, key.indexOf('-')));
        }
        if (zones == null) {
            zones = countryZones(key.contains("-") ? key.substring(0, key.indexOf('-')) : key);
        }
        return zones;
    }

    /** The zones of the longest listed prefix of {@code postal} in {@code country}, or none. */
    private List<ZoneId> postalZones(String country, String postal) {
        for (int n = Math.min(postal.length(), 6); n > 0; n--) {
            List<ZoneId> zones = postalZones.get(country + "-" + postal.substring(0, n));
            if (zones != null) {
                return zones;
            }
        }
        return List.of();
    }

    private List<ZoneId> phoneNumberZones(String e164) {
        try {
            var number = phones.parse(e164, null);
            return toZones(phoneZones.getTimeZonesForNumber(number));
        } catch (NumberParseException e) {
            return List.of();
        }
    }

    /** A country missing from the table: the zones libphonenumber gives its example number. */
    private List<ZoneId> countryZones(String country) {
        var example = phones.getExampleNumber(country);
        return example == null ? List.of() : toZones(phoneZones.getTimeZonesForNumber(example));
    }

    private static List<ZoneId> toZones(List<String> ids) {
        List<ZoneId> zones = new ArrayList<>();
        for (String id : ids) {
            if (!UNKNOWN.equals(id)) {
                zones.add(ZoneId.of(id));
            }
        }
        return zones;
    }
}
