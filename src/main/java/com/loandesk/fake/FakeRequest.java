package com.loandesk.fake;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One request FakeTwilio received: its form parameters and the status it answered. */
public record FakeRequest(String method, String path, Map<String, List<String>> params, int status, Instant at) {

    /** The first value of {@code name}, or null. */
    public String param(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public boolean isPost() {
        return "POST".equals(method);
    }
}
