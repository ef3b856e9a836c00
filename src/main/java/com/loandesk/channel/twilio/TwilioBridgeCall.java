package com.loandesk.channel.twilio;

import com.loandesk.cases.Masking;
import com.loandesk.channel.SendResult;
import com.twilio.http.HttpMethod;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Number;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collector's click-to-call through Twilio's Calls API: the call rings the collector's own phone and,
 * once answered, its inline TwiML dials the borrower, recorded from answer on two channels. Exactly one
 * attempt (no retries: the account's HTTP client makes none), on the account's worker pool, behind a
 * {@link SendGuard} of its own so manual calls never queue behind the dispatcher's reminder calls.
 * Provider trouble is a {@link SendResult}, never a failed future.
 */
public final class TwilioBridgeCall {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioBridgeCall.class);

    private final TwilioAccount account;
    private final SendGuard guard;
    private final boolean ownsAccount;

    public TwilioBridgeCall(TwilioAccount account) {
        this(account, false);
    }

    private TwilioBridgeCall(TwilioAccount account, boolean ownsAccount) {
        TwilioSettings s = account.settings();
        if (s.voiceFrom() == null) {
            throw new IllegalArgumentException("TWILIO_VOICE_FROM_NUMBER must be set for click-to-call");
        }
        this.account = account;
        this.ownsAccount = ownsAccount;
        this.guard = new SendGuard(account.vertx(), "twilio-bridge-" + TwilioSmsChannel.last4(s.voiceFrom()), s.callsPerSecond(), s);
    }

    /** A bridge with an account of its own (same settings, the same shared worker pool); {@link #close} closes it. */
    public static TwilioBridgeCall create(Vertx vertx, TwilioSettings settings) {
        return new TwilioBridgeCall(TwilioAccount.create(vertx, settings), true);
    }

    /** The Vert.x instance its account runs on (for timers of those who wait on its calls). */
    public Vertx vertx() {
        return account.vertx();
    }

    /** Rings {@code collectorPhone}, then bridges to {@code borrowerPhone} (both E.164); task {@code taskId} for the logs. */
    public Future<SendResult> call(long taskId, String collectorPhone, String borrowerPhone) {
        TwilioSettings s = account.settings();
        // the TwiML is built on the worker too: twilio-java renders it through the JDK's XML transformer
        return guard.run(() -> account.blocking(() -> Call.creator(new PhoneNumber(collectorPhone), new PhoneNumber(s.voiceFrom()),
                                new Twiml(twiml(s, borrowerPhone)))
                        .setStatusCallback(s.webhookUrl(TwilioVoiceChannel.STATUS_PATH))
                        .setStatusCallbackEvent(TwilioVoiceChannel.STATUS_EVENTS)
                        .setStatusCallbackMethod(HttpMethod.POST)
                        .create(account.client()))
                .map(c -> (SendResult) new SendResult.Accepted(c.getSid(), c.getStatus() == null ? "queued" : c.getStatus().toString()))
                .otherwise(TwilioErrors::classify)
                .onSuccess(r -> LOG.info("bridge call placed task={} collector={} borrower={} result={}", taskId,
                        Masking.phone(collectorPhone), Masking.phone(borrowerPhone), r.getClass().getSimpleName())));
    }

    /** The collector leg's TwiML: dial the borrower from the desk's number, recorded from answer, both parties on their own channel. */
    static String twiml(TwilioSettings s, String borrowerPhone) {
        Number borrower = new Number.Builder(borrowerPhone)
                .statusCallback(s.webhookUrl(TwilioVoiceChannel.STATUS_PATH))
                .statusCallbackMethod(HttpMethod.POST)
                .build();
        Dial dial = new Dial.Builder()
                .callerId(s.voiceFrom())
                .record(Dial.Record.RECORD_FROM_ANSWER_DUAL)
                .recordingStatusCallback(s.webhookUrl(TwilioVoiceChannel.RECORDING_PATH))
                .recordingStatusCallbackMethod(HttpMethod.POST)
                .number(borrower)
                .build();
        return new VoiceResponse.Builder().dial(dial).build().toXml();
    }

    public Future<Void> close() {
        return ownsAccount ? account.close() : Future.succeededFuture();
    }
}
