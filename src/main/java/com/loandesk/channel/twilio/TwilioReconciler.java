package com.loandesk.channel.twilio;

import com.loandesk.rules.Channel;
import com.twilio.base.ResourceSet;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.CallReader;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageReader;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles a send left 'unknown' (a 5xx or a time-out after the request went out) before anything is
 * resent: lists the messages or calls this account sent to the number since the attempt began and
 * returns their sids, newest first. An empty list means Twilio has no record of it: safe to resend.
 */
public final class TwilioReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioReconciler.class);
    private static final long PAGE_SIZE = 50;
    private static final long MAX_RECORDS = 500;

    private final TwilioAccount account;

    public TwilioReconciler(TwilioAccount account) {
        this.account = account;
    }

    /** The sids of {@code channel} sends to {@code to} created at or after {@code since}; email is not reconciled here. */
    public Future<List<String>> findSent(Channel channel, String to, Instant since) {
        if (channel == Channel.EMAIL) {
            return Future.failedFuture(new IllegalArgumentException("email is not sent through Twilio"));
        }
        Future<List<String>> found = channel == Channel.SMS
                ? account.blocking(() -> messages(to, since))
                : account.blocking(() -> calls(to, since));
        return found.recover(e -> Future.failedFuture(unavailable(e) ? new ProviderUnavailable(e) : e)).onSuccess(sids -> LOG.info("reconciled channel={} to={} since={} found={}", channel.code(),
                mask(to), since, sids.size()));
    }

    private List<String> messages(String to, Instant since) {
        MessageReader reader = Message.reader().setTo(to).setPageSize(PAGE_SIZE);
        if (account.settings().messagingServiceSid() == null && account.settings().smsFrom() != null) {
            reader.setFrom(account.settings().smsFrom());
        }
        ResourceSet<Message> all = reader.read(account.client()).setLimit(MAX_RECORDS);
        List<String> sids = new ArrayList<>();
        for (Message m : all) {
            if (before(m.getDateCreated(), since)) {
                break; // newest first: everything after this is older still
            }
            sids.add(m.getSid());
        }
        return sids;
    }

    private List<String> calls(String to, Instant since) {
        CallReader reader = Call.reader().setTo(to).setPageSize(PAGE_SIZE);
        if (account.settings().voiceFrom() != null) {
            reader.setFrom(account.settings().voiceFrom());
        }
        ResourceSet<Call> all = reader.read(account.client()).setLimit(MAX_RECORDS);
        List<String> sids = new ArrayList<>();
        for (Call c : all) {
            if (before(c.getDateCreated(), since)) {
                break;
            }
            sids.add(c.getSid());
        }
        return sids;
    }

    /**
     * The provider did not answer the list at all (a 5xx, a 429, no connection): asking about the next
     * task now is pointless. Other failures concern one task.
     */
    public static final class ProviderUnavailable extends RuntimeException {
        ProviderUnavailable(Throwable cause) {
            super(String.valueOf(cause), cause, false, false);
        }
    }

    private static boolean unavailable(Throwable e) {
        if (e instanceof com.twilio.exception.ApiException api) {
            Integer status = api.getStatusCode();
            return status == null || status >= 500 || status == 429;
        }
        return e instanceof com.twilio.exception.ApiConnectionException || e instanceof java.io.IOException;
    }

    /** Twilio's dates have whole seconds: compare at that precision. */
    private static boolean before(ZonedDateTime created, Instant since) {
        return created != null && created.toInstant().getEpochSecond() < since.getEpochSecond();
    }

    private static String mask(String to) {
        return com.loandesk.cases.Masking.phone(to);
    }
}
