package com.loandesk.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which providers carry SMS and calls. Every configuration chooses one: there is no guess from the environment. */
public enum ProviderMode {
    /** Real Twilio: TWILIO_* and PUBLIC_BASE_URL from the environment; a missing one stops the start, named. */
    TWILIO("twilio"),
    /** The built-in Twilio fake on a local port (the real adapter runs unchanged); nothing leaves the machine. */
    FAKE_TWILIO("fake-twilio"),
    /** The in-process simulator: no HTTP at all. */
    SIMULATOR("simulator");

    private final String code;

    ProviderMode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    static String codes() {
        return Arrays.stream(values()).map(ProviderMode::code).collect(Collectors.joining(", "));
    }

    static ProviderMode of(String key, String value) {
        return Arrays.stream(values()).filter(m -> m.code.equals(value)).findFirst()
                .orElseThrow(() -> new ConfigException(key + " must be one of " + codes() + ", was '" + value + "'"));
    }
}
