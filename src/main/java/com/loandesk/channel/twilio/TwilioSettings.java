package com.loandesk.channel.twilio;

import static com.loandesk.config.EnvVars.baseUrl;
import static com.loandesk.config.EnvVars.integer;
import static com.loandesk.config.EnvVars.text;

import com.loandesk.config.ConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything the Twilio adapters need, read from the environment and checked at start-up. A wrong
 * value throws a {@link ConfigException} naming the variable. The auth token is never printed:
 * {@link #toString()} masks it.
 *
 * @param apiBaseUrl          where REST requests go: https://api.twilio.com, or a local FakeTwilio
 * @param publicBaseUrl       how Twilio reaches this service; webhook URLs and signatures are built on it
 * @param smsFrom             the SMS sender number (E.164), or null when a messaging service sends
 * @param messagingServiceSid MG…, or null
 * @param voiceFrom           the caller id for voice calls (E.164), or null when voice is not used
 * @param collectorNumber     where a borrower pressing 1 is connected, or null
 * @param breakerOpen         how long an open breaker defers sends before it lets a trial through
 * @param requestTimeout      the HTTP response time-out; past it a send is ambiguous
 * @param maxRateWait         the longest a send waits for a rate-limiter permit before it is deferred
 */
public record TwilioSettings(
        String accountSid,
        String authToken,
        URI apiBaseUrl,
        String publicBaseUrl,
        String smsFrom,
        String messagingServiceSid,
        String voiceFrom,
        String collectorNumber,
        int messagesPerSecond,
        int callsPerSecond,
        int maxConcurrent,
        int breakerFailureRatePercent,
        int breakerWindow,
        int breakerMinimumCalls,
        Duration breakerOpen,
        int workerPoolSize,
        Duration requestTimeout,
        Duration maxRateWait,
        String voicemailText,
        String paymentOptionsText,
        String helpText) {

    public static final String DEFAULT_API_BASE_URL = "https://api.twilio.com";
    public static final String DEFAULT_VOICEMAIL = "Hello, this is a message from LoanDesk for the person we are trying to reach. "
            + "Please call us back. Thank you.";
    public static final String DEFAULT_PAYMENT_OPTIONS = "You can pay online in your account, by bank transfer, "
            + "or by calling us back during business hours to set up a payment plan.";
    public static final String DEFAULT_HELP = "LoanDesk: for help call us or visit our website. Reply STOP to opt out.";

    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
    private static final Pattern SERVICE_SID = Pattern.compile("MG[0-9a-fA-F]{32}");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    public TwilioSettings {
        require(accountSid != null && ACCOUNT_SID.matcher(accountSid).matches(),
                "TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits");
        require(authToken != null && !authToken.isBlank(), "TWILIO_AUTH_TOKEN must be set");
        require(apiBaseUrl != null && apiBaseUrl.getScheme() != null && apiBaseUrl.getHost() != null
                        && (apiBaseUrl.getScheme().equals("https") || apiBaseUrl.getScheme().equals("http")),
                "TWILIO_API_BASE_URL must be an http(s) URL, was '" + apiBaseUrl + "'");
        require(publicBaseUrl != null && (publicBaseUrl.startsWith("https://") || publicBaseUrl.startsWith("http://")),
                "PUBLIC_BASE_URL must be an http(s) URL, was '" + publicBaseUrl + "'");
        publicBaseUrl = stripSlash(publicBaseUrl);
        require(smsFrom == null || E164.matcher(smsFrom).matches(), "TWILIO_FROM_NUMBER must be E.164 (+15551234567)");
        require(voiceFrom == null || E164.matcher(voiceFrom).matches(), "TWILIO_VOICE_FROM_NUMBER must be E.164 (+15551234567)");
        require(collectorNumber == null || E164.matcher(collectorNumber).matches(),
                "TWILIO_COLLECTOR_NUMBER must be E.164 (+15551234567)");
        require(messagingServiceSid == null || SERVICE_SID.matcher(messagingServiceSid).matches(),
                "TWILIO_MESSAGING_SERVICE_SID must be MG followed by 32 hex digits");
        require(smsFrom != null || messagingServiceSid != null || voiceFrom != null,
                "one of TWILIO_FROM_NUMBER, TWILIO_MESSAGING_SERVICE_SID or TWILIO_VOICE_FROM_NUMBER must be set");
        require(messagesPerSecond >= 1 && messagesPerSecond <= 10_000, "TWILIO_SMS_PER_SECOND must be 1..10000, was " + messagesPerSecond);
        require(callsPerSecond >= 1 && callsPerSecond <= 1_000, "TWILIO_CALLS_PER_SECOND must be 1..1000, was " + callsPerSecond);
        require(maxConcurrent >= 1 && maxConcurrent <= 1_000, "TWILIO_MAX_CONCURRENT must be 1..1000, was " + maxConcurrent);
        require(breakerFailureRatePercent >= 1 && breakerFailureRatePercent <= 100,
                "TWILIO_BREAKER_FAILURE_RATE must be 1..100, was " + breakerFailureRatePercent);
        require(breakerWindow >= 1 && breakerWindow <= 10_000, "TWILIO_BREAKER_WINDOW must be 1..10000, was " + breakerWindow);
        require(breakerMinimumCalls >= 1 && breakerMinimumCalls <= breakerWindow,
                "TWILIO_BREAKER_MIN_CALLS must be 1..TWILIO_BREAKER_WINDOW, was " + breakerMinimumCalls);
        require(breakerOpen != null && !breakerOpen.isNegative() && !breakerOpen.isZero(), "TWILIO_BREAKER_OPEN_MS must be > 0");
        require(workerPoolSize >= 1 && workerPoolSize <= 200, "TWILIO_WORKER_POOL must be 1..200, was " + workerPoolSize);
        require(requestTimeout != null && requestTimeout.toMillis() >= 100 && requestTimeout.toSeconds() <= 120,
                "TWILIO_REQUEST_TIMEOUT_MS must be 100..120000");
        require(maxRateWait != null && !maxRateWait.isNegative(), "TWILIO_RATE_WAIT_MS must be >= 0");
        require(voicemailText != null && !voicemailText.isBlank(), "TWILIO_VOICEMAIL_TEXT must not be blank");
        require(paymentOptionsText != null && !paymentOptionsText.isBlank(), "TWILIO_PAYMENT_OPTIONS_TEXT must not be blank");
        spokenFits("TWILIO_VOICEMAIL_TEXT", voicemailText);
        spokenFits("TWILIO_PAYMENT_OPTIONS_TEXT", paymentOptionsText);
        require(helpText != null && !helpText.isBlank(), "TWILIO_HELP_TEXT must not be blank");
    }

    /** Reads the settings from environment variables; unset tuning values take their defaults. */
    /**
     * Spoken text is sent as TwiML, which Twilio takes up to {@link VoiceScripts#MAX_TWIML_CHARS}: refused at start
     * rather than on a live call. The text as XML escapes it, with room for the document around it.
     */
    private static void spokenFits(String key, String text) {
        int escaped = text.length();
        for (int i = 0; i < text.length(); i++) {
            switch (text.charAt(i)) {
                case '&' -> escaped += 4;
                case '<', '>' -> escaped += 3;
                case '"', '\'' -> escaped += 5;
                default -> { }
            }
        }
        require(escaped <= SPOKEN_MAX_CHARS, key + " must be at most " + SPOKEN_MAX_CHARS + " characters as TwiML (was " + escaped
                + "): Twilio takes at most " + VoiceScripts.MAX_TWIML_CHARS + " characters of TwiML per call update");
    }

    /** What spoken settings may take of Twilio's 4,000 characters: the rest is the TwiML around them. */
    static final int SPOKEN_MAX_CHARS = 3_000;

    public static TwilioSettings fromEnv(Map<String, String> env) {
        return new TwilioSettings(
                text(env, "TWILIO_ACCOUNT_SID", null),
                text(env, "TWILIO_AUTH_TOKEN", null),
                baseUrl(env, "TWILIO_API_BASE_URL", DEFAULT_API_BASE_URL),
                text(env, "PUBLIC_BASE_URL", null),
                text(env, "TWILIO_FROM_NUMBER", null),
                text(env, "TWILIO_MESSAGING_SERVICE_SID", null),
                text(env, "TWILIO_VOICE_FROM_NUMBER", null),
                text(env, "TWILIO_COLLECTOR_NUMBER", null),
                integer(env, "TWILIO_SMS_PER_SECOND", 10),
                integer(env, "TWILIO_CALLS_PER_SECOND", 1),
                integer(env, "TWILIO_MAX_CONCURRENT", 20),
                integer(env, "TWILIO_BREAKER_FAILURE_RATE", 50),
                integer(env, "TWILIO_BREAKER_WINDOW", 20),
                integer(env, "TWILIO_BREAKER_MIN_CALLS", 10),
                Duration.ofMillis(integer(env, "TWILIO_BREAKER_OPEN_MS", 30_000)),
                integer(env, "TWILIO_WORKER_POOL", 20),
                Duration.ofMillis(integer(env, "TWILIO_REQUEST_TIMEOUT_MS", 30_000)),
                Duration.ofMillis(integer(env, "TWILIO_RATE_WAIT_MS", 2_000)),
                text(env, "TWILIO_VOICEMAIL_TEXT", DEFAULT_VOICEMAIL),
                text(env, "TWILIO_PAYMENT_OPTIONS_TEXT", DEFAULT_PAYMENT_OPTIONS),
                text(env, "TWILIO_HELP_TEXT", DEFAULT_HELP));
    }

    /** The absolute URL Twilio calls for a webhook path such as {@code /webhooks/twilio/call-status}. */
    public String webhookUrl(String path) {
        return publicBaseUrl + path;
    }

    @Override
    public String toString() {
        return "TwilioSettings[accountSid=" + accountSid + ", authToken=****, apiBaseUrl=" + apiBaseUrl
                + ", publicBaseUrl=" + publicBaseUrl + ", messagesPerSecond=" + messagesPerSecond
                + ", callsPerSecond=" + callsPerSecond + ", maxConcurrent=" + maxConcurrent
                + ", workerPoolSize=" + workerPoolSize + ", requestTimeout=" + requestTimeout + "]";
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new ConfigException(message);
        }
    }

    private static String stripSlash(String s) {
        return s != null && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
