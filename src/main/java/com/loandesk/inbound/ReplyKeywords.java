package com.loandesk.inbound;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads what a borrower's SMS reply asks for: to stop (opt out), to start again (opt in), or help.
 * Pure: no I/O. The rules:
 * <ul>
 *   <li>English opt-out words (STOP, UNSUBSCRIBE, END, QUIT, CANCEL, STOPALL, REVOKE, OPTOUT, also
 *       "OPT OUT" / "OPT-OUT") count as whole words anywhere in the message, any case: "please stop".
 *       A word that merely contains one ("weekend", "stopped") does not.</li>
 *   <li>退订 counts anywhere (Chinese is written without spaces).</li>
 *   <li>The short Chinese-market replies TD, T and R count only as the whole message (punctuation and
 *       spaces around them tolerated), so that no word containing a t or r ever opts anybody out.</li>
 *   <li>START, UNSTOP and YES opt back in, and HELP / INFO ask for help, only as the whole message.</li>
 *   <li>An opt-out wins over anything else in the same message.</li>
 * </ul>
 */
public final class ReplyKeywords {

    public enum Intent { OPT_OUT, OPT_IN, HELP, NONE }

    /** What a reply asks for, and the keyword that said so (null for NONE). */
    public record Reply(Intent intent, String keyword) {
        public String code() {
            return intent == Intent.NONE ? null : intent.name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Set<String> OPT_OUT_WORDS = Set.of("STOP", "UNSUBSCRIBE", "END", "QUIT", "CANCEL", "STOPALL", "REVOKE", "OPTOUT");
    private static final List<String> OPT_OUT_ANYWHERE = List.of("退订");
    private static final Set<String> OPT_OUT_WHOLE = Set.of("TD", "T", "R");
    private static final Set<String> OPT_IN_WHOLE = Set.of("START", "UNSTOP", "YES");
    private static final Set<String> HELP_WHOLE = Set.of("HELP", "INFO");
    private static final Pattern OPT_OUT_SPLIT = Pattern.compile("\\bOPT[\\s_-]+OUT\\b");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern EDGES = Pattern.compile("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$");

    private ReplyKeywords() {
    }

    /**
     * What Twilio's Advanced Opt-Out said of a message ({@code OptOutType} STOP, START or HELP, the lender's
     * own keywords included), else what the keyword list finds in {@code body}. A free-text opt-out the
     * list finds still counts when Twilio reports nothing.
     */
    public static Reply classify(String optOutType, String body) {
        if (optOutType != null) {
            String type = optOutType.strip().toUpperCase(Locale.ROOT);
            switch (type) {
                case "STOP" -> { return new Reply(Intent.OPT_OUT, "OptOutType=STOP"); }
                case "START" -> { return new Reply(Intent.OPT_IN, "OptOutType=START"); }
                case "HELP" -> { return new Reply(Intent.HELP, "OptOutType=HELP"); }
                default -> { }
            }
        }
        return classify(body);
    }

    public static Reply classify(String body) {
        if (body == null) {
            return new Reply(Intent.NONE, null);
        }
        // full-width letters (ＳＴＯＰ, ＴＤ) fold to ASCII
        String text = Normalizer.normalize(body, Normalizer.Form.NFKC).toUpperCase(Locale.ROOT);
        text = OPT_OUT_SPLIT.matcher(text).replaceAll("OPTOUT");
        String whole = EDGES.matcher(text.strip()).replaceAll("");

        for (String word : NOT_WORD.split(text)) {
            if (OPT_OUT_WORDS.contains(word)) {
                return new Reply(Intent.OPT_OUT, word);
            }
        }
        for (String phrase : OPT_OUT_ANYWHERE) {
            if (text.contains(phrase)) {
                return new Reply(Intent.OPT_OUT, phrase);
            }
        }
        if (OPT_OUT_WHOLE.contains(whole)) {
            return new Reply(Intent.OPT_OUT, whole);
        }
        if (OPT_IN_WHOLE.contains(whole)) {
            return new Reply(Intent.OPT_IN, whole);
        }
        if (HELP_WHOLE.contains(whole)) {
            return new Reply(Intent.HELP, whole);
        }
        return new Reply(Intent.NONE, null);
    }
}
