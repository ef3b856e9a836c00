package com.loandesk.channel.twilio;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.config.ConfigException;
import com.loandesk.testsupport.TwilioTestEnv;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A voicemail or payment-options text that would not fit Twilio's 4,000 characters of TwiML stops the start. */
class SpokenSettingsOverTwilioLimitAreRefusedTest {

    private static Map<String, String> env(String key, String text) {
        Map<String, String> env = new HashMap<>();
        env.put("TWILIO_ACCOUNT_SID", TwilioTestEnv.ACCOUNT_SID);
        env.put("TWILIO_AUTH_TOKEN", TwilioTestEnv.AUTH_TOKEN);
        env.put("PUBLIC_BASE_URL", "https://desk.example.com");
        env.put("TWILIO_FROM_NUMBER", TwilioTestEnv.SMS_FROM);
        env.put(key, text);
        return env;
    }

    @Test
    void a_voicemail_text_too_long_for_twilio_is_refused_naming_the_setting() {
        var e = assertThrows(ConfigException.class,
                () -> TwilioSettings.fromEnv(env("TWILIO_VOICEMAIL_TEXT", "Please call us back. ".repeat(150))));
        assertTrue(e.getMessage().contains("TWILIO_VOICEMAIL_TEXT") && e.getMessage().contains("4000"), e.getMessage());
    }

    @Test
    void escaping_counts_a_text_that_fits_only_unescaped_is_refused() {
        String text = "A & B ".repeat(420); // 2,520 characters, 4,200 once each & is written &amp;
        var e = assertThrows(ConfigException.class, () -> TwilioSettings.fromEnv(env("TWILIO_PAYMENT_OPTIONS_TEXT", text)));
        assertTrue(e.getMessage().contains("TWILIO_PAYMENT_OPTIONS_TEXT"), e.getMessage());
    }

    @Test
    void a_text_within_the_limit_starts() {
        TwilioSettings.fromEnv(env("TWILIO_VOICEMAIL_TEXT", "Please call Acme Lending back on 0800 000 000. ".repeat(50)));
    }
}
