package com.loandesk.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.time.ZoneOffset;

/**
 * Unknown sends no provider can be asked about (an e-mail the SMTP relay may or may not have taken, a click-to-call
 * bridged to the collector's own phone): listed for compliance, and settled by a person as sent or not sent, with a
 * reason. Until then they count against the caps (their ledger rows stay), the cautious side, and are never resent.
 */
public final class Settlements {

    /** What a person found. */
    public enum Outcome {
        SENT("sent"), NOT_SENT("not_sent");

        private final String code;

        Outcome(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Outcome of(String code) {
            for (Outcome o : values()) {
                if (o.code.equals(code)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("outcome must be sent or not_sent, was '" + code + "'");
        }
    }

    /** A settled task: its case and the state it is in now. */
    public record Settled(long taskId, long caseId, String state) {
    }

    /** Why a task could not be settled. */
    public enum Refusal {
        NO_SUCH_TASK, NOT_SETTLEABLE
    }

    /** A task that is not there, or not an unknown send a person settles (its state is in the message). */
    public static final class NotSettleable extends RuntimeException {
        private final Refusal refusal;

        NotSettleable(Refusal refusal, String message) {
            super(message, null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    private final Pool pool;

    private Settlements(Pool pool) {
        this.pool = pool;
    }

    public static Settlements create(Pool pool) {
        return new Settlements(pool);
    }

    public Pool pool() {
        return pool;
    }

    /** An unknown send waiting for a person: the task, its case and the contact point used (its value unmasked). */
    public record Waiting(long taskId, String channel, String template, int attempts, Instant unknownSince, String lastError,
                          String caseRef, String borrowerRef, String collector, String pointKind, String pointValue) {
        static Waiting of(Row r) {
            return new Waiting(r.getLong("id"), r.getString("channel"), r.getString("template"), r.getInteger("attempts"),
                    r.getOffsetDateTime("updated_at").toInstant(), r.getString("last_error"), r.getString("case_ref"),
                    r.getString("borrower_ref"), r.getString("assigned_collector"), r.getString("point_kind"),
                    r.getString("point_value"));
        }
    }

    /** The unknown sends waiting for a person, oldest first. */
    public Future<List<Waiting>> waiting(int limit) {
        return pool.preparedQuery(SettlementSql.LIST).execute(Tuple.of(limit)).map(rows -> {
            List<Waiting> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(Waiting.of(r)));
            return out;
        });
    }

    /** Settles task {@code taskId} inside the caller's transaction {@code c}; fails with {@link NotSettleable}. */
    public Future<Settled> settle(SqlConnection c, long taskId, Outcome outcome, String reason, String actor, Instant now) {
        return c.preparedQuery(SettlementSql.LOCK).execute(Tuple.of(taskId)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.failedFuture(new NotSettleable(Refusal.NO_SUCH_TASK, "no task " + taskId));
            }
            Row r = rows.iterator().next();
            if (!r.getBoolean("settleable")) {
                return Future.failedFuture(new NotSettleable(Refusal.NOT_SETTLEABLE, "task " + taskId + " is '" + r.getString("state")
                        + "' (" + r.getString("channel") + "): only unknown e-mail and click-to-call tasks are settled by a person"));
            }
            return c.preparedQuery(SettlementSql.SETTLE)
                    .execute(Tuple.of(taskId, outcome.code(), reason, actor, now.atOffset(ZoneOffset.UTC)))
                    .map(done -> {
                        Row s = done.iterator().next();
                        return new Settled(s.getLong("id"), s.getLong("case_id"), s.getString("state"));
                    });
        });
    }
}
