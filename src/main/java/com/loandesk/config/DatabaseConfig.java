package com.loandesk.config;

import io.vertx.core.json.JsonObject;

/**
 * How the service uses PostgreSQL. Where the server is comes from the environment ({@code DATABASE_URL}
 * or the {@code PG*} variables); without them, {@code fallback} says where else to look (production: nowhere).
 */
public record DatabaseConfig(int poolSize, int maxWaitQueue, String localDatabase, DatabaseFallback fallback) {

    public static DatabaseConfig from(JsonObject root) {
        Settings s = Settings.of(root, "database");
        DatabaseConfig config = new DatabaseConfig(
                s.intIn("poolSize", 1, 200, 8),
                s.intIn("maxWaitQueue", 1, 1_000_000, 2048),
                s.text("localDatabase", "loandesk"),
                DatabaseFallback.of("database.fallback", s.text("fallback", DatabaseFallback.NONE.code())));
        s.refuseUnknown();
        return config;
    }
}
