package com.loandesk.channel.twilio;

import com.loandesk.channel.OutboundContact;
import com.loandesk.channel.SendResult;
import com.loandesk.rules.Channel;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMS through Twilio's Messages API: From (or a messaging service), Body, and a status callback to
 * this service. One attempt per send; see {@link SendGuard} for the limits in front of it.
 */
public final class TwilioSmsChannel extends GuardedChannel {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioSmsChannel.class);
    public static final String STATUS_PATH = "/webhooks/twilio/message-status";

    private final TwilioAccount account;
    private final String statusCallback;

    public TwilioSmsChannel(TwilioAccount account) {
        super(guardFor(account));
        this.account = account;
        this.statusCallback = account.settings().webhookUrl(STATUS_PATH);
    }

    private static SendGuard guardFor(TwilioAccount account) {
        TwilioSettings s = account.settings();
        if (s.smsFrom() == null && s.messagingServiceSid() == null) {
            throw new IllegalArgumentException("TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID must be set for SMS");
        }
        String sender = s.messagingServiceSid() != null ? s.messagingServiceSid() : s.smsFrom();
        return new SendGuard(account.vertx(), "twilio-sms-" + last4(sender), s.messagesPerSecond(), s);
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public Future<SendResult> send(OutboundContact contact) {
        String body = contact.body() != null && !contact.body().isBlank() ? contact.body() : "Reminder: " + contact.template();
        Integer validity = validitySeconds(contact.deliverWithin());
        return guard.run(() -> account.blocking(() -> create(contact.to(), body, validity))
                .map(m -> (SendResult) new SendResult.Accepted(m.getSid(), m.getStatus() == null ? "queued" : m.getStatus().toString()))
                .otherwise(TwilioErrors::classify)
                .onSuccess(r -> LOG.info("sms sent task={} attempt={} to={} result={}", contact.taskId(), contact.attempt(),
                        contact.maskedTo(), r.getClass().getSimpleName())));
    }

    /**
     * Twilio's ValidityPeriod (1..36000 s) from the time left in the borrower's allowed window: a message
     * Twilio queues past it expires (a failed contact) instead of arriving in the quiet hours. Null: no
     * window closes, Twilio's default applies.
     */
    static Integer validitySeconds(java.time.Duration deliverWithin) {
        if (deliverWithin == null) {
            return null;
        }
        long s = deliverWithin.toSeconds();
        return (int) Math.max(1, Math.min(MAX_VALIDITY_SECONDS, s));
    }

    private static final int MAX_VALIDITY_SECONDS = 36_000;

    private Message create(String to, String body, Integer validity) {
        TwilioSettings s = account.settings();
        MessageCreator creator = s.messagingServiceSid() != null
                ? Message.creator(new PhoneNumber(to), s.messagingServiceSid(), body)
                : Message.creator(new PhoneNumber(to), new PhoneNumber(s.smsFrom()), body);
        if (validity != null) {
            creator.setValidityPeriod(validity);
        }
        return creator.setStatusCallback(statusCallback).create(account.client());
    }

    static String last4(String s) {
        return s.length() <= 4 ? s : s.substring(s.length() - 4);
    }
}
