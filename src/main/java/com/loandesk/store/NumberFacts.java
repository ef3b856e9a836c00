package com.loandesk.store;

import com.loandesk.rules.ConsentEvidenceKind;
import com.loandesk.rules.RndResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facts of a number that the text safe harbor and REASSIGNED_NUMBER read: consent evidence and the last
 * reassigned-numbers check. Each write is one transaction with its case_history row, so the compliance log shows it.
 */
public final class NumberFacts {

    private static final Logger LOG = LoggerFactory.getLogger(NumberFacts.class);

    private final Pool pool;

    private NumberFacts(Pool pool) {
        this.pool = pool;
    }

    public static NumberFacts create(Pool pool) {
        return new NumberFacts(pool);
    }

    /** Consent evidence for one number. */
    public record Evidence(ConsentEvidenceKind kind, String source, Instant givenAt) {
    }

    /** A reassigned-numbers check: when, the answer, the date asked about (null: not given) and its reference. */
    public record Check(Instant checkedAt, RndResult result, LocalDate since, String proof) {
    }

    /** A number whose check is missing or stale, and the date to ask the database about. */
    public record StaleNumber(long contactPointId, String number, LocalDate since) {
    }

    /** Consent evidence as recorded for a number: the number's last four digits and the evidence. */
    public record EvidenceRecorded(long contactPointId, String numberLast4, Evidence evidence) {
    }

    /** A reassigned-numbers check as recorded for a number: the number's last four digits and the check. */
    public record CheckRecorded(long contactPointId, String numberLast4, Check check) {
    }

    /** An answer of the database for a number. */
    public record Answer(long contactPointId, Check check) {
    }

    /**
     * Records consent evidence for contact point {@code pointId} of case {@code caseRef}: {@link Missing} when the case
     * is not the caller's or the point is not its borrower's, {@link Conflict} when the same evidence is recorded.
     */
    public Future<EvidenceRecorded> addConsentEvidence(String caseRef, String collectorScope, long pointId, Evidence e, String by,
                                                 Instant now) {
        return pool.withTransaction(c -> HoldStore.lockCase(c, caseRef, collectorScope)
                .compose(caseId -> phone(c, caseId, caseRef, pointId).compose(point -> c.preparedQuery(NumberFactsSql.ADD_CONSENT_EVIDENCE)
                        .execute(Tuple.of(point.getLong("borrower_id"), pointId, e.kind().code(), Timestamps.ts(e.givenAt()),
                                e.source(), by))
                        .compose(rows -> {
                            if (rows.size() == 0) {
                                return Future.failedFuture(new Conflict("this consent evidence (" + e.kind().code() + ", "
                                        + e.source() + ", " + e.givenAt() + ") is already recorded for contact point " + pointId));
                            }
                            JsonObject detail = new JsonObject().put("contactPointId", pointId)
                                    .put("numberLast4", last4(point.getString("value"))).put("kind", e.kind().code())
                                    .put("source", e.source()).put("givenAt", e.givenAt().toString());
                            return c.preparedQuery(NumberFactsSql.HISTORY)
                                    .execute(Tuple.of(caseId, Timestamps.ts(now), "consent_evidence", by, detail))
                                    .map(v -> new EvidenceRecorded(pointId, last4(point.getString("value")), e));
                        }))))
                .onSuccess(d -> LOG.info("consent evidence recorded case={} point={} kind={} by={}", caseRef, pointId, e.kind().code(), by));
    }

    /**
     * Records a reassigned-numbers check for contact point {@code pointId} of case {@code caseRef}: {@link Missing} as
     * above, {@link Conflict} when a newer check is stored.
     */
    public Future<CheckRecorded> recordCheck(String caseRef, String collectorScope, long pointId, Check check, String by, Instant now) {
        return pool.withTransaction(c -> HoldStore.lockCase(c, caseRef, collectorScope)
                .compose(caseId -> phone(c, caseId, caseRef, pointId).compose(point -> {
                    Instant stored = TaskStore.instant(point.getOffsetDateTime("rnd_checked_at"));
                    if (stored != null && stored.isAfter(check.checkedAt())) {
                        return Future.failedFuture(new Conflict("contact point " + pointId + " has a newer check, of " + stored));
                    }
                    return c.preparedQuery(NumberFactsSql.SET_RND)
                            .execute(Tuple.of(pointId, Timestamps.ts(check.checkedAt()), check.result().code(), check.since(),
                                    check.proof(), "api:" + by))
                            .compose(v -> {
                                JsonObject detail = new JsonObject().put("contactPointId", pointId)
                                        .put("numberLast4", last4(point.getString("value"))).put("result", check.result().code())
                                        .put("checkedAt", check.checkedAt().toString())
                                        .put("since", check.since() == null ? null : check.since().toString()).put("proof", check.proof());
                                return c.preparedQuery(NumberFactsSql.HISTORY)
                                        .execute(Tuple.of(caseId, Timestamps.ts(now), "rnd_check", by, detail))
                                        .map(x -> new CheckRecorded(pointId, last4(point.getString("value")), check));
                            });
                })))
                .onSuccess(d -> LOG.info("rnd check recorded case={} point={} result={} by={}", caseRef, pointId, check.result().code(), by));
    }

    /** Up to {@code limit} numbers after point {@code afterId} whose check is missing or older than {@code staleBefore}. */
    public Future<List<StaleNumber>> stale(long afterId, Instant staleBefore, int limit) {
        return pool.preparedQuery(NumberFactsSql.STALE).execute(Tuple.of(afterId, Timestamps.ts(staleBefore), limit)).map(rows -> {
            List<StaleNumber> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new StaleNumber(r.getLong(0), r.getString(1), r.getOffsetDateTime(2).atZoneSameInstant(ZoneOffset.UTC).toLocalDate()));
            }
            return out;
        });
    }

    /** Writes a batch of the database's answers, with their history rows, in one statement; the count written. */
    public Future<Integer> recordAnswers(List<Answer> answers, String source) {
        if (answers.isEmpty()) {
            return Future.succeededFuture(0);
        }
        return pool.preparedQuery(NumberFactsSql.RECORD_BATCH).execute(Columns.of(answers)
                        .longs(Answer::contactPointId).instants(a -> a.check().checkedAt()).texts(a -> a.check().result().code())
                        .column(a -> a.check().since(), LocalDate[]::new).texts(a -> a.check().proof()).value(source).tuple())
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    private static Future<Row> phone(SqlConnection c, long caseId, String caseRef, long pointId) {
        return c.preparedQuery(NumberFactsSql.POINT_OF_CASE).execute(Tuple.of(caseId, pointId)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.failedFuture(new Missing("case " + caseRef + " has no contact point " + pointId));
            }
            Row p = rows.iterator().next();
            if ("email".equals(p.getString("kind"))) {
                return Future.failedFuture(new Missing("case " + caseRef + " has no phone number " + pointId + " (contact point "
                        + pointId + " is an e-mail address; consent evidence and reassigned-numbers checks are for phone numbers)"));
            }
            return Future.succeededFuture(p);
        });
    }

    private static String last4(String value) {
        return value == null || value.length() < 4 ? "" : value.substring(value.length() - 4);
    }
}
