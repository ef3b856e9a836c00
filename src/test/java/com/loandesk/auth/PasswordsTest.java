package com.loandesk.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordsTest {

    @Test
    void a_hash_is_salted_pbkdf2_with_at_least_210000_iterations_and_verifies_only_its_password() {
        String a = Passwords.hash("correct horse battery");
        String b = Passwords.hash("correct horse battery");
        assertNotEquals(a, b, "random salt");
        String[] parts = a.split("\\$");
        assertEquals("pbkdf2-sha256", parts[0]);
        assertTrue(Integer.parseInt(parts[1]) >= 210_000);
        assertTrue(Passwords.verify("correct horse battery", a));
        assertFalse(Passwords.verify("correct horse batterY", a));
        assertFalse(Passwords.verify("anything", null));
        assertFalse(Passwords.verify("anything", "md5$1$x$y"));
    }

    @Test
    void tokens_are_random_and_stored_as_sha256() {
        String t = Tokens.newToken();
        assertTrue(t.length() >= 43);
        assertNotEquals(t, Tokens.newToken());
        assertEquals(32, Tokens.sha256(t).length);
        assertArrayEquals(Tokens.sha256(t), Tokens.sha256(new String(t)));
    }
}
