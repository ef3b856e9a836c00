package com.loandesk.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a new password must be: 12 to 1024 characters, not one of the most common passwords, not containing the
 * username. The common passwords are SecLists' {@code 10k-most-common.txt} (the resource {@code common-passwords.txt});
 * a password is refused when, lower-cased, it is on the list, or is a listed password followed only by digits and
 * punctuation ({@code Password12345!}).
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 1024;
    static final String RESOURCE = "common-passwords.txt";
    private static final Set<String> COMMON = load();

    private PasswordPolicy() {
    }

    /** Why {@code password} may not be {@code username}'s password, or null when it may. */
    public static String problem(String username, String password) {
        if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            return "password must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters";
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (username != null && !username.isEmpty() && lower.contains(username.toLowerCase(Locale.ROOT))) {
            return "password must not contain the username";
        }
        if (isCommon(lower)) {
            return "password is one of the most common passwords; choose another";
        }
        return null;
    }

    /** True when {@code password} is a common one, or a common one followed only by digits and punctuation. */
    static boolean isCommon(String password) {
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower)) {
            return true;
        }
        int end = lower.length();
        while (end > 0 && !Character.isLetter(lower.charAt(end - 1)) && !Character.isWhitespace(lower.charAt(end - 1))) {
            end--;
        }
        return end > 0 && end < lower.length() && COMMON.contains(lower.substring(0, end));
    }

    private static Set<String> load() {
        Set<String> out = new HashSet<>(16_384);
        try (InputStream in = PasswordPolicy.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String p = line.strip();
                if (!p.isEmpty()) {
                    out.add(p.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return Set.copyOf(out);
    }
}
