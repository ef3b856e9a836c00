package com.loandesk.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where the service looks for PostgreSQL when neither {@code DATABASE_URL} nor the {@code PG*} variables say.
 * Production says {@code none}: a database that is not configured is an error, never a guess.
 */
public enum DatabaseFallback {
    /** Only DATABASE_URL or PG*; without them the service refuses to start. */
    NONE("none"),
    /** Else the server on 127.0.0.1:5432 (trust auth), where {@code database.localDatabase} is created if missing. */
    LOCAL("local"),
    /** Else that local server, else an embedded PostgreSQL in a temporary directory, gone with the process (demo only). */
    LOCAL_OR_EMBEDDED("local-or-embedded");

    private final String code;

    DatabaseFallback(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    static DatabaseFallback of(String key, String value) {
        return Arrays.stream(values()).filter(f -> f.code.equals(value)).findFirst()
                .orElseThrow(() -> new ConfigException(key + " must be one of "
                        + Arrays.stream(values()).map(DatabaseFallback::code).collect(Collectors.joining(", ")) + ", was '" + value + "'"));
    }
}
