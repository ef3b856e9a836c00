package com.loandesk.reports;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The desk's daily and monthly reports (DOMAIN.md "How the desk is measured"): contacts by channel, delivery and
 * answer rates, blocks and deferrals by rule, time to first contact, complaints. Read from the contact ledger, the
 * case history and the holds; four statements at once. The web layer shapes it (JSON, CSV).
 */
public final class Reports {

    private final Pool pool;

    private Reports(Pool pool) {
        this.pool = pool;
    }

    public static Reports create(Pool pool) {
        return new Reports(pool);
    }

    /** The report of {@code period}, optionally for one channel and/or jurisdiction (null = all). */
    public Future<Report> report(ReportPeriod period, String channel, String jurisdiction) {
        Tuple args = Tuple.of(period.start().atOffset(ZoneOffset.UTC), period.end().atOffset(ZoneOffset.UTC), channel, jurisdiction);
        Future<RowSet<Row>> contacts = pool.preparedQuery(ReportSql.CONTACTS).execute(args);
        Future<RowSet<Row>> decisions = pool.preparedQuery(ReportSql.DECISIONS_BY_RULE).execute(args);
        Future<RowSet<Row>> first = pool.preparedQuery(ReportSql.FIRST_CONTACT).execute(args);
        Future<RowSet<Row>> complaints = pool.preparedQuery(ReportSql.COMPLAINTS).execute(args);
        return Future.all(contacts, decisions, first, complaints).map(all -> {
            long total = 0;
            long borrowersContacted = 0;
            List<Report.ChannelFigures> byChannel = new ArrayList<>();
            for (Row r : contacts.result()) {
                if (r.getString("channel") == null) {
                    total = r.getLong("contacts");
                    borrowersContacted = r.getLong("borrowers");
                } else {
                    byChannel.add(channel(r));
                }
            }
            Map<String, Long> blocked = new LinkedHashMap<>();
            Map<String, Long> deferred = new LinkedHashMap<>();
            for (Row r : decisions.result()) {
                ("blocked".equals(r.getString("event")) ? blocked : deferred).put(r.getString("rule_id"), r.getLong("n"));
            }
            Row f = first.result().iterator().next();
            Row c = complaints.result().iterator().next();
            return new Report(period, channel, jurisdiction, total, borrowersContacted, byChannel, blocked, deferred,
                    new Report.FirstContact(f.getLong("entered"), f.getLong("contacted"), f.getLong("within_48h"),
                            f.getDouble("median_s"), f.getDouble("p90_s")),
                    new Report.Complaints(c.getLong("opened"), c.getLong("cleared_within_24h"), c.getLong("still_open")));
        });
    }

    private static Report.ChannelFigures channel(Row r) {
        return new Report.ChannelFigures(r.getString("channel"), r.getLong("contacts"), r.getLong("borrowers"), r.getLong("awaiting"),
                r.getLong("delivered"), r.getLong("connected"), r.getLong("answered"), r.getLong("conversations"));
    }
}
