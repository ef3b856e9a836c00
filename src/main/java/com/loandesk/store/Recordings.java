package com.loandesk.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;

/** Call recordings by their sid, as the provider's callbacks reported them. */
public final class Recordings {

    private final Pool pool;

    private Recordings(Pool pool) {
        this.pool = pool;
    }

    public static Recordings create(Pool pool) {
        return new Recordings(pool);
    }

    /**
     * One recording: its call, the call's task and case (null while no task holds the call's sid), whose
     * collector the case is assigned to, and where the provider keeps the recording.
     */
    public record Recording(String recordingSid, String callSid, String status, Integer durationS, String url,
                            Instant reportedAt, Long taskId, Long caseId, String caseRef, String assignedCollector) {
    }

    /** The recording {@code sid}; {@link Missing} when no callback ever reported it. */
    public Future<Recording> find(String sid) {
        return pool.preparedQuery(RecordingSql.BY_SID).execute(Tuple.of(sid)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.failedFuture(new Missing("no recording " + sid));
            }
            Row r = rows.iterator().next();
            Object d = r.getValue("detail");
            JsonObject detail = d instanceof JsonObject o ? o : new JsonObject();
            Object duration = detail.getValue("recordingDurationS");
            return Future.succeededFuture(new Recording(sid, r.getString("call_sid"), r.getString("status"),
                    duration instanceof Number n ? n.intValue() : null, detail.getString("recordingUrl"),
                    r.getOffsetDateTime("received_at").toInstant(), r.getLong("task_id"), r.getLong("case_id"),
                    r.getString("case_ref"), r.getString("assigned_collector")));
        });
    }
}
