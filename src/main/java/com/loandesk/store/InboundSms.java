package com.loandesk.store;

import java.time.Instant;

/** An SMS a borrower (or anybody) sent to one of our numbers. */
public record InboundSms(String messageSid, String from, String to, String body, Instant at) {
}
