package com.loandesk.store;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of the compliance log: a history row with its case, borrower, collector, and (when it is about a task)
 * the task's channel and template and the contact point used, as stored (the web layer masks the value).
 */
public record LogEntry(long id, OffsetDateTime at, String event, String state, String ruleId, String policy,
                       String providerRef, String actor, Long taskId, JsonObject detail, String caseRef, String borrowerRef,
                       String collector, String channel, String template, String pointKind, String pointValue) {

    /**
     * The entries of {@code rows}, all from one statement: each column is found by its name once, not at every row (a
     * lookup by name searches the row's column names; a stream reads thousands of rows of the same shape).
     */
    static List<LogEntry> all(RowSet<Row> rows) {
        List<LogEntry> out = new ArrayList<>(rows.size());
        int[] at = null;
        for (Row r : rows) {
            if (at == null) {
                at = positions(r);
            }
            out.add(new LogEntry(r.getLong(at[0]), r.getOffsetDateTime(at[1]), r.getString(at[2]), r.getString(at[3]),
                    r.getString(at[4]), r.getString(at[5]), r.getString(at[6]), r.getString(at[7]), r.getLong(at[8]),
                    r.getValue(at[9]) instanceof JsonObject d ? d : null, r.getString(at[10]), r.getString(at[11]),
                    r.getString(at[12]), r.getString(at[13]), r.getString(at[14]), r.getString(at[15]), r.getString(at[16])));
        }
        return out;
    }

    /** The columns an entry is read from, in the order of its components. */
    private static final String[] COLUMNS = {"id", "at", "event", "state", "rule_id", "policy", "provider_ref", "actor", "task_id",
        "detail", "case_ref", "borrower_ref", "assigned_collector", "channel", "template", "point_kind", "point_value"};

    private static int[] positions(Row r) {
        int[] at = new int[COLUMNS.length];
        for (int i = 0; i < COLUMNS.length; i++) {
            at[i] = r.getColumnIndex(COLUMNS[i]);
            if (at[i] < 0) {
                throw new IllegalArgumentException("a log row has no column " + COLUMNS[i]);
            }
        }
        return at;
    }
}
