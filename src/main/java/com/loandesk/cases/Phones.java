package com.loandesk.cases;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;

/** Phone numbers as the store keeps them: validated and in E.164, parsed with a region hint. */
public final class Phones {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private Phones() {
    }

    /**
     * {@code raw} in E.164. A number without a leading + is read as a national number of {@code region}
     * (ISO 3166-1 alpha-2, e.g. from the borrower's address region US-CA or jurisdiction US-MA).
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing the number)
     */
    public static String toE164(String raw, String region) {
        String hint = regionOf(region);
        try {
            PhoneNumber n = UTIL.parse(raw, hint);
            if (!UTIL.isValidNumber(n)) {
                throw new IllegalArgumentException("not a valid phone number" + (hint == null ? "" : " for region " + hint));
            }
            return UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw new IllegalArgumentException("not a phone number (" + e.getErrorType().name().toLowerCase(Locale.ROOT) + ")");
        }
    }

    /** The country part of an ISO 3166-2 code or jurisdiction ("US-CA" → "US"), or null. */
    static String regionOf(String code) {
        if (code == null || code.length() < 2) {
            return null;
        }
        String country = code.substring(0, 2).toUpperCase(Locale.ROOT);
        return UTIL.getSupportedRegions().contains(country) ? country : null;
    }
}
