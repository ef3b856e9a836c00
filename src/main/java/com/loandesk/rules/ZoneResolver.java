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
    private final List<ZoneId> fallback;
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final PhoneNumberToTimeZonesMapper phoneZones = PhoneNumberToTimeZonesMapper.getInstance();
    /** Explicit zones as stored, parsed once: the same few hundred ids recur across millions of borrowers. */
    private final java.util.concurrent.ConcurrentHashMap<String, List<ZoneId>> explicit = new java.util.concurrent.ConcurrentHashMap<>();

    private ZoneResolver(Map<String, List<ZoneId>> regionZones, List<ZoneId> fallback) {
        this.regionZones = regionZones;
        this.fallback = List.copyOf(fallback);
    }

    /** The shipped region table ({@code region-zones.properties}) with the given last resort. */
    public static ZoneResolver withDefaults(List<ZoneId> fallback) {
        var props = new Properties();
        try (InputStream in = ZoneResolver.class.getResourceAsStream("/region-zones.properties")) {
            if (in == null) {
                throw new IllegalStateException("region-zones.properties is missing from the classpath");
            }
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<ZoneId>> table = new TreeMap<>();
        for (String region : props.stringPropertyNames()) {
            List<ZoneId> zones = new ArrayList<>();
            for (String z : props.getProperty(region).split(",")) {
                zones.add(ZoneId.of(z.trim()));
            }
            table.put(region.toUpperCase(Locale.ROOT), List.copyOf(zones));
        }
        return new ZoneResolver(table, fallback);
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
