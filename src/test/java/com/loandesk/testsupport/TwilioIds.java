package com.loandesk.testsupport;

import java.util.concurrent.atomic.AtomicLong;

/** Well-formed Twilio sids for tests. */
public final class TwilioIds {

    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() & 0xffffffL);

    private TwilioIds() {
    }

    public static String sid(String prefix) {
        return prefix + String.format("%032x", SEQ.incrementAndGet());
    }
}
