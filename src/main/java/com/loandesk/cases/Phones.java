package com.loandesk.cases;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;

/** Phone numbers as the store keeps them: validated and in E.164, parsed with a region hint. */
public final class Phones {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** The regions libphonenumber knows, by their two letters (A-Z, A-Z): a lookup per number without a new string. */
    private static final String[] REGIONS = new String[26 * 26];

    static {
        for (String r : UTIL.getSupportedRegions()) {
            if (r.length() == 2 && letter(r.charAt(0)) >= 0 && letter(r.charAt(1)) >= 0) {
                REGIONS[letter(r.charAt(0)) * 26 + letter(r.charAt(1))] = r;
            }
        }
    }

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
        int first = letter(Character.toUpperCase(code.charAt(0)));
        int second = letter(Character.toUpperCase(code.charAt(1)));
        return first < 0 || second < 0 ? null : REGIONS[first * 26 + second];
    }

    /** 0 to 25 for A to Z, else -1 (every region code is two ASCII capitals). */
    private static int letter(char c) {
        return c >= 'A' && c <= 'Z' ? c - 'A' : -1;
    }
}
