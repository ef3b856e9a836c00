package com.loandesk.store;

import com.loandesk.logging.LogText;
import com.loandesk.cases.ImportRow;
import com.loandesk.cases.ImportRow.Point;
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
import java.util.LinkedHashMap;
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

    /** Rows written per statement: the arrays of a statement are encoded on the event loop, so a chunk is kept small. */
    static final int CHUNK = 500;

    /** Writes {@code rows} from {@code from} on, {@value #CHUNK} at a time, adding to {@code sum}. */
    private Future<ImportResult> importInChunks(SqlConnection c, List<ImportRow> rows, int from, String by, ImportResult sum) {
        if (from >= rows.size()) {
            return Future.succeededFuture(sum);
        }
        int to = Math.min(rows.size(), from + CHUNK);
        return importChunk(c, rows.subList(from, to), by).compose(r -> {
            List<Rejection> rejected = new ArrayList<>(sum.rejected());
            rejected.addAll(r.rejected());
            return importInChunks(c, rows, to, by, new ImportResult(sum.inserted() + r.inserted(), sum.updated() + r.updated(), rejected));
        });
    }

    /** As {@link #importRows}, inside the caller's transaction {@code c} (an import job's batch), {@value #CHUNK} rows per statement. */
    public Future<ImportResult> importIn(SqlConnection c, List<ImportRow> rows, String by) {
        return importInChunks(c, rows, 0, by, new ImportResult(0, 0, List.of()));
    }

    private Future<ImportResult> importChunk(SqlConnection c, List<ImportRow> rows, String by) {
        if (rows.isEmpty()) {
            return Future.succeededFuture(new ImportResult(0, 0, List.of()));
        }
        OffsetDateTime now = Timestamps.ts(clock.instant());
        return c.preparedQuery(CaseSql.LOCK_EXISTING)
                .execute(Tuple.of((Object) rows.stream().map(ImportRow::caseRef).toArray(String[]::new)))
                .compose(existing -> {
                    Map<String, String> owner = new HashMap<>();
                    for (Row r : existing) {
                        owner.put(r.getString("case_ref"), r.getString("borrower_ref"));
                    }
                    List<ImportRow> accepted = new ArrayList<>();
                    List<Rejection> rejected = new ArrayList<>();
                    for (ImportRow row : rows) {
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
                    return write(c, accepted, now, by).map(counts -> new ImportResult(counts[0], counts[1], rejected));
                });
    }

    /** Writes {@code rows} (their cases owned as the rows say) in one statement: {inserted, updated}. */
    private Future<int[]> write(SqlConnection c, List<ImportRow> rows, OffsetDateTime now, String by) {
        Map<String, ImportRow> borrowers = new LinkedHashMap<>();
        rows.forEach(r -> borrowers.put(r.borrowerRef(), r));
        List<ImportRow> owners = List.copyOf(borrowers.values());
        // a borrower's contact points come from the last of its rows (as its fields do)
        List<OwnedPoint> points = new ArrayList<>();
        for (ImportRow r : owners) {
            for (Point p : r.points()) {
                points.add(new OwnedPoint(r, p));
            }
        }
        Tuple t = Columns.of(owners)
                .texts(ImportRow::borrowerRef).texts(ImportRow::borrowerName).texts(ImportRow::locale).texts(ImportRow::timeZone)
                .texts(ImportRow::addressRegion).texts(ImportRow::postalCode).texts(ImportRow::jurisdiction)
                .then(rows)
                .texts(ImportRow::caseRef).texts(ImportRow::borrowerRef).texts(ImportRow::product).decimals(ImportRow::amountOverdue)
                .texts(ImportRow::currency).column(ImportRow::dueDate, LocalDate[]::new).ints(ImportRow::daysPastDue)
                .texts(ImportRow::stage).texts(ImportRow::status).texts(ImportRow::riskGrade).texts(ImportRow::assignedCollector)
                .then(points)
                .texts(o -> o.row().borrowerRef()).texts(o -> o.point().kind()).texts(o -> o.point().value())
                .texts(o -> o.point().role()).column(o -> (short) o.point().priority(), Short[]::new)
                .bools(o -> o.phone() ? o.row().smsConsent() : null).bools(o -> o.phone() ? o.row().voiceConsent() : null)
                .value(now).value(by)
                .texts(o -> o.point().consentKind()).texts(o -> o.point().consentSource())
                .instants(o -> o.point().consentAt()).instants(o -> o.point().rndCheckedAt()).texts(o -> o.point().rndResult())
                .tuple();
        return c.preparedQuery(CaseSql.IMPORT_CHUNK).execute(t).map(result -> {
            Row r = result.iterator().next();
            int inserted = r.getInteger("inserted");
            return new int[] {inserted, r.getInteger("written") - inserted};
        });
    }

    /** A contact point with the import row of its borrower. */
    private record OwnedPoint(ImportRow row, Point point) {
        /** A phone of the borrower's own: the row's SMS and voice consents are about it. */
        boolean phone() {
            return !"email".equals(point.kind()) && !"third_party".equals(point.role());
        }
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
