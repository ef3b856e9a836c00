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
 * Where is the borrower, in time? The borrower's explicit zone wins; else the address region
 * (ISO 3166-2 subdivision, then country); else the phone number, through libphonenumber's
 * time-zone mapper. Several candidates mean the location is ambiguous: callers must respect every one.
 */
public final class ZoneResolver {

    private static final String UNKNOWN = PhoneNumberToTimeZonesMapper.getUnknownTimeZone();

    private final Map<String, List<ZoneId>> regionZones;
    /** North American area codes that span several zones ({@code area-code-zones.properties}). */
    private final Map<String, List<ZoneId>> splitAreaCodes;
    private final List<ZoneId> fallback;
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final PhoneNumberToTimeZonesMapper phoneZones = PhoneNumberToTimeZonesMapper.getInstance();
    /** Explicit zones as stored, parsed once: the same few hundred ids recur across millions of borrowers. */
    private final java.util.concurrent.ConcurrentHashMap<String, List<ZoneId>> explicit = new java.util.concurrent.ConcurrentHashMap<>();

    private ZoneResolver(Map<String, List<ZoneId>> regionZones, Map<String, List<ZoneId>> splitAreaCodes, List<ZoneId> fallback) {
        this.regionZones = regionZones;
        this.splitAreaCodes = splitAreaCodes;
        this.fallback = List.copyOf(fallback);
    }

    /**
     * The shipped tables ({@code region-zones.properties}, {@code area-code-zones.properties}) with the
     * given last resort.
     */
    public static ZoneResolver withDefaults(List<ZoneId> fallback) {
        return new ZoneResolver(table("/region-zones.properties"), table("/area-code-zones.properties"), fallback);
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

    /**
     * @param explicitZone an IANA zone the borrower gave or the lender verified, or null
     * @param region       an ISO 3166-2 subdivision ("US-CA") or country ("CN"), or null
     * @param phoneE164    the number about to be used, or null (e-mail)
     */
    public List<ZoneId> resolve(String explicitZone, String region, String phoneE164) {
        if (explicitZone != null && !explicitZone.isBlank()) {
            return explicit.computeIfAbsent(explicitZone, z -> List.of(ZoneId.of(z)));
        }
        if (region != null && !region.isBlank()) {
            String key = region.trim().toUpperCase(Locale.ROOT);
            List<ZoneId> zones = regionZones.get(key);
            if (zones == null && key.contains("-")) {
                zones = regionZones.get(key.substring(0, key.indexOf('-')));
            }
            if (zones == null) {
                zones = countryZones(key.contains("-") ? key.substring(0, key.indexOf('-')) : key);
            }
            if (!zones.isEmpty()) {
                return zones;
            }
        }
        if (phoneE164 != null && phoneE164.startsWith("+")) {
            List<ZoneId> zones = phoneNumberZones(phoneE164);
            if (!zones.isEmpty()) {
                return zones;
            }
        }
        return fallback;
    }

    private List<ZoneId> phoneNumberZones(String e164) {
        // a North American area code that spans zones: every zone of it, whatever libphonenumber says
        if (e164.startsWith("+1") && e164.length() >= 5) {
            List<ZoneId> split = splitAreaCodes.get(e164.substring(2, 5));
            if (split != null) {
                return split;
            }
        }
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
