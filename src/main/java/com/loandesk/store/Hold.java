package com.loandesk.store;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;

/** A hold on a case: open until cleared (with who, when and why). */
public record Hold(long id, String kind, String reason, String setBy, Instant setAt,
                   String clearedBy, Instant clearedAt, String clearReason) {

    static Hold from(Row r) {
        OffsetDateTime cleared = r.getOffsetDateTime("cleared_at");
        return new Hold(r.getLong("id"), r.getString("kind"), r.getString("reason"), r.getString("set_by"),
                r.getOffsetDateTime("set_at").toInstant(), r.getString("cleared_by"),
                cleared == null ? null : cleared.toInstant(), r.getString("clear_reason"));
    }
}
