package com.loandesk.reports;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The desk's daily and monthly reports (DOMAIN.md "How the desk is measured"): contacts by channel, delivery and
 * answer rates, blocks and deferrals by rule, time to first contact, complaints. Read from the contact ledger, the
 * case history and the holds; four statements at once.
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
    public Future<JsonObject> report(ReportPeriod period, String channel, String jurisdiction) {
        Tuple args = Tuple.of(period.start().atOffset(ZoneOffset.UTC), period.end().atOffset(ZoneOffset.UTC), channel, jurisdiction);
        Future<RowSet<Row>> contacts = pool.preparedQuery(ReportSql.CONTACTS).execute(args);
        Future<RowSet<Row>> decisions = pool.preparedQuery(ReportSql.DECISIONS_BY_RULE).execute(args);
        Future<RowSet<Row>> first = pool.preparedQuery(ReportSql.FIRST_CONTACT).execute(args);
        Future<RowSet<Row>> complaints = pool.preparedQuery(ReportSql.COMPLAINTS).execute(args);
        return Future.all(contacts, decisions, first, complaints).map(all -> {
            JsonObject filters = new JsonObject().put("channel", channel).put("jurisdiction", jurisdiction);
            JsonObject out = new JsonObject().put("period", period.kind()).put(period.kind().equals("daily") ? "date" : "month", period.label())
                    .put("zone", period.zone().getId()).put("from", period.start().toString()).put("to", period.end().toString())
                    .put("filters", filters);
            long borrowersContacted = 0;
            JsonArray byChannel = new JsonArray();
            for (Row r : contacts.result()) {
                if (r.getString("channel") == null) {
                    borrowersContacted = r.getLong("borrowers");
                    out.put("contacts", r.getLong("contacts"));
                    continue;
                }
                byChannel.add(channel(r));
            }
            if (!out.containsKey("contacts")) {
                out.put("contacts", 0L);
            }
            out.put("borrowersContacted", borrowersContacted).put("byChannel", byChannel);
            JsonObject blocked = new JsonObject();
            JsonObject deferred = new JsonObject();
            for (Row r : decisions.result()) {
                ("blocked".equals(r.getString("event")) ? blocked : deferred).put(r.getString("rule_id"), r.getLong("n"));
            }
            out.put("blockedByRule", blocked).put("deferredByRule", deferred);
            Row f = first.result().iterator().next();
            out.put("timeToFirstContact", new JsonObject()
                    .put("definition", "cases that became overdue in the period; first outbound contact of the case at or after that, up to now")
                    .put("casesBecameOverdue", f.getLong("entered")).put("contacted", f.getLong("contacted"))
                    .put("notYetContacted", f.getLong("entered") - f.getLong("contacted"))
                    .put("within48Hours", f.getLong("within_48h"))
                    .put("medianHours", hours(f.getDouble("median_s"))).put("p90Hours", hours(f.getDouble("p90_s"))));
            Row c = complaints.result().iterator().next();
            long opened = c.getLong("opened");
            out.put("complaints", new JsonObject().put("opened", opened).put("clearedWithin24Hours", c.getLong("cleared_within_24h"))
                    .put("stillOpen", c.getLong("still_open"))
                    .put("perContactedBorrower", borrowersContacted == 0 ? null : round((double) opened / borrowersContacted)));
            return out;
        });
    }

    private static JsonObject channel(Row r) {
        String ch = r.getString("channel");
        long contacts = r.getLong("contacts");
        JsonObject j = new JsonObject().put("channel", ch).put("contacts", contacts).put("borrowers", r.getLong("borrowers"))
                .put("awaitingStatus", r.getLong("awaiting"));
        if (ch.equals("voice")) {
            long connected = r.getLong("connected");
            j.put("connected", connected).put("answeredByPerson", r.getLong("answered")).put("conversations", r.getLong("conversations"))
                    .put("answerRate", contacts == 0 ? null : round((double) connected / contacts));
        } else {
            long delivered = r.getLong("delivered");
            j.put("delivered", delivered).put("deliveryRate", contacts == 0 ? null : round((double) delivered / contacts));
        }
        return j;
    }

    private static Double hours(Double seconds) {
        return seconds == null ? null : round(seconds / 3600.0);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    /** The report as CSV rows: section,key,value (one line per figure). */
    public static String csv(JsonObject report) {
        List<String> lines = new ArrayList<>();
        lines.add(com.loandesk.csv.CsvLine.of("section", "key", "value"));
        lines.add(line("period", report.getString("period"), report.getValue(report.containsKey("date") ? "date" : "month")));
        lines.add(line("period", "zone", report.getString("zone")));
        lines.add(line("contacts", "total", report.getValue("contacts")));
        lines.add(line("contacts", "borrowersContacted", report.getValue("borrowersContacted")));
        for (Object o : report.getJsonArray("byChannel")) {
            JsonObject ch = (JsonObject) o;
            for (String k : ch.fieldNames()) {
                if (!k.equals("channel")) {
                    lines.add(line("channel:" + ch.getString("channel"), k, ch.getValue(k)));
                }
            }
        }
        report.getJsonObject("blockedByRule").forEach(e -> lines.add(line("blockedByRule", e.getKey(), e.getValue())));
        report.getJsonObject("deferredByRule").forEach(e -> lines.add(line("deferredByRule", e.getKey(), e.getValue())));
        report.getJsonObject("timeToFirstContact").forEach(e -> {
            if (!e.getKey().equals("definition")) {
                lines.add(line("timeToFirstContact", e.getKey(), e.getValue()));
            }
        });
        report.getJsonObject("complaints").forEach(e -> lines.add(line("complaints", e.getKey(), e.getValue())));
        return String.join("", lines);
    }

    private static String line(String section, String key, Object value) {
        return com.loandesk.csv.CsvLine.of(section, key, value);
    }
}
