package com.loandesk.store;

import com.loandesk.logging.LogText;
import com.loandesk.templates.CaseVariables;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Template versions: create (n+1, unapproved), approve (by someone other than the author), list, find for preview. */
public final class TemplateStore {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateStore.class);

    private final Pool pool;
    private final Clock clock;

    private TemplateStore(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    public static TemplateStore create(Pool pool, Clock clock) {
        return new TemplateStore(pool, clock);
    }

    /** A template as written by the API. */
    public record NewTemplate(String code, String channel, String locale, String subject, String body,
                              boolean locateOnly, boolean legalThreat, boolean formalNotice) {
    }

    /** A stored template version. */
    public record Template(long id, String code, int version, String channel, String locale, String subject, String body,
                           boolean locateOnly, boolean legalThreat, boolean formalNotice, String createdBy, Instant createdAt,
                           String approvedBy, Instant approvedAt) {
        public boolean approved() {
            return approvedAt != null;
        }

        static Template of(Row r) {
            OffsetDateTime approvedAt = r.getOffsetDateTime("approved_at");
            OffsetDateTime createdAt = r.getOffsetDateTime("created_at");
            return new Template(r.getLong("id"), r.getString("code"), r.getInteger("version"), r.getString("channel"),
                    r.getString("locale"), r.getString("subject"), r.getString("body"), r.getBoolean("locate_only"),
                    r.getBoolean("legal_threat"), r.getBoolean("formal_notice"), r.getString("created_by"),
                    createdAt == null ? null : createdAt.toInstant(), r.getString("approved_by"),
                    approvedAt == null ? null : approvedAt.toInstant());
        }
    }

    public Future<Template> create(NewTemplate t, String by) {
        return pool.withTransaction(c -> c.preparedQuery(TemplateSql.LOCK)
                .execute(Tuple.of("template:" + t.code() + ":" + t.channel() + ":" + t.locale()))
                .compose(v -> c.preparedQuery(TemplateSql.CREATE).execute(Tuple.tuple().addValue(t.code()).addValue(t.channel())
                        .addValue(t.locale()).addValue(t.subject()).addValue(t.body()).addValue(t.locateOnly())
                        .addValue(t.legalThreat()).addValue(t.formalNotice()).addValue(by).addValue(now()))))
                .map(rows -> Template.of(rows.iterator().next()))
                .onSuccess(j -> LOG.info("template created code={} version={} channel={} locale={} by={}", LogText.of(t.code()),
                        j.version(), t.channel(), t.locale(), LogText.of(by)));
    }

    /**
     * Approves version {@code version} of {@code code} (narrowed by channel and locale when given).
     * {@link Missing} if none; {@link Conflict} if several match, it is already approved, or
     * {@code by} wrote it ({@link SelfApproval}).
     */
    public Future<Template> approve(String code, int version, String channel, String locale, String by) {
        return pool.withTransaction(c -> c.preparedQuery(TemplateSql.VERSION_FOR_UPDATE)
                .execute(Tuple.of(code, version, channel, locale))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.failedFuture(new Missing("no template " + code + " version " + version));
                    }
                    if (rows.size() > 1) {
                        return Future.failedFuture(new Conflict("several templates " + code + " have version " + version
                                + "; name channel and locale"));
                    }
                    Row t = rows.iterator().next();
                    if (t.getValue("approved_at") != null) {
                        return Future.failedFuture(new Conflict("template " + code + " version " + version + " is already approved"));
                    }
                    if (by.equals(t.getString("created_by"))) {
                        return Future.failedFuture(new SelfApproval());
                    }
                    return c.preparedQuery(TemplateSql.APPROVE).execute(Tuple.of(t.getLong("id"), by, now()));
                }))
                .map(rows -> Template.of(rows.iterator().next()))
                .onSuccess(j -> LOG.info("template approved code={} version={} by={}", LogText.of(code), version, LogText.of(by)));
    }

    public Future<List<Template>> list(String code) {
        return pool.preparedQuery(TemplateSql.LIST).execute(Tuple.of(code)).map(rows -> {
            List<Template> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(Template.of(r)));
            return out;
        });
    }

    /**
     * The template to preview against case {@code caseRef} and the case's variables (without the lender's
     * name). {@link Missing} when the case (or, for a collector, their case) or the template is absent.
     */
    public Future<Preview> forPreview(String code, String channel, String locale, Integer version, String caseRef, String collectorScope) {
        return pool.preparedQuery(TemplateSql.CASE_VARIABLES).execute(Tuple.of(caseRef)).compose(cases -> {
            Row c = cases.size() == 0 ? null : cases.iterator().next();
            if (c == null || (collectorScope != null && !collectorScope.equals(c.getString("assigned_collector")))) {
                return Future.failedFuture(new Missing("no case " + caseRef));
            }
            Map<String, Object> vars = CaseVariables.of(c.getString("full_name"), c.getBigDecimal("amount_overdue"),
                    c.getString("currency"), c.getLocalDate("due_date"), c.getInteger("days_past_due"),
                    c.getString("external_id"), c.getString("product"));
            return pool.preparedQuery(TemplateSql.FOR_PREVIEW).execute(Tuple.of(code, channel, locale, version, c.getString("locale")))
                    .compose(rows -> rows.size() == 0
                            ? Future.failedFuture(new Missing("no template " + code))
                            : Future.succeededFuture(new Preview(Template.of(rows.iterator().next()), vars)));
        });
    }

    /** A template and the variables of the case it is previewed against. */
    public record Preview(Template template, Map<String, Object> variables) {
    }

    /** The approver wrote the template: the web layer answers 403. */
    public static final class SelfApproval extends RuntimeException {
        SelfApproval() {
            super("the author of a template cannot approve it", null, false, false);
        }
    }

    private OffsetDateTime now() {
        return Timestamps.ts(clock.instant());
    }
}
