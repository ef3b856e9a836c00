package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The service's refusals have Chinese ({@link ChineseMessages}): each sentence the code writes, and the rules' reasons. */
class RefusalsReadInChineseTest {

    private static final Pattern CJK = Pattern.compile("\\p{IsHan}");
    /**
     * Sentences whose words come from elsewhere, as the scan samples them, and a sentence they really make: a field
     * name before another class's words ("kind " + "must be one of …"), or the one generic shape whose callers each name
     * their own words (Fields.matching: each "what" is an entry of its own).
     */
    private static final java.util.Map<String, String> STANDS_FOR = java.util.Map.of(
            "after Q1", "after must be the next cursor of a previous page",
            "kind Q1", "kind must be one of written, oral, electronic, provided_number",
            "result Q1", "result must be one of reassigned, not_reassigned, no_data",
            "phone is Q1", "phone is not a valid phone number for region US",
            "Q1 must be Q2", "username must be 1-64 letters, digits or . _ @ -");

    @Test
    void every_entry_reads_in_chinese_keeping_its_variable_parts() {
        for (int i = 0; i < ChineseMessages.size(); i++) {
            String[] entry = ChineseMessages.entry(i);
            String english = entry[0].replace("{0}", "AAA").replace("{1}", "BBB").replace("{2}", "CCC");
            String chinese = ChineseMessages.translate(english);
            assertTrue(CJK.matcher(chinese).find(), entry[0] + " -> " + chinese);
            for (String part : List.of("AAA", "BBB", "CCC")) {
                assertEquals(english.contains(part), chinese.contains(part), entry[0] + " -> " + chinese);
            }
        }
    }

    @Test
    void the_most_specific_sentence_wins_and_a_rules_reason_inside_a_refusal_is_translated_too() {
        assertEquals("须给出 collector：要列出哪位催收员的当日工作", ChineseMessages.translate("collector is required: whose day to list"));
        assertEquals("reason 为必填项", ChineseMessages.translate("reason is required"));
        assertEquals("不在允许的时段 08:00-21:00 内（America/New_York）；14 天内没有允许联系的时间",
                ChineseMessages.translate("outside allowed hours 08:00-21:00 in America/New_York; no allowed moment within 14 days"));
        assertEquals("phone 不是 US 地区的有效电话号码", ChineseMessages.translate("phone is not a valid phone number for region US"));
        // a Texas number whose area code spans two zones: the reason says why it speaks of both
        assertEquals("不在允许的时段 08:00-21:00 内（America/Denver）（区号 915 横跨 America/Chicago 和 America/Denver；"
                        + "联系时间须在每一个可能时区的允许时段内）",
                ChineseMessages.translate("outside allowed hours 08:00-21:00 in America/Denver (area code 915 spans America/Chicago"
                        + " and America/Denver; the contact must be inside the hours in every one)"));
    }

    @Test
    void a_sentence_with_no_chinese_stays_english_whole() {
        assertEquals("the file is empty: a header row naming the columns comes first",
                ChineseMessages.translate("the file is empty: a header row naming the columns comes first"));
    }

    /**
     * Every refusal the web layer and the stores write (ApiException, Missing, Conflict) and every reason a contact rule
     * gives (Never, NotBefore), read from the source with each variable part as a sample value: each has its Chinese. A
     * new sentence without one fails here, naming it.
     */
    @Test
    void every_refusal_and_rule_reason_in_the_source_has_chinese() throws IOException {
        Pattern call = Pattern.compile("(?:ApiException\\.\\w+\\((?:\"[^\"]*\"|[\\w.()]+), |new (?:Missing|Conflict|Never|NotPermitted)\\("
                + "|new NotBefore\\([\\w.()]+, |reply\\(ctx, \\d+, new JsonObject\\(\\)[^;]*?\\.put\\(\"message\", )");
        List<String> missing = new ArrayList<>();
        int checked = 0;
        List<Path> sources;
        try (Stream<Path> files = Stream.of("web", "store", "rules", "auth").flatMap(d -> walk(Path.of("src/main/java/com/loandesk", d)))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path file : sources) {
            String text = Files.readString(file);
            Matcher m = call.matcher(text);
            while (m.find()) {
                String sample = sample(text, m.end());
                if (sample == null) {
                    continue; // the message is another exception's (its own sentence is checked where it is written)
                }
                checked++;
                sample = STANDS_FOR.getOrDefault(sample, sample);
                String chinese = ChineseMessages.translate(sample);
                if (chinese.equals(sample) || !CJK.matcher(chinese).find()) {
                    missing.add(file.getFileName() + ": " + sample);
                }
            }
        }
        assertTrue(checked > 150, "the scan found only " + checked + " sentences");
        assertTrue(missing.isEmpty(), "no Chinese for:\n" + String.join("\n", missing));
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The sentence an argument starting at {@code from} builds: its literals as they are, each other part as a sample
     * word ("Q1"); null when it has no literal of its own or chooses between sentences (a ternary).
     */
    private static String sample(String text, int from) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean literal = false;
        boolean any = false;
        int parts = 0;
        StringBuilder expr = new StringBuilder();
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && depth > 0) {
                int end = text.indexOf('"', i + 1);
                while (text.charAt(end - 1) == '\\') {
                    end = text.indexOf('"', end + 1);
                }
                expr.append('"');
                i = end;
                continue;
            }
            if (c == '"') {
                any = true;
                int end = text.indexOf('"', i + 1);
                while (text.charAt(end - 1) == '\\') {
                    end = text.indexOf('"', end + 1);
                }
                out.append(text, i + 1, end);
                i = end;
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' || (c == ',' && depth == 0)) {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == '?' && depth == 0) {
                return null;
            }
            if (depth == 0 && c == '+') {
                if (!expr.toString().isBlank()) {
                    out.append("Q").append(++parts);
                }
                expr.setLength(0);
            } else if (!Character.isWhitespace(c) || depth > 0) {
                expr.append(c);
            }
            literal = false;
        }
        if (!expr.toString().isBlank()) {
            out.append("Q").append(++parts);
        }
        return any ? out.toString().replace("\\\"", "\"") : null;
    }
}
