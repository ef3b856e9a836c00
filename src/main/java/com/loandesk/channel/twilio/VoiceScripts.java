package com.loandesk.channel.twilio;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Pause;
import com.twilio.twiml.voice.Recording;
import com.twilio.twiml.voice.Say;
import com.twilio.twiml.voice.Start;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The TwiML of a reminder call, built with {@code com.twilio.twiml}, in three stages so that nobody hears
 * debt content before confirming who they are, and a machine hears only the limited-content voicemail:
 * <ol>
 *   <li>{@link #opening}: the call's own TwiML is silence, longer than answering-machine detection may take.
 *       Twilio runs it at once (AsyncAmd), so whatever it said would reach a machine's greeting and voicemail.</li>
 *   <li>When detection reports a person, {@link #identity} replaces it: who is calling and for whom, press 1
 *       if you are that person. A machine ({@code machine_end_*}) or an unknown answer gets {@link #voicemail}.</li>
 *   <li>After 1, {@link #confirmed}: the recording notice, then the recording starts, then the reminder
 *       (the rendered template, from the gather webhook) and the menu. Anything else ends the call without it.</li>
 * </ol>
 * Every {@code <Say>} speaks its text with that text's own language: the fixed phrases are English or
 * Chinese, the reminder is in its template's locale, configured texts are read by their script.
 */
public final class VoiceScripts {

    public static final String GATHER_PATH = "/webhooks/twilio/gather";
    public static final String RECORDING_PATH = "/webhooks/twilio/recording-status";
    /** Twilio's MachineDetectionTimeout, set explicitly on every call (its default, 30 s). */
    public static final int MACHINE_DETECTION_TIMEOUT_S = 30;
    /** The opening's silence: longer than detection may take, so the call never ends before its verdict. */
    public static final int OPENING_PAUSE_S = MACHINE_DETECTION_TIMEOUT_S + 15;
    /** Twilio refuses a Twiml parameter longer than this. */
    public static final int MAX_TWIML_CHARS = 4_000;
    public static final String STEP_IDENTITY = "identity";
    public static final String STEP_MENU = "menu";

    private final TwilioSettings settings;

    public VoiceScripts(TwilioSettings settings) {
        this.settings = settings;
    }

    /** The call's own TwiML: no words at all until detection says who answered. */
    public String opening() {
        return new VoiceResponse.Builder()
                .pause(new Pause.Builder().length(OPENING_PAUSE_S).build())
                .hangup(new Hangup.Builder().build())
                .build().toXml();
    }

    /** For a person: who calls for whom; 1 if you are them. No debt content. */
    public String identity(long taskId, int attempt, String locale, String addressee, String caller) {
        boolean zh = isChinese(locale);
        Say.Language lang = phraseLanguage(locale);
        String name = addressee == null || addressee.isBlank() ? null : addressee.strip();
        String from = caller == null || caller.isBlank() ? null : caller.strip();
        String prompt;
        if (zh) {
            prompt = (from == null ? "您好，" : "您好，这里是" + from + "，")
                    + (name == null ? "我们要找本电话的登记用户。如果您是本人，请按1；如果不是，请按2。"
                    : "我们要找" + name + "。如果您是" + name + "本人，请按1；如果不是，请按2。");
        } else {
            prompt = "Hello, this is " + (from == null ? "a call" : from) + " calling for "
                    + (name == null ? "the person registered with this number. If that is you, press 1. If not, press 2."
                    : name + ". If you are " + name + ", press 1. If you are not " + name + ", press 2.");
        }
        Gather gather = new Gather.Builder()
                .inputs(Gather.Input.DTMF)
                .numDigits(1)
                .timeout(10)
                .action(action(taskId, attempt, locale, STEP_IDENTITY))
                .method(HttpMethod.POST)
                .say(say(prompt, lang))
                .build();
        return new VoiceResponse.Builder()
                .gather(gather)
                .say(say(zh ? "没有收到您的选择，再见。" : "We did not receive a choice. Goodbye.", lang))
                .hangup(new Hangup.Builder().build())
                .build().toXml();
    }

    /** The limited-content voicemail: no debt, no amount, only who to call back. */
    public String voicemail() {
        String text = settings.voicemailText();
        return new VoiceResponse.Builder()
                .say(say(text, languageOfText(text)))
                .hangup(new Hangup.Builder().build())
                .build().toXml();
    }

    /** The answer to the identity prompt: only 1 with a script to read hears the reminder (null script: none kept). */
    public String afterIdentity(String digits, long taskId, int attempt, String locale, VoiceScriptStore.Script script) {
        boolean zh = isChinese(locale);
        Say.Language lang = phraseLanguage(locale);
        if (!"1".equals(digits)) {
            return new VoiceResponse.Builder()
                    .say(say(zh ? "抱歉打扰您了，再见。" : "Sorry to have disturbed you. Goodbye.", lang))
                    .hangup(new Hangup.Builder().build()).build().toXml();
        }
        if (script == null) {
            return new VoiceResponse.Builder()
                    .say(say(zh ? "抱歉，暂时无法提供信息，请回电联系我们。" : "Sorry, we cannot give you the details right now. Please call us back.", lang))
                    .hangup(new Hangup.Builder().build()).build().toXml();
        }
        return confirmed(settings.webhookUrl(GATHER_PATH), settings.webhookUrl(RECORDING_PATH), taskId, attempt, script.locale(), script.body());
    }

    /**
     * What the borrower hears once confirmed: the recording notice, then (only then) the recording starts,
     * then {@code body} in {@code locale}'s voice and the menu. Pure, so a template can be measured with it.
     */
    public static String confirmed(String gatherUrl, String recordingUrl, long taskId, int attempt, String locale, String body) {
        boolean zh = isChinese(locale);
        Say.Language phrases = phraseLanguage(locale);
        String notice = zh ? "为保证服务质量，本次通话将被录音。" : "This call is recorded.";
        String menu = zh ? "请按1联系客服专员，按2收听还款方式。" : "Press 1 to speak to a collector. Press 2 to hear your payment options.";
        Recording recording = new Recording.Builder()
                .recordingStatusCallback(recordingUrl)
                .recordingStatusCallbackMethod(Recording.RecordingStatusCallbackMethod.POST)
                .build();
        Gather gather = new Gather.Builder()
                .inputs(Gather.Input.DTMF)
                .numDigits(1)
                .timeout(8)
                .action(action(gatherUrl, taskId, attempt, locale, STEP_MENU))
                .method(HttpMethod.POST)
                .say(say(body, language(locale)))
                .say(say(menu, phrases))
                .build();
        return new VoiceResponse.Builder()
                .say(say(notice, phrases))
                .start(new Start.Builder().recording(recording).build())
                .gather(gather)
                .say(say(zh ? "没有收到您的选择，再见。" : "We did not receive a choice. Goodbye.", phrases))
                .hangup(new Hangup.Builder().build())
                .build().toXml();
    }

    /** What the caller hears after pressing {@code digits} in the menu (after confirming). */
    public String afterGather(String digits, String locale) {
        Say.Language lang = phraseLanguage(locale);
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
            String options = settings.paymentOptionsText();
            r.say(say(options, languageOfText(options)));
        } else {
            r.say(say(zh ? "再见。" : "Goodbye.", lang));
        }
        return r.hangup(new Hangup.Builder().build()).build().toXml();
    }

    private String action(long taskId, int attempt, String locale, String step) {
        return action(settings.webhookUrl(GATHER_PATH), taskId, attempt, locale, step);
    }

    private static String action(String gatherUrl, long taskId, int attempt, String locale, String step) {
        return gatherUrl + "?task=" + taskId + "&attempt=" + attempt + "&step=" + step + "&lang="
                + URLEncoder.encode(locale == null ? "en" : locale, StandardCharsets.UTF_8);
    }

    /** The voice for text written in {@code locale}. */
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

    /** The voice for the fixed phrases, which exist in Chinese and English only. */
    static Say.Language phraseLanguage(String locale) {
        return isChinese(locale) ? language(locale) : Say.Language.EN_US;
    }

    /** The voice for a configured text whose language is not declared: Chinese if it has Han characters. */
    static Say.Language languageOfText(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)
                ? Say.Language.ZH_CN : Say.Language.EN_US;
    }

    static boolean isChinese(String locale) {
        return locale != null && locale.toLowerCase(Locale.ROOT).startsWith("zh");
    }

    private static Say say(String text, Say.Language lang) {
        return new Say.Builder(text).language(lang).build();
    }
}
