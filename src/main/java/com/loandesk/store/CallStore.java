package com.loandesk.store;

import com.loandesk.logging.LogText;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collectors' click-to-call in the database: the voice task a call goes out under (gated like any other
 * contact), and the outcome the collector records afterwards with what it implies (a dispute hold, a
 * call-back, a wrong number), each in one transaction.
 */
public final class CallStore {

    private static final Logger LOG = LoggerFactory.getLogger(CallStore.class);
    /** The template of click-to-call tasks: the gate requires an approved voice version of it. */
    public static final String TEMPLATE = "click-to-call";
    /** How long a call-back the borrower asked for stays open. */
    public static final Duration CALLBACK_WINDOW = Duration.ofMinutes(30);
    private static final Set<String> PHONE_KINDS = com.loandesk.rules.PointKind.PHONE_CODES;
    private static final Set<String> PLACED = Set.of("sending", "sent", "delivered", "failed", "unknown");

    private final Pool pool;

    private CallStore(Pool pool) {
        this.pool = pool;
    }

    public static CallStore create(Pool pool) {
        return new CallStore(pool);
    }

    /** A created call task: what the bridge dials. */
    public record NewCall(long taskId, long caseId, String callerPhone, String borrowerPhone) {
    }

    /** What the collector says became of a call. Optional parts are null. */
    public record Outcome(String outcome, String note, BigDecimal promiseAmount, LocalDate promiseDate, Instant callbackAt) {

        JsonObject toJson(String actor) {
            JsonObject d = new JsonObject().put("outcome", outcome).put("note", note).put("recordedBy", actor);
            if (promiseAmount != null) {
                d.put("promiseAmount", promiseAmount.toPlainString());
            }
            if (promiseDate != null) {
                d.put("promiseDate", promiseDate.toString());
            }
            if (callbackAt != null) {
                d.put("callbackAt", callbackAt.toString());
            }
            return d;
        }
    }

    /** A recorded outcome and what it opened. */
    public record Recorded(long taskId, long caseId, String outcome, Long holdId, Long callbackRequestId) {
    }

    /** A request naming something that cannot be called: answered 400 for {@code field}. */
    public static final class Invalid extends RuntimeException {
        private final String field;

        public Invalid(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** The caller already has a call being placed: answered 409 call_in_progress. */
    public static final class InProgress extends RuntimeException {
        private final long liveTaskId;

        public InProgress(long liveTaskId, String message) {
            super(message, null, false, false);
            this.liveTaskId = liveTaskId;
        }

        public long liveTaskId() {
            return liveTaskId;
        }
    }

    /** A collector's click: call contact point {@code contactPointId} of case {@code caseRef}, ringing {@code caller}'s phone first. */
    public record Click(String caseRef, String collectorScope, long contactPointId, String caller, String owner) {
    }

    /**
     * Inside the caller's transaction {@code c}: creates, for each click (each caller at most once), a pending
     * click-to-call task on its case to its contact point, due {@code now}, created by its caller, with its
     * 'task_created' history row. Answers one future per click, in order, already complete: the {@link NewCall}, or
     * {@link Missing} when the case is unknown or (for a collector, {@code collectorScope} non-null) not theirs,
     * {@link Invalid} when the point is not a phone of the case's borrower, {@link Conflict} when the caller has no
     * phone of their own on file, {@link InProgress} when the caller already has a call being placed (a 'sending'
     * task under the gate owner {@code owner}). The cases and callers are locked first, so a double click, even
     * through two processes, creates one task, never two. A refused click writes nothing.
     */
    public Future<List<Future<NewCall>>> createCalls(SqlConnection c, List<Click> clicks, Instant now) {
        int n = clicks.size();
        // pipelined: the lock and the create go out together; the create's snapshot is taken once the lock holds
        Future<?> lock = c.preparedQuery(CallSql.LOCK_FOR_CALLS).execute(Columns.of(clicks)
                .texts(Click::caseRef).texts(Click::caller).tuple());
        Future<RowSet<Row>> created = c.preparedQuery(CallSql.CREATE_CALLS).execute(Columns.of(clicks)
                .texts(Click::caseRef).longs(Click::contactPointId).texts(Click::caller).texts(Click::owner)
                .texts(Click::collectorScope).value(now).tuple());
        return Future.all(lock, created).map(done -> {
            List<Future<NewCall>> out = new ArrayList<>(n);
            int i = 0;
            for (Row r : created.result()) {
                Click k = clicks.get(i++);
                out.add(checked(r, k.caseRef(), k.collectorScope(), k.contactPointId(), k.caller()));
            }
            return out;
        });
    }

    /** The created call, or what stood in its way, first failure first. */
    private static Future<NewCall> checked(Row r, String caseRef, String collectorScope, long contactPointId, String caller) {
        Long caseId = r.getLong("case_id");
        if (caseId == null || (collectorScope != null && !collectorScope.equals(r.getString("assigned_collector")))) {
            return Future.failedFuture(new Missing("no case " + caseRef));
        }
        Long pointBorrower = r.getLong("point_borrower_id");
        if (pointBorrower == null || !pointBorrower.equals(r.getLong("borrower_id"))) {
            return Future.failedFuture(new Invalid("contactPointId",
                    "contact point " + contactPointId + " is not a number of case " + caseRef + "'s borrower"));
        }
        if (!PHONE_KINDS.contains(r.getString("point_kind"))) {
            return Future.failedFuture(new Invalid("contactPointId",
                    "contact point " + contactPointId + " is a " + r.getString("point_kind") + " address, not a phone"));
        }
        String phone = r.getString("caller_phone");
        if (phone == null) {
            return Future.failedFuture(new Conflict("user " + caller
                    + " has no phone of their own on file (users.phone, E.164): click-to-call rings it first"));
        }
        Long taskId = r.getLong("task_id");
        Long live = r.getLong("live_task_id");
        if (taskId == null && live != null) {
            return Future.failedFuture(new InProgress(live, "user " + caller + " already has a call being placed (task "
                    + live + "): one call at a time"));
        }
        if (taskId == null) {
            return Future.failedFuture(new IllegalStateException("click-to-call task not created for case " + caseRef));
        }
        return Future.succeededFuture(new NewCall(taskId, caseId, phone, r.getString("point_value")));
    }

    /** A placed call with no outcome yet, and what Twilio last said of it (the borrower's leg for a bridge). */
    public record AwaitingOutcome(long taskId, String caseRef, String state, Instant createdAt, String pointKind,
                                  String pointValue, String callStatus, String legStatus, Integer durationSeconds) {
    }

    /**
     * {@code caller}'s placed calls still awaiting an outcome, newest first, at most {@code limit}; a collector
     * ({@code collectorScope} non-null) sees only those on their cases.
     */
    public Future<List<AwaitingOutcome>> awaitingOutcome(String caller, String collectorScope, int limit) {
        return pool.preparedQuery(CallSql.AWAITING_OUTCOME).execute(Tuple.of(caller, limit, collectorScope)).map(rows -> {
            List<AwaitingOutcome> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new AwaitingOutcome(r.getLong("task_id"), r.getString("case_ref"), r.getString("state"),
                        r.getOffsetDateTime("created_at").toInstant(), r.getString("kind"), r.getString("value"),
                        r.getString("call_status"), r.getString("leg_status"), r.getInteger("duration_s")));
            }
            return out;
        });
    }

