package com.loandesk.testsupport;

import com.loandesk.channel.OutboundContact;
import com.loandesk.channel.twilio.TwilioSettings;
import com.loandesk.fake.FakeTwilio;
import com.loandesk.rules.Channel;
import java.util.HashMap;
import java.util.Map;

/** Settings that aim the production Twilio adapters at a {@link FakeTwilio}, as TWILIO_API_BASE_URL would. */
public final class TwilioTestEnv {

    public static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    public static final String AUTH_TOKEN = "test-auth-token-not-a-secret";
    public static final String SMS_FROM = "+15005550006";
    public static final String VOICE_FROM = "+15005550007";

    private TwilioTestEnv() {
    }

    /** The environment a service aimed at {@code fake} would have, with {@code overrides} on top. */
    public static Map<String, String> env(FakeTwilio fake, String publicBaseUrl, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("TWILIO_ACCOUNT_SID", ACCOUNT_SID);
        env.put("TWILIO_AUTH_TOKEN", AUTH_TOKEN);
        env.put("TWILIO_API_BASE_URL", fake.baseUrl());
        env.put("PUBLIC_BASE_URL", publicBaseUrl);
        env.put("TWILIO_FROM_NUMBER", SMS_FROM);
        env.put("TWILIO_VOICE_FROM_NUMBER", VOICE_FROM);
        env.put("TWILIO_COLLECTOR_NUMBER", "+15005550009");
        env.put("TWILIO_SMS_PER_SECOND", "100");
        env.put("TWILIO_CALLS_PER_SECOND", "100");
        // a JVM's first request can take over a second on a loaded 2-core machine (twilio-java's classes load):
        // tests of the time-out hang the fake past this, so it need not be short
        env.put("TWILIO_REQUEST_TIMEOUT_MS", "3000");
        env.put("TWILIO_WORKER_POOL", "4");
        env.putAll(overrides);
        return env;
    }

    public static TwilioSettings settings(FakeTwilio fake, String publicBaseUrl, Map<String, String> overrides) {
        return TwilioSettings.fromEnv(env(fake, publicBaseUrl, overrides));
    }

    public static TwilioSettings settings(FakeTwilio fake) {
        return settings(fake, "http://localhost:1", Map.of());
    }

    /**
     * The least a service needs to answer webhooks: the account, its auth token and PUBLIC_BASE_URL,
     * with {@code env} on top (a sender number at least). No tuning, no API base URL.
     */
    public static TwilioSettings webhookSettings(String publicBaseUrl, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("TWILIO_ACCOUNT_SID", ACCOUNT_SID);
        all.put("TWILIO_AUTH_TOKEN", AUTH_TOKEN);
        all.put("PUBLIC_BASE_URL", publicBaseUrl);
        return TwilioSettings.fromEnv(all);
    }

    public static OutboundContact sms(long taskId, String to) {
        return new OutboundContact(taskId, 1, 1, Channel.SMS, to, "reminder", "en", null, "Your payment is due.");
    }

    public static OutboundContact call(long taskId, String to, String locale) {
        return new OutboundContact(taskId, 1, 1, Channel.VOICE, to, "reminder", locale, null, "Your payment is due.");
    }
}
