package com.loandesk.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twilio.security.RequestValidator;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSignatureMatchesRequestValidatorTest {

    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final Map<String, String> PARAMS = Map.of(
            "CallSid", "CA1234567890ABCDE", "Caller", "+12349013030", "Digits", "1234",
            "From", "+12349013030", "To", "+18005551212");

    @Test
    void the_documented_example_signs_to_the_documented_value() {
        assertEquals("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", TwilioSignature.sign("12345", URL, PARAMS));
    }

    @Test
    void twilio_java_accepts_what_the_fake_signs() {
        String sig = TwilioSignature.sign("secret-token", URL, PARAMS);
        assertTrue(new RequestValidator("secret-token").validate(URL, PARAMS, sig));
    }

    @Test
    void twilio_java_refuses_tampered_params_or_another_token() {
        String sig = TwilioSignature.sign("secret-token", URL, PARAMS);
        Map<String, String> tampered = new HashMap<>(PARAMS);
        tampered.put("Digits", "9");
        assertFalse(new RequestValidator("secret-token").validate(URL, tampered, sig));
        assertFalse(new RequestValidator("other-token").validate(URL, PARAMS, sig));
    }
}
