package com.loandesk.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * How the service uses PostgreSQL. Where the server is comes from the environment ({@code DATABASE_URL}
 * or the {@code PG*} variables); without them, {@code fallback} says where else to look (production: nowhere).
 *
 * @param statementTimeout          PostgreSQL's {@code statement_timeout} on every connection of the service
 * @param lockTimeout               {@code lock_timeout}: the longest a statement waits for a lock
 * @param idleInTransactionTimeout  {@code idle_in_transaction_session_timeout}: a transaction left idle this long
 *                                  is ended by the server, and its locks and connection freed
 * @param exportPoolSize            connections of the pool of their own that CSV exports stream through, so slow
 *                                  downloads never take the connections of claims, completions and logins
 * @param exportStall               the longest an export waits for a client that reads nothing (a full write
 *                                  queue); past it the export is abandoned and its connection freed
 * @param connectionLifetime        a connection handed back older than this is closed (a new one is opened when
 *                                  needed): what a connection's session caches, such as PostgreSQL's generic plans of
 *                                  its prepared statements made while the tables were small, lasts no longer
 */
public record DatabaseConfig(int poolSize, int maxWaitQueue, String localDatabase, DatabaseFallback fallback,
                             Duration statementTimeout, Duration lockTimeout, Duration idleInTransactionTimeout,
                             int exportPoolSize, Duration exportStall, Duration connectionLifetime) {

    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_EXPORT_STALL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_CONNECTION_LIFETIME = Duration.ofHours(1);

    /** The pool with the default time-outs (benchmarks and tests). */
    public DatabaseConfig(int poolSize, int maxWaitQueue, String localDatabase, DatabaseFallback fallback) {
        this(poolSize, maxWaitQueue, localDatabase, fallback, DEFAULT_STATEMENT_TIMEOUT, DEFAULT_LOCK_TIMEOUT,
                DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT, 2, DEFAULT_EXPORT_STALL, DEFAULT_CONNECTION_LIFETIME);
    }

    public static DatabaseConfig from(JsonObject root) {
        Settings s = Settings.of(root, "database");
        DatabaseConfig config = new DatabaseConfig(
                s.intIn("poolSize", 1, 200, 8),
                s.intIn("maxWaitQueue", 1, 1_000_000, 2048),
                s.text("localDatabase", "loandesk"),
                DatabaseFallback.of("database.fallback", s.text("fallback", DatabaseFallback.NONE.code())),
                Duration.ofMillis(s.intIn("statementTimeoutMs", 100, 3_600_000, (int) DEFAULT_STATEMENT_TIMEOUT.toMillis())),
                Duration.ofMillis(s.intIn("lockTimeoutMs", 100, 3_600_000, (int) DEFAULT_LOCK_TIMEOUT.toMillis())),
                Duration.ofMillis(s.intIn("idleInTransactionTimeoutMs", 100, 3_600_000,
                        (int) DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT.toMillis())),
                s.intIn("exportPoolSize", 1, 50, 2),
                Duration.ofMillis(s.intIn("exportStallMs", 100, 3_600_000, (int) DEFAULT_EXPORT_STALL.toMillis())),
                Duration.ofMillis(s.intIn("connectionLifetimeMs", 1000, 86_400_000, (int) DEFAULT_CONNECTION_LIFETIME.toMillis())));
        s.refuseUnknown();
        return config;
    }
}
