package com.loandesk.policies;

import com.loandesk.rules.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Under {@code extends} a rule may only be tightened, and a rule type that does not say how it compares cannot be redefined. */
class RulesSayHowTheyTightenTest {

    /** One entry of every configurable rule type, with only the keys it requires. */
    private static final String EVERY_TYPE = """
            rules:
              - {rule: QUIET_HOURS, start: '08:00', end: '21:00'}
              - {rule: INCONVENIENT_TIME}
              - {rule: DAILY_CAP, max: 2}
              - {rule: WEEKLY_CAP_PER_DEBT, max: 5}
              - {rule: CALLS_7_IN_7}
              - {rule: CONNECTED_CALLS_PER_DAY}
              - {rule: UNANSWERED_PER_NUMBER_PER_DAY}
              - {rule: MESSAGES_PER_DAY, channel: sms, max: 3}
              - {rule: CONTACT_CAP, id: MY_CAP, max: 3, rollingDays: 7}
              - {rule: TALK_TIME_PER_DAY}
              - {rule: CONVERSATION_LOCK}
              - {rule: HOLD}
              - {rule: CASE_CLOSED}
              - {rule: OPTED_OUT}
              - {rule: INVALID_ADDRESS}
              - {rule: NO_CONSENT}
              - {rule: THIRD_PARTY}
              - {rule: LETTER_MIN_BALANCE}
              - {rule: TIME_BARRED}
              - {rule: UNAPPROVED_TEMPLATE}
              - {rule: TEXT_SAFE_HARBOR}
            """;

    @Test
    void every_configurable_rule_type_accepts_its_own_definition_again() {
        List<Rule> rules = PolicyLoader.parse(Map.of("conf/policies/all.yaml", EVERY_TYPE)).get(0).rules();
        Set<String> types = new HashSet<>();
        for (Rule r : rules) {
            types.add(r.getClass().getSimpleName());
            assertNull(Tightening.loosening(r, r), r.id() + " must say how it compares with its parent (Rule.looserThan)");
        }
        assertEquals(PolicyRules.TYPES.size(), rules.size(), "the list above names every type PolicyRules builds");
        assertTrue(types.size() >= 15, types.toString());
    }

    @Test
    void a_rule_type_that_does_not_say_how_it_compares_is_never_accepted_as_a_redefinition() {
        Rule silent = new Rule() {
            @Override
            public String id() {
                return "SILENT";
            }

            @Override
            public Verdict evaluate(ContactContext context, Instant at) {
                return OK;
            }
        };
        String why = Tightening.loosening(silent, silent);
        assertNotNull(why);
        assertTrue(why.contains("copy the policy file"), why);
    }
}
