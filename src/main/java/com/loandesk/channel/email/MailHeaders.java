package com.loandesk.channel.email;

import java.util.regex.Pattern;

/**
 * Every value that goes into a mail header is checked here first, so that nothing a borrower's data holds (a name in a
 * rendered subject, an imported address) can end a header and start another. Text (the subject) is encoded: every run
 * of line breaks and other control characters becomes one space. An address is refused when it holds anything but a
 * plain {@code local@domain}.
 */
final class MailHeaders {

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u0085\\u2028\\u2029]+");
    private static final Pattern ADDRESS = Pattern.compile("[^\\s\\p{Cntrl}<>()\\[\\],;:\"@\\\\]{1,64}@[A-Za-z0-9.-]{1,253}");

    private MailHeaders() {
    }

    /** {@code value} as one header line: control characters and line breaks folded into single spaces, trimmed. */
    static String text(String value) {
        return CONTROL.matcher(value).replaceAll(" ").strip();
    }

    /** True when {@code address} is a bare {@code local@domain} with no character that could end or extend a header. */
    static boolean address(String address) {
        return address != null && ADDRESS.matcher(address).matches();
    }
}
