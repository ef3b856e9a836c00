package com.loandesk.store;

import com.loandesk.logging.LogText;
import com.loandesk.cases.ImportRow;
import com.loandesk.cases.ImportRow.Rejection;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cases for the API: the idempotent import (validated rows, one transaction, one batched statement per
 * table) and the read of one case with its borrower, contact points, open holds and history.
 */
public final class CaseStore {

    private static final Logger LOG = LoggerFactory.getLogger(CaseStore.class);

    private final Pool pool;
    private final Clock clock;

    private CaseStore(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    public static CaseStore create(Pool pool, Clock clock) {
        return new CaseStore(pool, clock);
    }

    /** What an import did: cases inserted, cases updated, and rows rejected by the store (on top of validation). */
    public record ImportResult(int inserted, int updated, List<Rejection> rejected) {
    }

    /**
     * One case as read for the API (as stored; the web layer masks): a page of its history, oldest first, and the
     * cursor of the page before it (older entries), or null when there are none.
     */
    public record CaseView(CaseDetail kase, List<CaseDetail.Point> points, List<Hold> openHolds,
                           List<CaseDetail.HistoryEntry> history, HistoryCursor historyNext) {
        public long caseId() {
            return kase.id();
        }
    }

    /**
     * Writes validated rows in one transaction. A row whose case belongs to another borrower is rejected
     * (field case_external_id) and changes nothing; when several rows name one borrower, the last one's
     * borrower fields win.
     */
    public Future<ImportResult> importRows(List<ImportRow> rows, String by) {
        if (rows.isEmpty()) {
            return Future.succeededFuture(new ImportResult(0, 0, List.of()));
        }
        return pool.withTransaction(c -> importIn(c, rows, by))
                .onSuccess(r -> LOG.info("cases imported inserted={} updated={} rejectedByStore={} by={}",
                        r.inserted(), r.updated(), r.rejected().size(), LogText.of(by)));
    }

    /** Writes {@code rows} at {@code now} chunk by chunk from chunk {@code from} on, adding to {@code sum}. */
    private Future<ImportResult> importInChunks(SqlConnection c, ImportChunks rows, OffsetDateTime now, int from, ImportResult sum) {
        if (from >= rows.chunks().size()) {
            return Future.succeededFuture(sum);
        }
        return importChunk(c, rows.chunks().get(from), rows.by(), now).compose(r -> {
            List<Rejection> rejected = new ArrayList<>(sum.rejected());
            rejected.addAll(r.rejected());
            return importInChunks(c, rows, now, from + 1, new ImportResult(sum.inserted() + r.inserted(), sum.updated() + r.updated(), rejected));
        });
    }

    /** As {@link #importRows}, inside the caller's transaction {@code c}, {@value ImportChunks#SIZE} rows per statement. */
    public Future<ImportResult> importIn(SqlConnection c, List<ImportRow> rows, String by) {
        return importIn(c, ImportChunks.of(rows, by));
    }

    /** As {@link #importRows}, inside the caller's transaction {@code c}, for rows made ready off the event loop (an import job's batch). */
    public Future<ImportResult> importIn(SqlConnection c, ImportChunks rows) {
        // one instant for the transaction's rows, however many statements it takes
        return importInChunks(c, rows, Timestamps.ts(clock.instant()), 0, new ImportResult(0, 0, List.of()));
    }

    /** One chunk: its cases that belong to another borrower rejected, the rest written in one statement. */
    private Future<ImportResult> importChunk(SqlConnection c, ImportChunks.Chunk chunk, String by, OffsetDateTime now) {
        if (chunk.rows().isEmpty()) {
            return Future.succeededFuture(new ImportResult(0, 0, List.of()));
        }
        // three statements sent at once (the connection runs them in order): the lock planned for its own array
        Future<?> planned = c.query(CaseSql.PLAN_EACH_TIME).execute();
        Future<RowSet<Row>> locked = c.preparedQuery(CaseSql.LOCK_EXISTING).execute(Tuple.of((Object) chunk.caseRefs()));
        Future<?> cached = c.query(CaseSql.PLAN_FROM_CACHE).execute();
        return Future.all(planned, locked, cached).map(all -> locked.result())
                .compose(existing -> {
                    Map<String, String> owner = new HashMap<>();
                    for (Row r : existing) {
                        owner.put(r.getString("case_ref"), r.getString("borrower_ref"));
                    }
                    List<ImportRow> accepted = new ArrayList<>();
                    List<Rejection> rejected = new ArrayList<>();
                    for (ImportRow row : chunk.rows()) {
                        String current = owner.get(row.caseRef());
                        if (current != null && !current.equals(row.borrowerRef())) {
                            rejected.add(new Rejection(row.row(), "case_external_id", "the case belongs to another borrower"));
                        } else {
                            accepted.add(row);
                        }
                    }
                    if (accepted.isEmpty()) {
                        return Future.succeededFuture(new ImportResult(0, 0, rejected));
                    }
                    Object[] parameters = rejected.isEmpty() ? chunk.parameters() : ImportChunks.parameters(accepted, by);
                    return write(c, ImportChunks.at(parameters, now))
                            .map(counts -> new ImportResult(counts[0], counts[1], rejected));
                });
    }

    /** Writes one chunk in one statement: {inserted, updated}. */
    private static Future<int[]> write(SqlConnection c, Tuple parameters) {
        return c.preparedQuery(CaseSql.IMPORT_CHUNK).execute(parameters).map(result -> {
            Row r = result.iterator().next();
            int inserted = r.getInteger("inserted");
            return new int[] {inserted, r.getInteger("written") - inserted};
        });
    }

    /** Where a page of a case's history ends: the entries before this instant and id are older. */
    public record HistoryCursor(OffsetDateTime at, long id) {
    }

    /**
     * Case {@code caseRef} with everything the API shows, and the newest {@code historyLimit} history entries before
     * {@code before} (null: the newest); {@link Missing} when absent or outside a collector's scope.
     */
    public Future<CaseView> read(String caseRef, String collectorScope, HistoryCursor before, int historyLimit) {
        return pool.preparedQuery(CaseSql.CASE).execute(Tuple.of(caseRef)).compose(rows -> {
            Row c = rows.size() == 0 ? null : rows.iterator().next();
            if (c == null || (collectorScope != null && !collectorScope.equals(c.getString("assigned_collector")))) {
                return Future.failedFuture(new Missing("no case " + caseRef));
            }
            long caseId = c.getLong("id");
            Future<RowSet<Row>> points = pool.preparedQuery(CaseSql.POINTS).execute(Tuple.of(c.getLong("borrower_id")));
            Future<RowSet<Row>> holds = pool.preparedQuery(HoldSql.OPEN).execute(Tuple.of(caseId));
            Future<RowSet<Row>> history = pool.preparedQuery(CaseSql.HISTORY_PAGE).execute(Tuple.of(caseId,
                    before == null ? null : before.at(), before == null ? null : before.id(), historyLimit + 1));
            return Future.all(points, holds, history).map(all -> {
                List<Hold> open = new ArrayList<>();
                holds.result().forEach(r -> open.add(Hold.from(r)));
                List<CaseDetail.HistoryEntry> page = new ArrayList<>();
                history.result().forEach(r -> page.add(CaseDetail.HistoryEntry.of(r)));
                HistoryCursor next = null;
                if (page.size() > historyLimit) {
                    page.subList(historyLimit, page.size()).clear();
                    CaseDetail.HistoryEntry oldest = page.get(historyLimit - 1);
                    next = new HistoryCursor(oldest.at(), oldest.id());
                }
                java.util.Collections.reverse(page);
                List<CaseDetail.Point> pointList = new ArrayList<>();
                points.result().forEach(r -> pointList.add(CaseDetail.Point.of(r)));
                return new CaseView(CaseDetail.of(c), pointList, open, page, next);
            });
        });
    }

    /** A filter of the case list; null fields do not filter. {@code afterDpd}/{@code afterId} continue a page. */
    public record CaseFilter(String collector, String stage, String status, String search, Integer afterDpd, Long afterId,
                             int limit) {
    }

    /** A case as the lists show it: no contact details. */
    public record CaseSummary(long id, String caseRef, String borrowerRef, String borrowerName, String jurisdiction,
                              String product, String amountOverdue, String currency, int daysPastDue, String stage,
                              String status, String riskGrade, String assignedCollector, long openHolds) {

        static CaseSummary of(Row r) {
            return new CaseSummary(r.getLong("id"), r.getString("external_id"), r.getString("borrower_ref"),
                    r.getString("full_name"), r.getString("jurisdiction"), r.getString("product"), r.getString("amount"),
                    r.getString("currency"), r.getInteger("days_past_due"), r.getString("stage"), r.getString("status"),
                    r.getString("risk_grade"), r.getString("assigned_collector"), r.getLong("open_holds"));
        }
    }

    /** Cases matching {@code f}, most overdue first, at most {@code f.limit()}. */
    public Future<List<CaseSummary>> list(CaseFilter f) {
        String pattern = f.search() == null ? null
                : "%" + f.search().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return pool.preparedQuery(CaseSql.LIST).execute(Tuple.tuple().addString(f.collector()).addString(f.stage())
                .addString(f.status()).addString(f.search()).addString(pattern).addInteger(f.afterDpd()).addLong(f.afterId())
                .addInteger(f.limit())).map(rows -> {
                    List<CaseSummary> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(CaseSummary.of(r)));
                    return out;
                });
    }

