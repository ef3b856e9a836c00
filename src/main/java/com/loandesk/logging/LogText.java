package com.loandesk.logging;

/**
 * The one way a value that can carry client input enters a log line ({@code key=value} messages): a value of plain
 * characters is logged as it is; any other is quoted, with {@code "} and {@code \} escaped, line breaks and tabs as
 * {@code \n}, {@code \r}, {@code \t}, and every other control or line-separating character as {@code \}{@code uXXXX}.
 * So a username holding a newline cannot start a forged log line, and one holding {@code " role=admin"} cannot add a
 * forged field. Long values are cut at 200 characters, marked with {@code …}.
 */
public final class LogText {

    static final int MAX = 200;

    private LogText() {
    }

    /** {@code value} fit for one field of one log line; {@code null} as {@code null}. */
    public static String of(Object value) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        boolean plain = !s.isEmpty() && s.length() <= MAX;
        for (int i = 0; plain && i < s.length(); i++) {
            char c = s.charAt(i);
            plain = c > ' ' && c < 0x7f && c != '"' && c != '\\' && c != '=';
        }
        if (plain) {
            return s;
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX) + 8).append('"');
        int n = Math.min(s.length(), MAX);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < ' ' || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029'
                            || Character.getType(c) == Character.FORMAT) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (s.length() > MAX) {
            out.append('…');
        }
        return out.append('"').toString();
    }
}