    /**
     * Records what became of click-to-call {@code taskId}: a 'call_outcome' history row (actor {@code actor}) and, in
     * the same transaction, a dispute hold, a call-back request or the number marked invalid for voice and SMS.
     * {@link Missing} for an unknown task, and the same {@link Missing} when a collector ({@code collectorScope} non-null)
     * did not place it (a 404 that does not tell them the call exists, as for cases), {@link Conflict} when it was never
     * placed or already has an outcome.
     */
    public Future<Recorded> recordOutcome(long taskId, String actor, String collectorScope, Outcome o, Instant now) {
        return pool.withTransaction(c -> c.preparedQuery(CallSql.TASK_FOR_OUTCOME).execute(Tuple.of(taskId)).compose(rows -> {
            Row t = rows.size() == 0 ? null : rows.iterator().next();
            if (t == null || !TEMPLATE.equals(t.getString("template"))
                    || collectorScope != null && !collectorScope.equals(t.getString("created_by"))) {
                return Future.failedFuture(new Missing("no call " + taskId));
            }
            if (!PLACED.contains(t.getString("state"))) {
                return Future.failedFuture(new Conflict("call " + taskId + " was never placed (" + t.getString("state") + ")"));
            }
            return c.preparedQuery(CallSql.OUTCOME_EXISTS).execute(Tuple.of(taskId)).compose(existing -> existing.size() > 0
                    ? Future.failedFuture(new Conflict("an outcome was already recorded for call " + taskId))
                    : write(c, t, actor, o, now));
        })).onSuccess(r -> LOG.info("call outcome recorded task={} case={} outcome={} hold={} callback={} by={}", r.taskId(),
                r.caseId(), r.outcome(), r.holdId(), r.callbackRequestId(), LogText.of(actor)));
    }

    private Future<Recorded> write(SqlConnection c, Row t, String actor, Outcome o, Instant now) {
        long taskId = t.getLong("id");
        long caseId = t.getLong("case_id");
        long pointId = t.getLong("contact_point_id");
        Future<Void> history = c.preparedQuery(CallSql.RECORD_OUTCOME)
                .execute(Tuple.of(caseId, taskId, Timestamps.ts(now), actor, t.getString("provider_ref"), o.toJson(actor).encode()))
                .mapEmpty();
        switch (o.outcome()) {
            case "dispute":
                return history.compose(v -> c.preparedQuery(HoldSql.SET)
                                .execute(Tuple.of(caseId, "dispute", o.note(), actor, Timestamps.ts(now))))
                        .map(rows -> new Recorded(taskId, caseId, o.outcome(), rows.iterator().next().getLong("id"), null));
            case "callback":
                return history.compose(v -> c.preparedQuery(CallSql.CALLBACK).execute(Tuple.tuple()
                                .addLong(t.getLong("borrower_id")).addLong(caseId).addLong(pointId)
                                .addOffsetDateTime(Timestamps.ts(o.callbackAt()))
                                .addOffsetDateTime(Timestamps.ts(o.callbackAt().plus(CALLBACK_WINDOW)))
                                .addString(actor).addOffsetDateTime(Timestamps.ts(now))))
                        .map(rows -> new Recorded(taskId, caseId, o.outcome(), null, rows.iterator().next().getLong("id")));
            case "wrong_number":
                return history.compose(v -> c.preparedQuery(CallSql.WRONG_NUMBER).execute(Tuple.of(pointId)))
                        .map(rows -> new Recorded(taskId, caseId, o.outcome(), null, null));
            default:
                return history.map(v -> new Recorded(taskId, caseId, o.outcome(), null, null));
        }
    }
}
