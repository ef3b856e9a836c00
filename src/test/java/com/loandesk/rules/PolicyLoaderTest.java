package com.loandesk.rules;

import com.loandesk.policies.PolicyLoader;

import static com.loandesk.rules.Ctx.assertDeferred;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyLoaderTest {

    private static final String FILE = "conf/policies/us-ma.yaml";

    private static PolicyException failing(String yaml) {
        return assertThrows(PolicyException.class, () -> PolicyLoader.parse(Map.of(FILE, yaml)));
    }

    @Test
    void a_negative_max_is_refused_naming_the_file_and_the_key() {
        var e = failing("""
                rules:
                  - rule: HOLD
                  - rule: OPTED_OUT
                  - rule: WEEKLY_CAP_PER_DEBT
                    max: -1
                """);
        assertEquals("conf/policies/us-ma.yaml: rules[2].max must be >= 0, was -1", e.getMessage());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "rules: [{rule: QUIET_HOUR}]"
                    + " | conf/policies/us-ma.yaml: rules[0].rule names unknown rule 'QUIET_HOUR'",
            "rules: [{rule: DAILY_CAP, maxx: 2}]"
                    + " | conf/policies/us-ma.yaml: rules[0].max is required",
            "rules: [{rule: DAILY_CAP, max: 2, maxx: 2}]"
                    + " | conf/policies/us-ma.yaml: rules[0] has unknown key 'maxx'",
            "rules: [{rule: DAILY_CAP, max: two}]"
                    + " | conf/policies/us-ma.yaml: rules[0].max must be an integer, was 'two'",
            "rules: [{rule: QUIET_HOURS, start: '08:00', end: 21:00}]"
                    + " | conf/policies/us-ma.yaml: rules[0].end must be a quoted time like \"21:00\", was the number 1260",
            "rules: [{rule: QUIET_HOURS, start: '21:00', end: '08:00'}]"
                    + " | conf/policies/us-ma.yaml: rules[0].start (21:00) must be before end (08:00)",
            "rules: [{rule: MESSAGES_PER_DAY, max: 3}]"
                    + " | conf/policies/us-ma.yaml: rules[0].channel is required",
            "rules: [{rule: MESSAGES_PER_DAY, channel: fax, max: 3}]"
                    + " | conf/policies/us-ma.yaml: rules[0].channel must be sms, voice or email, was 'fax'",
            "rules: [{rule: CONTACT_CAP, max: 3, rollingDays: 7}]"
                    + " | conf/policies/us-ma.yaml: rules[0].id is required",
            "rules: [{rule: CONTACT_CAP, id: X, max: 3}]"
                    + " | conf/policies/us-ma.yaml: rules[0].rollingDays or localDays is required for CONTACT_CAP",
            "rules: [{rule: CONTACT_CAP, id: X, max: 3, localDays: 1, counts: dials}]"
                    + " | conf/policies/us-ma.yaml: rules[0].counts must be one of",
            "rules: [{rule: DAILY_CAP, max: 2, stages: [early, overdue]}]"
                    + " | conf/policies/us-ma.yaml: rules[0].stages has unknown value 'overdue'",
            "rules: [{rule: HOLD, kinds: [dispute, holiday]}]"
                    + " | conf/policies/us-ma.yaml: rules[0].kinds has unknown value 'holiday'",
            "rules: [HOLD]"
                    + " | conf/policies/us-ma.yaml: rules[0] must be a mapping like {rule: HOLD}, was HOLD",
            "rule: [{rule: HOLD}]"
                    + " | conf/policies/us-ma.yaml: unknown key 'rule'",
            "jurisdictions: [US-MA]"
                    + " | conf/policies/us-ma.yaml: rules is required",
            "rules: {rule: HOLD}"
                    + " | conf/policies/us-ma.yaml: rules must be a list",
            "'rules: ['"
                    + " | conf/policies/us-ma.yaml: not valid YAML",
    })
    void bad_input_is_refused_with_the_file_and_key_named(String yaml, String message) {
        var e = failing(yaml);
        assertTrue(e.getMessage().startsWith(message), () -> "message was: " + e.getMessage());
    }

    @Test
    void extending_a_preset_may_tighten_it_in_place_and_add_rules() throws IOException {
        var sources = presets();
        sources.put("conf/policies/acme.yaml", """
                extends: us-reg-f
                jurisdictions: [US-NY]
                rules:
                  - rule: CALLS_7_IN_7
                    max: 5
                  - rule: QUIET_HOURS
                    start: "09:00"
                    end: "20:00"
                  - rule: DAILY_CAP
                    max: 1
                """);
        Policy acme = byName(PolicyLoader.parse(sources), "acme");
        Policy regF = byName(PolicyLoader.parse(presets()), "us-reg-f");
        assertEquals(regF.rules().size() + 1, acme.rules().size());
        assertEquals(List.of("US-NY"), acme.jurisdictions());
        ContactCap calls = (ContactCap) acme.rules().stream().filter(r -> r.id().equals("CALLS_7_IN_7")).findFirst().orElseThrow();
        assertEquals(5, calls.max());
        // the replacement took the parent's place
        assertEquals(regF.rules().indexOf(regF.rules().stream().filter(r -> r.id().equals("CALLS_7_IN_7")).findFirst().orElseThrow()),
                acme.rules().indexOf(calls));
        assertDeferred(acme.gate().check(Ctx.voice().build(), Instant.parse("2026-06-10T12:30:00Z")), "QUIET_HOURS",
                "2026-06-10T13:00:00Z");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{rule: CALLS_7_IN_7, max: 8}"
                    + " | conf/policies/acme.yaml: rules[0] (CALLS_7_IN_7) max 8 is more than 7 in us-reg-f",
            "{rule: QUIET_HOURS, start: '07:30', end: '21:00'}"
                    + " | conf/policies/acme.yaml: rules[0] (QUIET_HOURS) window 07:30-21:00 is not within 08:00-21:00",
            "{rule: CONVERSATION_LOCK, days: 3}"
                    + " | conf/policies/acme.yaml: rules[0] (CONVERSATION_LOCK) locks fewer days than 7",
            "{rule: CALLS_7_IN_7, counts: connected}"
                    + " | conf/policies/acme.yaml: rules[0] (CALLS_7_IN_7) counts differently",
            "{rule: HOLD, kinds: [fraud]}"
                    + " | conf/policies/acme.yaml: rules[0] (HOLD) blocks fewer hold kinds",
            "{rule: CALLS_7_IN_7, max: 5, stages: [early]}"
                    + " | conf/policies/acme.yaml: rules[0] (CALLS_7_IN_7) applies to fewer stages",
    })
    void extending_a_preset_may_not_loosen_it(String entry, String message) throws IOException {
        var sources = presets();
        sources.put("conf/policies/acme.yaml", "extends: us-reg-f\nrules: [" + entry + "]\n");
        var e = assertThrows(PolicyException.class, () -> PolicyLoader.parse(sources));
        assertTrue(e.getMessage().startsWith(message), () -> "message was: " + e.getMessage());
    }

    @Test
    void extends_must_name_a_loaded_policy_and_may_not_loop() {
        var e = assertThrows(PolicyException.class, () -> PolicyLoader.parse(Map.of("p/a.yaml", "extends: nope\n")));
        assertEquals("p/a.yaml: extends names unknown policy 'nope' (known: a)", e.getMessage());
        var loop = assertThrows(PolicyException.class, () -> PolicyLoader.parse(new TreeMap<>(Map.of(
                "p/a.yaml", "extends: b\n", "p/b.yaml", "extends: a\n"))));
        assertTrue(loop.getMessage().contains("extends forms a cycle"), loop::getMessage);
    }

    @Test
    void two_policies_may_not_serve_the_same_jurisdiction() {
        var policies = PolicyLoader.parse(new TreeMap<>(Map.of(
                "p/a.yaml", "jurisdictions: [US]\nrules: [{rule: HOLD}]\n",
                "p/b.yaml", "jurisdictions: [us]\nrules: [{rule: HOLD}]\n")));
        var e = assertThrows(PolicyException.class, () -> new PolicyBook(policies));
        assertEquals("p/b.yaml: jurisdiction US is also served by p/a.yaml", e.getMessage());
    }

    private static Map<String, String> presets() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (var files = Files.list(Path.of("conf/policies"))) {
            for (Path f : files.toList()) {
                out.put(f.toString(), Files.readString(f));
            }
        }
        return out;
    }

    private static Policy byName(List<Policy> policies, String name) {
        return policies.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
