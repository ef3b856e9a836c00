package com.loandesk.channel.twilio;

import com.loandesk.channel.OutboundContact;
import com.loandesk.channel.SendResult;
import com.loandesk.rules.Channel;
import com.twilio.http.HttpMethod;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reminder calls through Twilio's Calls API with inline TwiML ({@link VoiceScripts}). Answering
 * machines are detected asynchronously (DetectMessageEnd); when the AMD callback reports a machine,
 * {@link #leaveVoicemail} swaps the call's TwiML for the limited-content voicemail. Calls are
 * recorded; status, recording and AMD callbacks come back to the webhooks.
 */
public final class TwilioVoiceChannel extends GuardedChannel implements VoicemailDrop {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioVoiceChannel.class);
    public static final String STATUS_PATH = "/webhooks/twilio/call-status";
    public static final String RECORDING_PATH = "/webhooks/twilio/recording-status";
    public static final String AMD_PATH = "/webhooks/twilio/amd";
    static final List<String> STATUS_EVENTS = List.of("initiated", "ringing", "answered", "completed");

    private final TwilioAccount account;
    private final VoiceScripts scripts;

    public TwilioVoiceChannel(TwilioAccount account) {
        super(guardFor(account));
        this.account = account;
        this.scripts = new VoiceScripts(account.settings());
    }

    private static SendGuard guardFor(TwilioAccount account) {
        TwilioSettings s = account.settings();
        if (s.voiceFrom() == null) {
            throw new IllegalArgumentException("TWILIO_VOICE_FROM_NUMBER must be set for voice");
        }
        return new SendGuard(account.vertx(), "twilio-voice-" + TwilioSmsChannel.last4(s.voiceFrom()), s.callsPerSecond(), s);
    }

    @Override
    public Channel channel() {
        return Channel.VOICE;
    }

    public VoiceScripts scripts() {
        return scripts;
    }

    @Override
    public Future<SendResult> send(OutboundContact contact) {
        String text = contact.body() != null && !contact.body().isBlank() ? contact.body() : "This is a payment reminder.";
        String twiml = scripts.reminder(text, contact.locale(), contact.taskId());
        String amdCallback = account.settings().webhookUrl(AMD_PATH) + "?task=" + contact.taskId() + "&lang="
                + java.net.URLEncoder.encode(contact.locale() == null ? "en" : contact.locale(), java.nio.charset.StandardCharsets.UTF_8);
        return guard.run(() -> account.blocking(() -> create(contact.to(), twiml, amdCallback))
                .map(c -> (SendResult) new SendResult.Accepted(c.getSid(), c.getStatus() == null ? "queued" : c.getStatus().toString()))
                .otherwise(TwilioErrors::classify)
                .onSuccess(r -> LOG.info("call placed task={} attempt={} to={} result={}", contact.taskId(), contact.attempt(),
                        contact.maskedTo(), r.getClass().getSimpleName())));
    }

    private Call create(String to, String twiml, String amdCallback) {
        TwilioSettings s = account.settings();
        return Call.creator(new PhoneNumber(to), new PhoneNumber(s.voiceFrom()), new Twiml(twiml))
                .setStatusCallback(s.webhookUrl(STATUS_PATH))
                .setStatusCallbackEvent(STATUS_EVENTS)
                .setStatusCallbackMethod(HttpMethod.POST)
                .setMachineDetection("DetectMessageEnd")
                .setAsyncAmd("true")
                .setAsyncAmdStatusCallback(amdCallback)
                .setAsyncAmdStatusCallbackMethod(HttpMethod.POST)
                .setRecord(true)
                .setRecordingStatusCallback(s.webhookUrl(RECORDING_PATH))
                .setRecordingStatusCallbackMethod(HttpMethod.POST)
                .create(account.client());
    }

    @Override
    public Future<Void> leave(String callSid, String locale) {
        return leaveVoicemail(callSid, locale);
    }

    /** Replaces a live call's TwiML with the limited-content voicemail (after a machine answered). */
    public Future<Void> leaveVoicemail(String callSid, String locale) {
        String twiml = scripts.voicemail(locale);
        return account.blocking(() -> Call.updater(callSid).setTwiml(new Twiml(twiml)).update(account.client()))
                .onSuccess(c -> LOG.info("voicemail left callSid={}", callSid))
                .onFailure(e -> LOG.warn("voicemail failed callSid={} error={}", callSid, e.toString()))
                .mapEmpty();
    }
}
