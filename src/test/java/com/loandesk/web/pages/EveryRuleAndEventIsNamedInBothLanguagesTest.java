package com.loandesk.web.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.store.HistoryEvent;
import com.loandesk.store.TaskState;
import com.loandesk.store.WaveStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pages name, in English and Chinese, every rule that can block or defer a contact and every event and task state
 * the case history records (js/i18n.js): a rule or event added without its names would reach a Chinese reader as a
 * bare id.
 */
class EveryRuleAndEventIsNamedInBothLanguagesTest {

    private static final Path I18N = Path.of("src/main/resources/webroot/js/i18n.js");
    // codes the dispatcher writes as a task's block or defer rule without a rule class of their own
    private static final List<String> DISPATCH_CODES = List.of("GATE_ERROR", "RETRY_BUDGET", "HANDED_BACK", "NO_CHANNEL",
            "CALLBACK", "NO_APPROVED_TEMPLATE", WaveStore.WAVE_CANCELLED);

    private static boolean named(String i18n, String id) {
        return Pattern.compile("(?m)^\\s*" + Pattern.quote(id) + ": \\{ en: ('[^']+'|\"[^\"]+\"), 'zh-CN': '[^']+' },?$").matcher(i18n).find();
    }

    @Test
    void every_rule_of_the_code_and_the_shipped_policies_has_an_english_and_a_chinese_name() throws IOException {
        String i18n = Files.readString(I18N);
        Set<String> rules = new TreeSet<>(DISPATCH_CODES);
        Pattern constant = Pattern.compile("static final String ID = \"([A-Z0-9_]+)\"");
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path p : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = constant.matcher(Files.readString(p));
                while (m.find()) {
                    rules.add(m.group(1));
                }
            }
        }
        // a policy's rules; CONTACT_CAP is a kind of rule that takes the id the policy gives it (a lender's own id)
        Pattern ruleLine = Pattern.compile("(?m)^\\s*-\\s*rule:\\s*([A-Z0-9_]+)");
        try (Stream<Path> policies = Files.list(Path.of("conf/policies"))) {
            for (Path p : policies.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Matcher m = ruleLine.matcher(Files.readString(p));
                while (m.find()) {
                    if (!m.group(1).equals("CONTACT_CAP")) {
                        rules.add(m.group(1));
                    }
                }
            }
        }
        List<String> unnamed = new ArrayList<>(rules.stream().filter(r -> !named(i18n, r)).toList());
        assertEquals(List.of(), unnamed, "rules without their names in " + I18N + " (of " + rules.size() + ")");
    }

    @Test
    void every_history_event_and_task_state_has_an_english_and_a_chinese_name() throws IOException {
        String i18n = Files.readString(I18N);
        List<String> unnamed = new ArrayList<>();
        for (HistoryEvent e : HistoryEvent.values()) {
            if (!named(i18n, e.code())) {
                unnamed.add(e.code());
            }
        }
        for (TaskState s : TaskState.values()) {
            if (!named(i18n, s.code())) {
                unnamed.add(s.code());
            }
        }
        assertEquals(List.of(), unnamed, "events and states without their names in " + I18N);
    }
}
