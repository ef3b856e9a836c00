package com.loandesk.channel.email;

import static com.loandesk.config.EnvVars.integer;
import static com.loandesk.config.EnvVars.text;

import com.loandesk.config.ConfigException;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.Locale;
import java.util.Map;

/**
 * The SMTP relay e-mail goes through, from the environment. The login comes only from
 * SMTP_USERNAME / SMTP_PASSWORD; {@link #toString()} never prints the password.
 *
 * @param connectTimeoutMs the longest a connection to the relay may take (SMTP_CONNECT_TIMEOUT_MS)
 * @param readTimeoutMs    the longest the relay may stay silent on an open connection, waiting for a reply
 *                         included (SMTP_READ_TIMEOUT_MS); past it the connection is closed and the send, if it was
 *                         under way, is ambiguous
 * @param perSecond        sends started per second at most (SMTP_PER_SECOND); the bulkhead is the pool size
 * @param breakerOpenMs    how long an open breaker defers e-mail before a trial send (SMTP_BREAKER_OPEN_MS)
 */
public record SmtpSettings(String host, int port, StartTLSOptions starttls, boolean ssl, String fromAddress,
                           String username, String password, int maxPoolSize, int connectTimeoutMs,
                           int readTimeoutMs, int perSecond, int breakerOpenMs) {

    public SmtpSettings {
        require(host != null && !host.isBlank(), "SMTP_HOST must be set");
        require(port >= 1 && port <= 65535, "SMTP_PORT must be 1..65535, was " + port);
        require(starttls != null, "SMTP_STARTTLS must be DISABLED, OPTIONAL or REQUIRED");
        require(fromAddress != null && fromAddress.matches("[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+"),
                "SMTP_FROM must be an e-mail address, was '" + fromAddress + "'");
        require((username == null) == (password == null), "SMTP_USERNAME and SMTP_PASSWORD must be set together");
        require(maxPoolSize >= 1 && maxPoolSize <= 100, "SMTP_MAX_POOL must be 1..100, was " + maxPoolSize);
        require(connectTimeoutMs >= 100 && connectTimeoutMs <= 120_000, "SMTP_CONNECT_TIMEOUT_MS must be 100..120000");
        require(readTimeoutMs >= 100 && readTimeoutMs <= 600_000, "SMTP_READ_TIMEOUT_MS must be 100..600000, was " + readTimeoutMs);
        require(perSecond >= 1 && perSecond <= 10_000, "SMTP_PER_SECOND must be 1..10000, was " + perSecond);
        require(breakerOpenMs >= 100 && breakerOpenMs <= 3_600_000, "SMTP_BREAKER_OPEN_MS must be 100..3600000, was " + breakerOpenMs);
    }

    public static SmtpSettings fromEnv(Map<String, String> env) {
        String tls = text(env, "SMTP_STARTTLS", "OPTIONAL").toUpperCase(Locale.ROOT);
        StartTLSOptions starttls;
        try {
            starttls = StartTLSOptions.valueOf(tls);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("SMTP_STARTTLS must be DISABLED, OPTIONAL or REQUIRED, was '" + tls + "'");
        }
        return new SmtpSettings(text(env, "SMTP_HOST", null), integer(env, "SMTP_PORT", 587), starttls,
                Boolean.parseBoolean(text(env, "SMTP_SSL", "false")), text(env, "SMTP_FROM", null),
                text(env, "SMTP_USERNAME", null), text(env, "SMTP_PASSWORD", null),
                integer(env, "SMTP_MAX_POOL", 10), integer(env, "SMTP_CONNECT_TIMEOUT_MS", 10_000),
                integer(env, "SMTP_READ_TIMEOUT_MS", 30_000), integer(env, "SMTP_PER_SECOND", 20),
                integer(env, "SMTP_BREAKER_OPEN_MS", 30_000));
    }

    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", starttls=" + starttls + ", ssl=" + ssl
                + ", from=" + fromAddress + ", connectTimeoutMs=" + connectTimeoutMs + ", readTimeoutMs=" + readTimeoutMs
                + ", username=" + username + ", password=" + (password == null ? "none" : "****") + "]";
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new ConfigException(message);
        }
    }
}
