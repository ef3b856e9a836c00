package com.loandesk.store;

import com.loandesk.logging.LogText;
import com.loandesk.cases.HoldKind;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Setting and clearing holds. Each is one transaction: the case row is locked, the hold written and
 * its case_history row (hold_set / hold_cleared, actor = the user) appended.
 */
public final class HoldStore {

    private static final Logger LOG = LoggerFactory.getLogger(HoldStore.class);
    /** The kinds V1's case_hold check allows. */

    private final Pool pool;
    private final Clock clock;

    private HoldStore(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    public static HoldStore create(Pool pool, Clock clock) {
        return new HoldStore(pool, clock);
    }

    /**
     * Sets a hold on case {@code caseRef}. Fails with {@link Missing} when the case does not exist or,
     * for a collector ({@code collectorScope} non-null), is not theirs.
     */
    public Future<Hold> set(String caseRef, String collectorScope, String kind, String reason, String by) {
        return pool.withTransaction(c -> lockCase(c, caseRef, collectorScope)
                .compose(caseId -> c.preparedQuery(HoldSql.SET)
                        .execute(Tuple.of(caseId, kind, reason, by, Timestamps.ts(clock.instant())))))
                .map(rows -> Hold.from(rows.iterator().next()))
                .onSuccess(h -> LOG.info("hold set case={} hold={} kind={} by={}", LogText.of(caseRef), h.id(), h.kind(), LogText.of(by)));
    }

    /**
     * Clears open hold {@code holdId} of case {@code caseRef}: {@link Missing} if unknown, {@link Conflict} if
     * already cleared, {@link NotPermitted} if its kind is not one of {@code mayClear} (the caller's, from
     * {@link HoldKind#clearableBy}).
     */
    public Future<Hold> clear(String caseRef, String collectorScope, Set<HoldKind> mayClear, long holdId, String reason, String by) {
        return pool.withTransaction(c -> lockCase(c, caseRef, collectorScope)
                .compose(caseId -> c.preparedQuery(HoldSql.LOCK).execute(Tuple.of(holdId, caseId)))
                .compose(locked -> {
                    if (locked.size() == 0) {
                        return Future.failedFuture(new Missing("case " + caseRef + " has no hold " + holdId));
                    }
                    Row hold = locked.iterator().next();
                    if (hold.getValue("cleared_at") != null) {
                        return Future.failedFuture(new Conflict("hold " + holdId + " is already cleared"));
                    }
                    HoldKind kind = HoldKind.parse(hold.getString("kind"));
                    if (!mayClear.contains(kind)) {
                        LOG.warn("hold clear refused case={} hold={} kind={} by={}", LogText.of(caseRef), holdId, kind.code(), LogText.of(by));
                        return Future.failedFuture(new NotPermitted(kind.clearRule()));
                    }
                    return c.preparedQuery(HoldSql.CLEAR).execute(Tuple.of(holdId, by, Timestamps.ts(clock.instant()), reason));
                }))
                .map(rows -> Hold.from(rows.iterator().next()))
                .onSuccess(h -> LOG.info("hold cleared case={} hold={} kind={} by={}", LogText.of(caseRef), h.id(), h.kind(), LogText.of(by)));
    }

    /**
     * A page of at most {@code limit} open holds of every case, newest first, after {@code after} (null: from the
     * newest), of {@code kind} (null: any).
     */
    public Future<OpenHolds> open(HoldKind kind, OpenHolds.Cursor after, int limit) {
        Tuple args = Tuple.tuple().addString(kind == null ? null : kind.code())
                .addOffsetDateTime(after == null ? null : Timestamps.ts(after.setAt()))
                .addLong(after == null ? null : after.id()).addInteger(limit);
        return pool.preparedQuery(HoldSql.OPEN_NEWEST).execute(args).map(rows -> {
            java.util.List<OpenHolds.OnCase> page = new java.util.ArrayList<>(rows.size());
            for (Row r : rows) {
                page.add(new OpenHolds.OnCase(r.getString("case_ref"), Hold.from(r)));
            }
            Hold last = page.isEmpty() ? null : page.get(page.size() - 1).hold();
            return new OpenHolds(page, page.size() < limit || last == null ? null : new OpenHolds.Cursor(last.setAt(), last.id()));
        });
    }

    /** The id of case {@code caseRef}, row-locked; {@link Missing} when absent or outside the collector's scope. */
    static Future<Long> lockCase(SqlConnection c, String caseRef, String collectorScope) {
        return c.preparedQuery(HoldSql.CASE_FOR_UPDATE).execute(Tuple.of(caseRef)).compose(rows -> {
            Row r = rows.size() == 0 ? null : rows.iterator().next();
            if (r == null || (collectorScope != null && !collectorScope.equals(r.getString("assigned_collector")))) {
                return Future.failedFuture(new Missing("no case " + caseRef));
            }
            return Future.succeededFuture(r.getLong("id"));
        });
    }
}
