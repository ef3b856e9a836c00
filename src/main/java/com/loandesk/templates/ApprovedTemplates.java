package com.loandesk.templates;

import com.loandesk.rules.Channel;
import com.loandesk.rules.TemplateFacts;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest approved version of every template, compiled, held in memory and refreshed from the
 * database: the gate reads its flags and the dispatcher renders from it without a query per task.
 * Only approved versions are ever here, so only approved versions can be sent.
 */
public final class ApprovedTemplates {

    private static final Logger LOG = LoggerFactory.getLogger(ApprovedTemplates.class);
    private static final Mustache.Compiler COMPILER = Mustache.compiler().escapeHTML(false).strictSections(true);

    static final String NEWEST_APPROVED = """
            select distinct on (code, channel, locale) code, version, channel, locale, subject, body,
                   locate_only, legal_threat, formal_notice,
                   (select count(*) from template where approved_at is not null) as approvals
              from template
             where approved_at is not null
             order by code, channel, locale, version desc
            """;

    /** One approved template version, compiled. */
    public record Approved(String code, int version, Channel channel, String locale, Template subject, Template body,
                           boolean locateOnly, boolean legalThreat, boolean formalNotice) {

        public TemplateFacts facts() {
            return new TemplateFacts(code, true, locateOnly, legalThreat, formalNotice);
        }
    }

    private final Pool pool;
    private volatile Map<String, Approved> byKey = Map.of();
    /**
     * How many approved versions the installed catalog was read from (-1: none yet). Approvals only ever add
     * approved versions, so the count only grows: {@link #ensureCurrent} compares it with the database's.
     */
    private long approvals = -1;

    private ApprovedTemplates(Pool pool) {
        this.pool = pool;
    }

    /** A catalog with nothing approved (for tests that gate without templates). */
    public static ApprovedTemplates none() {
        return new ApprovedTemplates(null);
    }

    public static Future<ApprovedTemplates> load(Pool pool) {
        ApprovedTemplates catalog = new ApprovedTemplates(pool);
        return catalog.refresh().map(catalog);
    }

    /** Re-reads the approved versions; a version that no longer compiles is left out and logged. */
    public Future<Integer> refresh() {
        if (pool == null) {
            return Future.succeededFuture(0);
        }
        return refresh(pool);
    }

    private Future<Integer> refresh(SqlClient client) {
        return client.query(NEWEST_APPROVED).execute().map(rows -> {
            Map<String, Approved> next = new HashMap<>();
            long read = 0;
            for (Row r : rows) {
                read = r.getLong("approvals");
                try {
                    String subject = r.getString("subject");
                    Approved a = new Approved(r.getString("code"), r.getInteger("version"), Channel.of(r.getString("channel")),
                            r.getString("locale"), subject == null ? null : COMPILER.compile(subject),
                            COMPILER.compile(r.getString("body")), r.getBoolean("locate_only"),
                            r.getBoolean("legal_threat"), r.getBoolean("formal_notice"));
                    next.put(key(a.code(), a.channel(), a.locale()), a);
                } catch (RuntimeException e) {
                    LOG.error("approved template does not compile code={} version={} error={}", r.getString("code"),
                            r.getInteger("version"), e.getMessage());
                }
            }
            install(Map.copyOf(next), read);
            return next.size();
        });
    }

    /** Installs a catalog unless one read from more approvals is installed already (refreshes may overtake). */
    private synchronized void install(Map<String, Approved> catalog, long readFrom) {
        if (readFrom >= approvals) {
            byKey = catalog;
            approvals = readFrom;
        }
    }

    /**
     * Makes sure this catalog has read every approval counted in {@code approvedVersions} (the database's number
     * of approved versions, read in the caller's transaction): re-reads the catalog through {@code client}, the
     * caller's own connection, when it is behind. The dispatcher calls it in the claim's transaction, so a template
     * approved a moment ago is never taken for unapproved (which would block its contacts for good) because the
     * periodic refresh had not come round yet; reading on the same connection never waits for another one.
     */
    public Future<Void> ensureCurrent(SqlClient client, long approvedVersions) {
        long known;
        synchronized (this) {
            known = approvals;
        }
        if (pool == null || approvedVersions <= known) {
            return Future.succeededFuture();
        }
        LOG.info("approved templates re-read approvedVersions={} known={}", approvedVersions, known);
        return refresh(client).mapEmpty();
    }

    /** The template for a channel in the borrower's locale, else in English. */
    public Optional<Approved> find(String code, Channel channel, String locale) {
        Map<String, Approved> now = byKey;
        Approved a = now.get(key(code, channel, locale));
        if (a == null && locale != null && !"en".equals(locale)) {
            a = now.get(key(code, channel, "en"));
        }
        return Optional.ofNullable(a);
    }

    /** What the rules know of it; a template with no approved version is unapproved. */
    public TemplateFacts facts(String code, Channel channel, String locale) {
        return find(code, channel, locale).map(Approved::facts).orElseGet(() -> TemplateFacts.unknown(code));
    }

    private static String key(String code, Channel channel, String locale) {
        return code + '|' + channel.code() + '|' + locale;
    }
}
