package com.loandesk.channel;

import com.loandesk.rules.Channel;
import java.time.Duration;

/**
 * One contact ready to leave: the task it comes from, the address (E.164 or e-mail), and the rendered
 * message. {@code attempt} distinguishes retries of the same task. {@code deliverWithin}: the time left
 * before the borrower's allowed window closes (null: no window closes); a provider that may hold a
 * message is told not to deliver it later than that. {@code locale} is the language of {@code body} (the
 * template version's, which may be a fallback of the borrower's). {@code addressee} (the borrower's first
 * name) and {@code caller} (the lender) are what a call says before anyone has confirmed who answered; null:
 * not known.
 */
public record OutboundContact(long taskId, long caseId, int attempt, Channel channel, String to,
                              String template, String locale, String subject, String body, Duration deliverWithin,
                              String addressee, String caller) {

    public OutboundContact(long taskId, long caseId, int attempt, Channel channel, String to,
                           String template, String locale, String subject, String body, Duration deliverWithin) {
        this(taskId, caseId, attempt, channel, to, template, locale, subject, body, deliverWithin, null, null);
    }

    public OutboundContact(long taskId, long caseId, int attempt, Channel channel, String to,
                           String template, String locale, String subject, String body) {
        this(taskId, caseId, attempt, channel, to, template, locale, subject, body, null);
    }

    /** The address with all but its last four characters hidden, for logs. */
    public String maskedTo() {
        return channel == com.loandesk.rules.Channel.EMAIL ? com.loandesk.cases.Masking.email(to) : com.loandesk.cases.Masking.phone(to);
    }
}
