package com.loandesk.templates;

/**
 * What an SMS text costs: its encoding, its length in that encoding's units and the segments it is sent as. Text
 * wholly in the GSM 03.38 alphabet goes as GSM-7 (160 units in one segment, 153 a segment once split; the extension
 * characters ^ { } \ [ ~ ] | € and form feed take two units and are never split); any other character makes the whole
 * text UCS-2 (70 UTF-16 units in one segment, 67 once split; a surrogate pair is never split). One Chinese reminder is
 * often two or three segments, and the provider bills each.
 *
 * @param encoding GSM_7 or UCS_2
 * @param units    septets (GSM-7) or UTF-16 code units (UCS-2)
 * @param segments the messages it is sent as (0 for an empty text)
 */
public record SmsLength(Encoding encoding, int units, int segments) {

    public enum Encoding { GSM_7, UCS_2 }

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

    public static SmsLength of(String text) {
        boolean gsm = text.chars().allMatch(c -> GSM_BASIC.indexOf(c) >= 0 || GSM_EXTENSION.indexOf(c) >= 0);
        return gsm ? gsm7(text) : ucs2(text);
    }

    private static SmsLength gsm7(String text) {
        int units = 0;
        for (int i = 0; i < text.length(); i++) {
            units += GSM_EXTENSION.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
        }
        if (units <= 160) {
            return new SmsLength(Encoding.GSM_7, units, units == 0 ? 0 : 1);
        }
        int segments = 1;
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            int size = GSM_EXTENSION.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
            if (used + size > 153) {
                segments++;
                used = 0;
            }
            used += size;
        }
        return new SmsLength(Encoding.GSM_7, units, segments);
    }

    private static SmsLength ucs2(String text) {
        int units = text.length();
        if (units <= 70) {
            return new SmsLength(Encoding.UCS_2, units, 1);
        }
        int segments = 1;
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            int size = Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length() ? 2 : 1;
            if (used + size > 67) {
                segments++;
                used = 0;
            }
            used += size;
            i += size - 1;
        }
        return new SmsLength(Encoding.UCS_2, units, segments);
    }
}
