package com.loandesk.config;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * What the HTTP API needs from the configuration and the environment, read once at start: a bad value stops the
 * start naming its key, rather than failing when the API is mounted (or, worse, on the first request).
 *
 * @param session       how long a login session lasts ({@value #SESSION_HOURS_ENV}, hours 1..720, default 12)
 * @param secureCookie  the session cookie's Secure flag ({@value #SECURE_COOKIE_ENV}=false drops it, plain HTTP only)
 * @param publicBaseUrl the service's public URL ({@value #PUBLIC_BASE_URL_ENV}); null: loopback origins only
 * @param adminToken    the bootstrap admin token ({@value #ADMIN_TOKEN_ENV}); null: none is installed
 * @param lenderName    the lender's name as templates show it ({@code dispatch.lenderName})
 * @param reportZone    the zone whose days and months the reports count ({@code portfolio.zone})
 * @param exportStall   how long a CSV export may wait for its reader ({@code database.exportStall})
 * @param imports       import jobs ({@code imports.*})
 * @param login         login throttling and hashing ({@code login.*})
 */
public record ApiSettings(Duration session, boolean secureCookie, String publicBaseUrl, String adminToken,
                          String lenderName, ZoneId reportZone, Duration exportStall, ImportsConfig imports,
                          LoginConfig login) {

    public static final String SESSION_HOURS_ENV = "LOANDESK_SESSION_HOURS";
    public static final String SECURE_COOKIE_ENV = "LOANDESK_COOKIE_SECURE";
    public static final String PUBLIC_BASE_URL_ENV = "PUBLIC_BASE_URL";
    public static final String ADMIN_TOKEN_ENV = "LOANDESK_ADMIN_TOKEN";
    public static final Duration DEFAULT_SESSION = Duration.ofHours(12);

    public ApiSettings {
        if (session.compareTo(Duration.ofHours(1)) < 0 || session.compareTo(Duration.ofHours(24 * 30)) > 0) {
            throw new ConfigException(SESSION_HOURS_ENV + " must be 1..720 hours, was " + session.toHours());
        }
        if (publicBaseUrl != null && !isHttpUrl(publicBaseUrl)) {
            throw new ConfigException(PUBLIC_BASE_URL_ENV + " must be an http(s) URL, was '" + publicBaseUrl + "'");
        }
    }

    /** The service's settings: the configuration file's values, and the environment's for what is secret or per host. */
    public static ApiSettings from(AppConfig config, Map<String, String> env) {
        return new ApiSettings(sessionFrom(env), !"false".equalsIgnoreCase(EnvVars.text(env, SECURE_COOKIE_ENV, "true")),
                EnvVars.text(env, PUBLIC_BASE_URL_ENV, null), EnvVars.text(env, ADMIN_TOKEN_ENV, null),
                config.dispatch().lenderName(), config.portfolio().zone(), config.database().exportStall(),
                config.imports(), config.login());
    }

    /** Every default, no public URL and no admin token: a base for tests, changed with the {@code with*} methods. */
    public static ApiSettings defaults() {
        return new ApiSettings(DEFAULT_SESSION, true, null, null, DispatchConfig.DEFAULT_LENDER_NAME, ZoneId.of("UTC"),
                DatabaseConfig.DEFAULT_EXPORT_STALL, ImportsConfig.defaults(), LoginConfig.defaults());
    }

    public ApiSettings withSecureCookie(boolean secure) {
        return new ApiSettings(session, secure, publicBaseUrl, adminToken, lenderName, reportZone, exportStall, imports, login);
    }

    public ApiSettings withPublicBaseUrl(String url) {
        return new ApiSettings(session, secureCookie, url, adminToken, lenderName, reportZone, exportStall, imports, login);
    }

    public ApiSettings withAdminToken(String token) {
        return new ApiSettings(session, secureCookie, publicBaseUrl, token, lenderName, reportZone, exportStall, imports, login);
    }

    public ApiSettings withLenderName(String name) {
        return new ApiSettings(session, secureCookie, publicBaseUrl, adminToken, name, reportZone, exportStall, imports, login);
    }

    public ApiSettings withReportZone(ZoneId zone) {
        return new ApiSettings(session, secureCookie, publicBaseUrl, adminToken, lenderName, zone, exportStall, imports, login);
    }

    public ApiSettings withExportStall(Duration stall) {
        return new ApiSettings(session, secureCookie, publicBaseUrl, adminToken, lenderName, reportZone, stall, imports, login);
    }

    public ApiSettings withImports(ImportsConfig jobs) {
        return new ApiSettings(session, secureCookie, publicBaseUrl, adminToken, lenderName, reportZone, exportStall, jobs, login);
    }

    public ApiSettings withLogin(LoginConfig logins) {
        return new ApiSettings(session, secureCookie, publicBaseUrl, adminToken, lenderName, reportZone, exportStall, imports, logins);
    }

    private static Duration sessionFrom(Map<String, String> env) {
        String value = EnvVars.text(env, SESSION_HOURS_ENV, null);
        if (value == null) {
            return DEFAULT_SESSION;
        }
        try {
            return Duration.ofHours(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new ConfigException(SESSION_HOURS_ENV + " must be 1..720 hours, was " + value);
        }
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url.strip());
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
