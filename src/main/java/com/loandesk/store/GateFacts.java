package com.loandesk.store;

import com.loandesk.rules.CallbackRequest;
import com.loandesk.rules.Channel;
import com.loandesk.rules.Consent;
import com.loandesk.rules.InconvenientTime;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Maps the borrower facts the gate reads (V2 tables) to the rules' records, keyed by borrower. */
final class GateFacts {

    private GateFacts() {
    }

    /**
     * The consents by borrower. A row that cannot be read (an unknown purpose or channel) names its borrower in
     * {@code unreadable} instead: that borrower's tasks are blocked GATE_ERROR, the others go on.
     */
    static Map<Long, List<Consent>> consents(RowSet<Row> rows, Map<Long, String> unreadable) {
        Map<Long, List<Consent>> out = new HashMap<>();
        for (Row r : rows) {
            try {
                String channel = r.getString(2);
                Consent c = new Consent(Consent.Purpose.valueOf(r.getString(1).toUpperCase(Locale.ROOT)),
                        channel == null ? null : Channel.of(channel), r.getLong(3),
                        r.getOffsetDateTime(4).toInstant(), TaskStore.instant(r.getOffsetDateTime(5)), r.getString(6));
                out.computeIfAbsent(r.getLong(0), k -> new ArrayList<>()).add(c);
            } catch (RuntimeException e) {
                unreadable.putIfAbsent(r.getLong(0), "consent row (purpose " + r.getString(1) + ", channel " + r.getString(2) + "): " + e);
            }
        }
        return out;
    }

    static Map<Long, List<CallbackRequest>> callbacks(RowSet<Row> rows) {
        Map<Long, List<CallbackRequest>> out = new HashMap<>();
        for (Row r : rows) {
            out.computeIfAbsent(r.getLong(0), k -> new ArrayList<>()).add(new CallbackRequest(
                    r.getOffsetDateTime(1).toInstant(), r.getOffsetDateTime(2).toInstant()));
        }
        return out;
    }

    /** The inconvenient times by borrower; an unreadable row names its borrower in {@code unreadable}. */
    static Map<Long, List<InconvenientTime>> inconvenientTimes(RowSet<Row> rows, Map<Long, String> unreadable) {
        Map<Long, List<InconvenientTime>> out = new HashMap<>();
        for (Row r : rows) {
            try {
                EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
                Short[] isoDays = r.getArrayOfShorts(1);
                if (isoDays != null) {
                    for (Short d : isoDays) {
                        days.add(DayOfWeek.of(d));
                    }
                }
                InconvenientTime t = new InconvenientTime(days, r.getLocalTime(2), r.getLocalTime(3));
                out.computeIfAbsent(r.getLong(0), k -> new ArrayList<>()).add(t);
            } catch (RuntimeException e) {
                unreadable.putIfAbsent(r.getLong(0), "inconvenient-time row: " + e);
            }
        }
        return out;
    }
}
