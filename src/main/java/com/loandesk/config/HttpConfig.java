package com.loandesk.config;

import io.vertx.core.json.JsonObject;

/**
 * The service's HTTP face: the address and port it listens on. {@code PORT} and {@code BIND_ADDRESS} override
 * them. The API's body limit (1 MiB) and the webhooks' (64 KiB) are fixed in code, not configured.
 */
public record HttpConfig(String host, int port) {

    public static HttpConfig from(JsonObject root) {
        Settings s = Settings.of(root, "http");
        HttpConfig config = new HttpConfig(s.text("host", "0.0.0.0"), s.intIn("port", 0, 65535, 8080));
        s.refuseUnknown();
        return config;
    }
}
