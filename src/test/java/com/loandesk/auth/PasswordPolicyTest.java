package com.loandesk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    @Test
    void the_shipped_list_holds_ten_thousand_passwords_from_its_first_to_its_last() throws IOException {
        try (InputStream in = PasswordPolicy.class.getClassLoader().getResourceAsStream(PasswordPolicy.RESOURCE)) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertEquals(10_000, text.lines().count());
        }
        assertTrue(PasswordPolicy.isCommon("password"));
        assertTrue(PasswordPolicy.isCommon("eyphed"), "the list's last entry");
        assertTrue(PasswordPolicy.isCommon("QWERTY"), "regardless of case");
    }

    @Test
    void a_common_password_followed_only_by_digits_or_punctuation_is_common_but_one_inside_a_phrase_is_not() {
        assertTrue(PasswordPolicy.isCommon("Dragon2026!!"));
        assertTrue(PasswordPolicy.isCommon("letmein-12345"));
        assertFalse(PasswordPolicy.isCommon("dragon fruit smoothie"));
        assertFalse(PasswordPolicy.isCommon("123456789012"), "digits alone are not stripped to nothing");
    }

    @Test
    void the_policy_names_the_rule_a_password_breaks() {
        assertTrue(PasswordPolicy.problem("cole", "short").contains("12 to 1024"));
        assertTrue(PasswordPolicy.problem("cole", "x".repeat(1025)).contains("12 to 1024"));
        assertTrue(PasswordPolicy.problem("cole", "I am Nicole Smith").contains("username"), "case-insensitive");
        assertTrue(PasswordPolicy.problem("cole", "masterbating").contains("most common"));
        assertNull(PasswordPolicy.problem("cole", "tea with lemon, no sugar"));
    }
}
