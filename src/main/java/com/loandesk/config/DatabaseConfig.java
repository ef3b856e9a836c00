package com.loandesk.config;

import io.vertx.core.json.JsonObject;

/**
 * How the service uses PostgreSQL. Where the server is comes from the environment ({@code DATABASE_URL}
 * or the {@code PG*} variables), else a local server on 127.0.0.1:5432, else an embedded one.
 */
public record DatabaseConfig(int poolSize, int maxWaitQueue, String localDatabase, boolean embeddedFallback) {

    public static DatabaseConfig from(JsonObject root) {
        Settings s = Settings.of(root, "database");
        return new DatabaseConfig(
                s.intIn("poolSize", 1, 200, 8),
                s.intIn("maxWaitQueue", 1, 1_000_000, 2048),
                s.text("localDatabase", "loandesk"),
                s.bool("embeddedFallback", true));
    }
}
