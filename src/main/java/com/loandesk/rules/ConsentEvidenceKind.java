package com.loandesk.rules;

import java.util.Locale;

/** How a borrower's consent to be contacted at a number is evidenced. */
public enum ConsentEvidenceKind {
    /** A signed or e-signed form. */
    WRITTEN,
    /** Said on a recorded call. */
    ORAL,
    /** Given on a web page, in an app or by a text reply. */
    ELECTRONIC,
    /** The borrower gave the number to the creditor for this debt (TCPA, FCC 07-232). */
    PROVIDED_NUMBER;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of that code; IllegalArgumentException naming the codes for any other. */
    public static ConsentEvidenceKind of(String code) {
        for (ConsentEvidenceKind k : values()) {
            if (k.code().equals(code)) {
                return k;
            }
        }
        throw new IllegalArgumentException("must be one of written, oral, electronic, provided_number");
    }
}
