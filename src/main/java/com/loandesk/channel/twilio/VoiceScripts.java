package com.loandesk.channel.twilio;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Say;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The TwiML of a reminder call, built with {@code com.twilio.twiml}: the reminder in the borrower's
 * language, then one digit: 1 connects to a collector, 2 plays the payment options. A machine only
 * ever hears the limited-content voicemail.
 */
public final class VoiceScripts {

    public static final String GATHER_PATH = "/webhooks/twilio/gather";

    private final TwilioSettings settings;

    public VoiceScripts(TwilioSettings settings) {
        this.settings = settings;
    }

    /** The call's opening: the reminder and the menu inside one Gather, its answer posted to the gather webhook. */
    public String reminder(String text, String locale, long taskId) {
        Say.Language lang = language(locale);
        boolean zh = isChinese(locale);
        String menu = zh ? "请按1联系客服专员，按2收听还款方式。" : "Press 1 to speak to a collector. Press 2 to hear your payment options.";
        String action = settings.webhookUrl(GATHER_PATH) + "?task=" + taskId + "&lang="
                + URLEncoder.encode(locale == null ? "en" : locale, StandardCharsets.UTF_8);
        Gather gather = new Gather.Builder()
                .inputs(Gather.Input.DTMF)
                .numDigits(1)
                .timeout(8)
                .action(action)
                .method(HttpMethod.POST)
                .say(say(text, lang))
                .say(say(menu, lang))
                .build();
        return new VoiceResponse.Builder()
                .gather(gather)
                .say(say(zh ? "没有收到您的选择，再见。" : "We did not receive a choice. Goodbye.", lang))
                .hangup(new Hangup.Builder().build())
                .build().toXml();
    }

    /** The limited-content voicemail: no debt, no amount, only who to call back. */
    public String voicemail(String locale) {
        return new VoiceResponse.Builder()
                .say(say(settings.voicemailText(), language(locale)))
                .hangup(new Hangup.Builder().build())
                .build().toXml();
    }

    /** What the caller hears after pressing {@code digits}. */
    public String afterGather(String digits, String locale) {
        Say.Language lang = language(locale);
        boolean zh = isChinese(locale);
        VoiceResponse.Builder r = new VoiceResponse.Builder();
        if ("1".equals(digits) && settings.collectorNumber() != null) {
            String callerId = settings.voiceFrom();
            Dial.Builder dial = new Dial.Builder().number(new com.twilio.twiml.voice.Number.Builder(settings.collectorNumber()).build());
            if (callerId != null) {
                dial.callerId(callerId);
            }
            r.say(say(zh ? "正在为您转接客服专员。" : "Connecting you to a collector.", lang)).dial(dial.build());
        } else if ("1".equals(digits)) {
            r.say(say(zh ? "客服专员暂时无法接听，请稍后回电。" : "No collector is available right now. Please call us back.", lang));
        } else if ("2".equals(digits)) {
            r.say(say(settings.paymentOptionsText(), lang));
        } else {
            r.say(say(zh ? "再见。" : "Goodbye.", lang));
        }
        return r.hangup(new Hangup.Builder().build()).build().toXml();
    }

    static Say.Language language(String locale) {
        String l = locale == null ? "en" : locale.toLowerCase(Locale.ROOT);
        if (l.startsWith("zh-tw") || l.startsWith("zh-hant")) {
            return Say.Language.ZH_TW;
        }
        if (l.startsWith("zh-hk")) {
            return Say.Language.ZH_HK;
        }
        if (l.startsWith("zh")) {
            return Say.Language.ZH_CN;
        }
        if (l.startsWith("es")) {
            return Say.Language.ES_US;
        }
        return Say.Language.EN_US;
    }

    private static boolean isChinese(String locale) {
        return locale != null && locale.toLowerCase(Locale.ROOT).startsWith("zh");
    }

    private static Say say(String text, Say.Language lang) {
        return new Say.Builder(text).language(lang).build();
    }
}
