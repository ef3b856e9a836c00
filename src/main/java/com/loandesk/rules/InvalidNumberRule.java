package com.loandesk.rules;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A call or text goes only to a number stored in E.164 form ({@code +} then 8 to 15 digits, the first
 * not 0). A number that is not (typed by hand, imported by an older version, edited in the database)
 * is blocked here, before any provider is asked, rather than sent to whatever the provider makes of
 * it. Every gate applies this rule, whatever its policy says.
 */
public final class InvalidNumberRule implements Rule {

    public static final String ID = "INVALID_NUMBER";
    static final InvalidNumberRule INSTANCE = new InvalidNumberRule();
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Verdict evaluate(ContactContext context, Instant at) {
        if (context.request().channel() == Channel.EMAIL || context.point() == null) {
            return OK;
        }
        String number = context.point().value();
        return number != null && E164.matcher(number).matches()
                ? OK
                : new Never("the stored number is not in E.164 form (+ and 8 to 15 digits)");
    }
}
