package com.loandesk.store;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/**
 * One entry of the compliance log: a history row with its case, borrower, collector, and (when it is about a task)
 * the task's channel and template and the contact point used, as stored (the web layer masks the value).
 */
public record LogEntry(long id, OffsetDateTime at, String event, String state, String ruleId, String policy,
                       String providerRef, String actor, Long taskId, JsonObject detail, String caseRef, String borrowerRef,
                       String collector, String channel, String template, String pointKind, String pointValue) {

    static LogEntry of(Row r) {
        return Columns.of(r).entry(r);
    }

    /**
     * Where the entry's columns are in the rows of one statement, each found by its name once: a stream reads
     * thousands of rows of the same shape, and a lookup by name searches the row's column names every time.
     */
    static final class Columns {
        private static final String[] NAMES = {"id", "at", "event", "state", "rule_id", "policy", "provider_ref", "actor",
            "task_id", "detail", "case_ref", "borrower_ref", "assigned_collector", "channel", "template", "point_kind",
            "point_value"};
        private final int[] at = new int[NAMES.length];

        private Columns(Row r) {
            for (int i = 0; i < NAMES.length; i++) {
                at[i] = r.getColumnIndex(NAMES[i]);
                if (at[i] < 0) {
                    throw new IllegalArgumentException("a log row has no column " + NAMES[i]);
                }
            }
        }

        static Columns of(Row r) {
            return new Columns(r);
        }

        LogEntry entry(Row r) {
            return new LogEntry(r.getLong(at[0]), r.getOffsetDateTime(at[1]), r.getString(at[2]), r.getString(at[3]),
                    r.getString(at[4]), r.getString(at[5]), r.getString(at[6]), r.getString(at[7]), r.getLong(at[8]),
                    r.getValue(at[9]) instanceof JsonObject d ? d : null, r.getString(at[10]), r.getString(at[11]),
                    r.getString(at[12]), r.getString(at[13]), r.getString(at[14]), r.getString(at[15]), r.getString(at[16]));
        }
    }
}
