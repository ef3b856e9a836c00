package com.loandesk.store;

import com.loandesk.inbound.ReplyKeywords;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ProviderEvents} in PostgreSQL: one transaction per batch, a fixed number of statements per batch. */
public final class PgProviderEvents implements ProviderEvents {

    private static final Logger LOG = LoggerFactory.getLogger(PgProviderEvents.class);
    private static final String ACTOR = "twilio";
    /**
     * How long an event or inbound message is remembered as a replay: a copy of one received within this window before
     * it is not written again. Providers retry a callback for minutes to hours (Twilio: a few times, within the
     * request's timeouts), so 30 days is far past any retry; a copy arriving later is kept as a new event.
     */
    public static final Duration REPLAY_WINDOW = Duration.ofDays(30);

    private final Pool pool;
    private final Clock clock;

    public PgProviderEvents(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    @Override
    public Future<Integer> record(List<ProviderEvent> events) {
        if (events.isEmpty()) {
            return Future.succeededFuture(0);
        }
        return pool.withTransaction(c -> insert(c, events).compose(fresh -> {
            if (fresh.isEmpty()) {
                return Future.succeededFuture(0);
            }
            List<ProviderEvent> freshEvents = new ArrayList<>(fresh.values());
            Set<String> sids = new LinkedHashSet<>();
            for (ProviderEvent e : freshEvents) {
                sids.add(e.providerSid());
            }
            Long[] ids = fresh.keySet().toArray(Long[]::new);
            OffsetDateTime since = Timestamps.ts(earliest(freshEvents));
            return advance(c, freshEvents)
                    .compose(v -> c.preparedQuery(ProviderEventSql.MATCH_AND_HISTORY).execute(Tuple.of(ids, ACTOR, since)))
                    .compose(v -> c.preparedQuery(ProviderEventSql.SUPPRESS_BY_DELIVERY_ERROR).execute(Tuple.of(ids, since)))
                    .compose(v -> applyTasks(c, sids))
                    .map(fresh.size());
        })).onSuccess(n -> {
            if (n < events.size()) {
                LOG.debug("provider events replayed count={}", events.size() - n);
            }
        });
    }

    @Override
    public Future<Integer> settleUnmatched(Instant since, int limit) {
        return pool.withTransaction(c -> c.preparedQuery(ProviderEventSql.UNMATCHED).execute(Tuple.of(Timestamps.ts(since), limit))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(0);
                    }
                    List<Long> ids = new ArrayList<>();
                    Set<String> sids = new LinkedHashSet<>();
                    for (Row r : rows) {
                        ids.add(r.getLong("id"));
                        sids.add(r.getString("provider_sid"));
                    }
                    Long[] idArray = ids.toArray(Long[]::new);
                    OffsetDateTime from = Timestamps.ts(since);
                    return c.preparedQuery(ProviderEventSql.MATCH_AND_HISTORY).execute(Tuple.of(idArray, ACTOR, from))
                            .compose(matched -> c.preparedQuery(ProviderEventSql.SUPPRESS_BY_DELIVERY_ERROR)
                                    .execute(Tuple.of(idArray, from))
                                    .compose(v -> applyTasks(c, sids)).map(matched.rowCount()));
                }));
    }

    @Override
    public Future<InboundOutcome> inbound(InboundSms sms) {
        ReplyKeywords.Reply reply = ReplyKeywords.classify(sms.optOutType(), sms.body());
        OffsetDateTime at = Timestamps.ts(sms.at() == null ? clock.instant() : sms.at());
        return pool.withTransaction(c -> lock(c, ProviderEventSql.INBOUND_LOCKS, List.of(sms.messageSid()))
                .compose(v -> c.preparedQuery(ProviderEventSql.INSERT_INBOUND)
                .execute(Tuple.from(new Object[] {sms.messageSid(), sms.from(), sms.to(), sms.body() == null ? "" : sms.body(),
                        reply.code(), reply.keyword(), at, at.minus(REPLAY_WINDOW)})))
                .compose(inserted -> {
                    if (inserted.size() == 0) {
                        return Future.succeededFuture(new InboundOutcome(false, reply, 0));
                    }
                    Future<?> optChange = switch (reply.intent()) {
                        case OPT_OUT -> c.preparedQuery(ProviderEventSql.SET_SMS_OPT_OUT).execute(Tuple.of(sms.from(), true));
                        case OPT_IN -> c.preparedQuery(ProviderEventSql.SET_SMS_OPT_OUT).execute(Tuple.of(sms.from(), false));
                        default -> Future.succeededFuture();
                    };
                    JsonObject detail = new JsonObject().put("messageSid", sms.messageSid()).put("body", sms.body())
                            .put("to", sms.to()).put("keyword", reply.keyword()).put("optOutType", sms.optOutType());
                    // a text from the number is the fact the US text safe harbor reads (Reg F §1006.6(d)(5))
                    return optChange
                            .compose(v -> c.preparedQuery(ProviderEventSql.SET_LAST_INBOUND_TEXT).execute(Tuple.of(sms.from(), at)))
                            .compose(v -> c.preparedQuery(ProviderEventSql.INBOUND_HISTORY)
                                    .execute(Tuple.of(sms.from(), at, reply.code(), detail)))
                            .map(rows -> new InboundOutcome(true, reply, rows.iterator().next().getLong("points").intValue()));
                }));
    }

    /**
     * Inserts the events; returns the new ones by id (replays are left out: an event whose key was received within
     * {@link #REPLAY_WINDOW} before the batch's earliest, or earlier in the batch).
     */
    private Future<Map<Long, ProviderEvent>> insert(SqlConnection c, List<ProviderEvent> events) {
        Map<String, ProviderEvent> byKey = new LinkedHashMap<>();
        Instant now = clock.instant();
        List<ProviderEvent> stamped = new ArrayList<>(events.size());
        for (ProviderEvent e : events) {
            ProviderEvent at = e.at() == null ? e.receivedAt(now) : e;
            stamped.add(at);
            byKey.putIfAbsent(key(at.providerSid(), at.kind(), at.dedupeKey()), at);
        }
        OffsetDateTime windowStart = Timestamps.ts(earliest(stamped).minus(REPLAY_WINDOW));
        return lock(c, ProviderEventSql.EVENT_LOCKS, byKey.keySet()).compose(v -> c.preparedQuery(ProviderEventSql.INSERT_EVENTS)
                        .execute(Columns.of(stamped)
                        .texts(ProviderEvent::providerSid).texts(ProviderEvent::kind).texts(ProviderEvent::dedupeKey)
                        .texts(ProviderEvent::status).texts(e -> e.detail() == null ? null : e.detail().encode())
                        .instants(ProviderEvent::at).value(windowStart).tuple()))
                .map(rows -> {
                    Map<Long, ProviderEvent> fresh = new LinkedHashMap<>();
                    for (Row r : rows) {
                        fresh.put(r.getLong("id"), byKey.get(key(r.getString("provider_sid"), r.getString("kind"), r.getString("dedupe_key"))));
                    }
                    return fresh;
                });
    }

    /** One upsert row per sid: the highest-ranked status of the batch, with any duration and answered-by. */
    private Future<?> advance(SqlConnection c, List<ProviderEvent> fresh) {
        return advanceLegs(c, fresh).compose(v -> advanceCalls(c, fresh));
    }

    /** The borrower legs of bridged calls, each kept on its parent call's row. */
    private Future<?> advanceLegs(SqlConnection c, List<ProviderEvent> fresh) {
        List<ProviderEvent> legs = fresh.stream().filter(e -> ProviderEvent.CALL_LEG.equals(e.kind())).toList();
        if (legs.isEmpty()) {
            return Future.succeededFuture();
        }
        return c.preparedQuery(ProviderEventSql.ADVANCE_LEG).execute(Columns.of(legs)
                .texts(ProviderEvent::providerSid).texts(ProviderEvent::status).ints(ProviderEvent::durationS)
                .value(clock.instant()).tuple());
    }

    private Future<?> advanceCalls(SqlConnection c, List<ProviderEvent> fresh) {
        Map<String, ProviderEvent> best = new LinkedHashMap<>();
        Map<String, Integer> duration = new LinkedHashMap<>();
        Map<String, String> answered = new LinkedHashMap<>();
        for (ProviderEvent e : fresh) {
            if (!e.touchesStatus()) {
                continue;
            }
            ProviderEvent b = best.get(e.providerSid());
            if (b == null || e.rank() > b.rank()) {
                best.put(e.providerSid(), e);
            }
            if (e.durationS() != null) {
                duration.put(e.providerSid(), e.durationS());
            }
            if (e.answeredBy() != null) {
                answered.put(e.providerSid(), e.answeredBy());
            }
        }
        if (best.isEmpty()) {
            return Future.succeededFuture();
        }
        return c.preparedQuery(ProviderEventSql.ADVANCE_STATUS).execute(Columns.of(List.copyOf(best.values()))
                .texts(ProviderEvent::providerSid).texts(ProviderEvent::medium).texts(e -> e.rank() >= 0 ? e.status() : null)
                .ints(ProviderEvent::rank).ints(e -> duration.get(e.providerSid())).texts(e -> answered.get(e.providerSid()))
                .value(clock.instant()).tuple());
    }

    private Future<?> applyTasks(SqlConnection c, Set<String> sids) {
        Future<RowSet<Row>> tasks = c.preparedQuery(ProviderEventSql.APPLY_TASK_STATE)
                .execute(Tuple.of(sids.toArray(String[]::new), Timestamps.ts(clock.instant())));
        // what became of each contact, as the caps count it (V2 outcome), for messages and calls alike
        return tasks.compose(v -> c.preparedQuery(ProviderEventSql.APPLY_ATTEMPT_OUTCOMES)
                .execute(Tuple.of((Object) sids.toArray(String[]::new))));
    }

    /**
     * Takes the transaction locks of {@code keys} (by their hash codes: two keys sharing one only wait on each other)
     * in ascending order, so that batches locking overlapping keys never deadlock.
     */
    private static Future<?> lock(SqlConnection c, int lockClass, Collection<String> keys) {
        TreeSet<Integer> hashes = new TreeSet<>();
        keys.forEach(k -> hashes.add(k.hashCode()));
        return c.preparedQuery(ProviderEventSql.LOCK_KEYS).execute(Tuple.of(lockClass, (Object) hashes.toArray(Integer[]::new)));
    }

    /** The earliest receipt of {@code events} (each has its time). */
    private static Instant earliest(List<ProviderEvent> events) {
        Instant min = events.get(0).at();
        for (ProviderEvent e : events) {
            if (e.at().isBefore(min)) {
                min = e.at();
            }
        }
        return min;
    }

    private static String key(String sid, String kind, String dedupe) {
        return sid + '\u0000' + kind + '\u0000' + dedupe;
    }
}
