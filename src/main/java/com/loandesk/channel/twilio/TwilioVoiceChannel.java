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
 * Reminder calls through Twilio's Calls API with inline TwiML ({@link VoiceScripts}). The call's own TwiML
 * is silence: with asynchronous detection (DetectMessageEnd) Twilio runs it at once, while a machine's
 * greeting may still play. The rendered reminder is kept in a {@link VoiceScriptStore} before the call is
 * placed and read by the gather webhook only after the person who answered pressed 1 to say they are the
 * borrower. When detection reports a person, {@link #greet} swaps in the identity prompt; a machine gets the
 * limited-content voicemail ({@link #leaveVoicemail}). Nothing is recorded at creation: the recording starts
 * from TwiML after the recording notice. Status, recording and AMD callbacks come back to the webhooks.
 */
public final class TwilioVoiceChannel extends GuardedChannel implements VoicemailDrop {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioVoiceChannel.class);
    public static final String STATUS_PATH = "/webhooks/twilio/call-status";
    public static final String RECORDING_PATH = "/webhooks/twilio/recording-status";
    public static final String AMD_PATH = "/webhooks/twilio/amd";
    static final List<String> STATUS_EVENTS = List.of("initiated", "ringing", "answered", "completed");

    private final TwilioAccount account;
    private final VoiceScripts scripts;
    private volatile VoiceScriptStore store;

    /** A channel whose scripts are held in this process only ({@link VoiceScriptStore#inMemory}). */
    public TwilioVoiceChannel(TwilioAccount account) {
        this(account, VoiceScriptStore.inMemory());
    }

    public TwilioVoiceChannel(TwilioAccount account, VoiceScriptStore store) {
        super(guardFor(account));
        this.account = account;
        this.scripts = new VoiceScripts(account.settings());
        this.store = store;
    }

    /** Where the reminders wait for the keypress; set before dispatching starts (the service: PostgreSQL). */
    public TwilioVoiceChannel keepScriptsIn(VoiceScriptStore store) {
        this.store = store;
        return this;
    }

    public VoiceScriptStore scriptStore() {
        return store;
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
        String locale = contact.locale() == null ? "en" : contact.locale();
        String amdCallback = account.settings().webhookUrl(AMD_PATH) + "?task=" + contact.taskId() + "&attempt=" + contact.attempt()
                + "&lang=" + java.net.URLEncoder.encode(locale, java.nio.charset.StandardCharsets.UTF_8);
        VoiceScriptStore.Script script = new VoiceScriptStore.Script(locale, text, contact.addressee(), contact.caller());
        // kept before the call exists: a person may press 1 within seconds of answering. A reminder that could
        // not be kept is no call at all (no request left: the task is handed back, no attempt spent)
        return guard.run(() -> store.keep(contact.taskId(), contact.attempt(), script)
                .transform(kept -> kept.failed()
                        ? Future.succeededFuture((SendResult) new SendResult.NotStarted("SCRIPT_STORE",
                                "the reminder could not be kept for the borrower's keypress: " + kept.cause(), TwilioErrors.RETRY_SOON))
                        : account.blocking(() -> create(contact.to(), scripts.opening(), amdCallback))
                                .map(c -> (SendResult) new SendResult.Accepted(c.getSid(), c.getStatus() == null ? "queued" : c.getStatus().toString()))
                                .otherwise(TwilioErrors::classify))
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
                .setMachineDetectionTimeout(VoiceScripts.MACHINE_DETECTION_TIMEOUT_S)
                .setAsyncAmd("true")
                .setAsyncAmdStatusCallback(amdCallback)
                .setAsyncAmdStatusCallbackMethod(HttpMethod.POST)
                .create(account.client());
    }

    @Override
    public Future<Void> leave(String callSid, String locale) {
        return leaveVoicemail(callSid, locale);
    }

    /** Replaces a live call's TwiML with the limited-content voicemail (after a machine answered). */
    public Future<Void> leaveVoicemail(String callSid, String locale) {
        String twiml = scripts.voicemail();
        return account.blocking(() -> Call.updater(callSid).setTwiml(new Twiml(twiml)).update(account.client()))
                .onSuccess(c -> LOG.info("voicemail left callSid={}", callSid))
                .onFailure(e -> LOG.warn("voicemail failed callSid={} error={}", callSid, e.toString()))
                .mapEmpty();
    }

    /** Replaces a live call's silent opening with {@code twiml} (the identity prompt: a person answered). */
    @Override
    public Future<Void> greet(String callSid, String twiml) {
        return account.blocking(() -> Call.updater(callSid).setTwiml(new Twiml(twiml)).update(account.client()))
                .onSuccess(c -> LOG.info("identity prompt callSid={}", callSid))
                .onFailure(e -> LOG.warn("identity prompt failed callSid={} error={}", callSid, e.toString()))
                .mapEmpty();
    }
}