    /** Why a case stands where it does in a collector's day ({@link #queue}). */
    public enum QueueReason {
        /** The borrower asked to be called back, and the window is open now. */
        CALLBACK_DUE("callback_due"),
        /** The last promise to pay fell due and the case is still overdue. */
        PROMISE_BROKEN("promise_broken"),
        /** Never contacted yet. */
        NEW("new"),
        /** The rest, most overdue first. */
        PRIORITY("priority");

        private final String code;

        QueueReason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static QueueReason ofRank(int rank) {
            return values()[rank - 1];
        }
    }

    /** One case of a collector's day, with why it stands there and what made it so (a call-back's window, a promise). */
    public record QueueEntry(CaseSummary summary, QueueReason reason, OffsetDateTime callbackFrom, OffsetDateTime callbackUntil,
                             LocalDate promiseDate, String promiseAmount) {
    }

    /**
     * Collector {@code collector}'s open cases in the order to work them today ({@link CaseSql#QUEUE}), at most
     * {@code limit}; a promise is broken once its date (the date the collector entered) is before today, UTC.
     */
    public Future<List<QueueEntry>> queue(String collector, int limit) {
        java.time.Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
        return pool.preparedQuery(CaseSql.QUEUE).execute(Tuple.of(collector, Timestamps.ts(now), today, limit))
                .map(rows -> {
                    List<QueueEntry> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new QueueEntry(CaseSummary.of(r), QueueReason.ofRank(r.getInteger("rank")), r.getOffsetDateTime("callback_from"),
                                r.getOffsetDateTime("callback_until"), r.getLocalDate("promise_date"), r.getString("promise_amount")));
                    }
                    return out;
                });
    }
}
