package com.loandesk.rules;

import java.util.Locale;

/** The medium a contact goes through. */
public enum Channel {
    SMS, VOICE, EMAIL;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Channel of(String code) {
        for (Channel c : values()) {
            if (c.code().equals(code)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown channel '" + code + "' (expected sms, voice or email)");
    }
}
