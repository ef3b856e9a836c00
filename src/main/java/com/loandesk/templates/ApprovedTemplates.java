package com.loandesk.templates;

import com.loandesk.rules.Channel;
import com.loandesk.rules.TemplateFacts;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
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
                   locate_only, legal_threat, formal_notice, (select max(approved_at) from template) as stamp
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
    /** The newest approval this catalog has read (null: none): compared with the database's by {@link #ensureCurrent}. */
    private volatile Instant stamp;

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
        return pool.query(NEWEST_APPROVED).execute().map(rows -> {
            Map<String, Approved> next = new HashMap<>();
            Instant newest = null;
            for (Row r : rows) {
                OffsetDateTime rowStamp = r.getOffsetDateTime("stamp");
                newest = rowStamp == null ? null : rowStamp.toInstant();
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
            byKey = Map.copyOf(next);
            stamp = newest;
            return next.size();
        });
    }

    /**
     * Makes sure this catalog has read every approval up to {@code newestApproval} (the database's newest
     * approved_at, read in the caller's transaction): re-reads the catalog when it is older. The dispatcher
     * calls it in the claim's transaction, so a template approved a moment ago is never taken for unapproved
     * (which would block its contacts for good) because the periodic refresh had not come round yet.
     */
    public Future<Void> ensureCurrent(Instant newestApproval) {
        Instant known = stamp;
        if (pool == null || newestApproval == null || (known != null && !newestApproval.isAfter(known))) {
            return Future.succeededFuture();
        }
        LOG.info("approved templates re-read newestApproval={} known={}", newestApproval, known);
        return refresh().mapEmpty();
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
