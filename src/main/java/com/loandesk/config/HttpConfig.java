package com.loandesk.config;

import io.vertx.core.json.JsonObject;

/** The service's HTTP face. */
public record HttpConfig(int port, int bodyLimitBytes) {

    public static HttpConfig from(JsonObject root) {
        Settings s = Settings.of(root, "http");
        return new HttpConfig(s.intIn("port", 0, 65535, 8080), s.intIn("bodyLimitBytes", 1024, 16 * 1024 * 1024, 64 * 1024));
    }
}
