package com.loandesk.store;

import static com.loandesk.store.Timestamps.ts;

import com.loandesk.logging.LogText;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reminder waves: creation (its members, in a fixed number of statements whatever the wave's size, and the
 * first chunk of tasks), feeding (the next members' tasks, at the wave's rate), progress, pause, resume and
 * cancel. Every state change of a wave writes a wave_event row; task changes write case_history rows.
 */
public final class WaveStore {

    private static final Logger LOG = LoggerFactory.getLogger(WaveStore.class);
    public static final String WAVE_CANCELLED = "WAVE_CANCELLED";
    private static final int MAX_LIST = 200;
    private static final int MAX_EVENTS = 1000;
    /** Samples a wave's progress carries: the newest, about 50 minutes at the default 10 s. */
    private static final int MAX_SAMPLES = 300;

    /** Members fed at a wave's creation, in its own transaction, unless the wave's rate or start says less. */
    public static final int FIRST_CHUNK = 5000;

    private final Pool pool;
    private final Clock clock;
    private final int firstChunk;

    private WaveStore(Pool pool, Clock clock, int firstChunk) {
        this.pool = pool;
        this.clock = clock;
        this.firstChunk = firstChunk;
    }

    public static WaveStore create(Pool pool, Clock clock) {
        return new WaveStore(pool, clock, FIRST_CHUNK);
    }

    /** As {@link #create(Pool, Clock)}, feeding at most {@code firstChunk} members when a wave is created. */
    public static WaveStore create(Pool pool, Clock clock, int firstChunk) {
        return new WaveStore(pool, clock, firstChunk);
    }

    /**
     * Creates the wave and enqueues every matching case that is not busy in another wave as a member, then
     * feeds the first members (their tasks, with a 'task_created' history row each), in one transaction; the
     * rest are fed by {@link #feedDue}. {@link Conflict} when the template has no approved version for the
     * channel; {@link NothingSelected} (nothing written) when no case can be enqueued. Answers {waveId, enqueued,
     * skipped, fed}.
     */
    public Future<WaveOutcomes.Created> create(WaveSpec spec, String actor) {
        WaveSelection s = spec.selection();
        Instant now = clock.instant();
        return pool.withTransaction(c -> lockAndCheck(c, s)
                .compose(v -> c.preparedQuery(WaveSql.INSERT_WAVE).execute(Tuple.tuple().addString(spec.name())
                        .addString(s.channel().code()).addString(s.template()).addString(s.stage()).addInteger(s.dpdMin())
                        .addInteger(s.dpdMax()).addString(s.product()).addString(s.jurisdiction()).addBigDecimal(s.balanceMin())
                        .addBigDecimal(s.balanceMax()).addString(s.riskGrade()).addLocalTime(spec.windowStart())
                        .addLocalTime(spec.windowEnd()).addInteger(spec.ratePerMinute()).addOffsetDateTime(ts(spec.notAfter()))
                        .addString(actor).addOffsetDateTime(ts(now)).addOffsetDateTime(ts(spec.startsAt()))))
                .compose(rows -> {
                    long waveId = rows.iterator().next().getLong("id");
                    return c.preparedQuery(WaveSql.ENQUEUE_MEMBERS).execute(selectionArgs(waveId, s, now)).compose(counts -> {
                        Row r = counts.iterator().next();
                        long enqueued = r.getLong("enqueued");
                        long skipped = r.getLong("skipped");
                        if (enqueued == 0) {
                            // rolled back: a wave that can never send anything is only noise on the board
                            return Future.failedFuture(new NothingSelected(skipped));
                        }
                        // the created event's detail, as it has always been recorded
                        String detail = new JsonObject().put("waveId", waveId).put("enqueued", enqueued).put("skipped", skipped).encode();
                        return c.preparedQuery(WaveSql.FINISH_CREATE).execute(Tuple.of(waveId, (int) enqueued, (int) skipped,
                                        ts(now), actor, detail))
                                .compose(v -> feed(c, waveId, now, firstChunk))
                                .map(fed -> new WaveOutcomes.Created(waveId, enqueued, skipped, fed));
                    });
                }))
                .onSuccess(w -> LOG.info("wave created id={} channel={} template={} enqueued={} skipped={} fed={} by={}",
                        w.waveId(), s.channel().code(), s.template(), w.enqueued(), w.skipped(), w.fed(), LogText.of(actor)));
    }

    private static Future<Integer> feed(SqlConnection c, long waveId, Instant now, int most) {
        return c.preparedQuery(WaveSql.FEED).execute(Tuple.of(waveId, ts(now), most))
                .map(rows -> rows.iterator().next().getInteger("fed"));
    }

    /**
     * Feeds every running wave whose start has come, oldest first, each in its own short transaction: at most
     * {@code chunk} members per wave, fewer if its rate has not earned them, and none for a channel whose due
     * backlog has reached {@code backlogLimit} tasks (the dispatcher drains it first). A wave another feeder
     * is feeding is skipped. Answers how many tasks were made.
     */
    public Future<Integer> feedDue(int chunk, int backlogLimit) {
        Instant now = clock.instant();
        return pool.preparedQuery(WaveSql.FEEDABLE).execute(Tuple.of(ts(now))).compose(rows -> {
            Future<Integer> total = Future.succeededFuture(0);
            for (Row r : rows) {
                long waveId = r.getLong("id");
                String channel = r.getString("channel");
                // one wave's trouble must not starve the others: it is logged and the round goes on
                total = total.compose(sum -> hasRoom(channel, now, backlogLimit)
                        .compose(room -> room
                                ? pool.withTransaction(c -> feed(c, waveId, now, chunk))
                                : Future.succeededFuture(0))
                        .recover(e -> {
                            LOG.warn("feeding wave failed id={} error={}", waveId, e.toString());
                            return Future.succeededFuture(0);
                        })
                        .map(fed -> sum + fed));
            }
            return total;
        });
    }

    /** Whether the channel's due backlog is below the limit, asked before each wave is fed. */
    private Future<Boolean> hasRoom(String channel, Instant now, int limit) {
        return pool.preparedQuery(WaveSql.DUE_BACKLOG).execute(Tuple.of(channel, ts(now), limit))
                .map(rows -> rows.iterator().next().getLong("n") < limit);
    }

    /** What {@link #create} would enqueue and skip now, writing nothing. */
    public Future<WaveOutcomes.Preview> preview(WaveSpec spec) {
        WaveSelection s = spec.selection();
        return pool.withTransaction(c -> lockAndCheck(c, s)
                .compose(v -> c.preparedQuery(WaveSql.COUNT_SELECTION).execute(selectionArgs(0, s, clock.instant())))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new WaveOutcomes.Preview(r.getLong("enqueued"), r.getLong("skipped"));
                }));
    }

    private static Future<Void> lockAndCheck(SqlConnection c, WaveSelection s) {
        return c.preparedQuery(WaveSql.LOCK_AND_CHECK_TEMPLATE)
                .execute(Tuple.of("wave:" + s.channel().code() + ":" + s.template(), s.template(), s.channel().code()))
                .compose(rows -> Boolean.TRUE.equals(rows.iterator().next().getBoolean("approved"))
                        ? Future.succeededFuture()
                        : Future.failedFuture(new Conflict("template " + s.template() + " has no approved version for channel "
                                + s.channel().code())));
    }

    private static Tuple selectionArgs(long waveId, WaveSelection s, Instant now) {
        return Tuple.tuple().addLong(waveId).addString(s.channel().code()).addArrayOfString(s.pointKinds().toArray(String[]::new))
                .addString(s.template()).addString(s.stage()).addInteger(s.dpdMin()).addInteger(s.dpdMax())
                .addString(s.product()).addString(s.jurisdiction()).addBigDecimal(s.balanceMin())
                .addBigDecimal(s.balanceMax()).addString(s.riskGrade()).addOffsetDateTime(ts(now));
    }

    /**
     * The newest waves as stored, each with its latest sample (null before the first): what the list shows of their
     * progress without counting any task (the counts of now are in {@link #progress}).
     */
    public Future<List<WaveProgress.Listed>> list() {
        return pool.preparedQuery(WaveSql.LIST).execute(Tuple.of(MAX_LIST)).map(rows -> {
            List<WaveProgress.Listed> waves = new ArrayList<>(rows.size());
            for (Row r : rows) {
                OffsetDateTime at = r.getOffsetDateTime("sampled_at");
                waves.add(new WaveProgress.Listed(wave(r), at == null ? null
                        : sample(at, (io.vertx.core.json.JsonObject) r.getValue("sampled_counts"))));
            }
            return waves;
        });
    }

    private static WaveProgress.Sample sample(OffsetDateTime at, io.vertx.core.json.JsonObject counts) {
        Map<String, Long> byState = new TreeMap<>();
        counts.forEach(e -> byState.put(e.getKey(), ((Number) e.getValue()).longValue()));
        return new WaveProgress.Sample(at.toInstant(), byState);
    }

    /**
     * The wave with its progress: tasks by state, blocked and deferred tasks by rule, first and last
     * contact, and its events. {@link Missing} when there is no such wave.
     */
    public Future<WaveProgress> progress(long waveId) {
        return pool.withConnection(c -> c.preparedQuery(WaveSql.WAVE).execute(Tuple.of(waveId)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.failedFuture(new Missing("no wave " + waveId));
            }
            Wave wave = wave(rows.iterator().next());
            Future<RowSet<Row>> counts = c.preparedQuery(WaveSql.TASK_COUNTS).execute(Tuple.of(waveId));
            Future<RowSet<Row>> span = c.preparedQuery(WaveSql.CONTACT_SPAN).execute(Tuple.of(waveId));
            Future<RowSet<Row>> events = c.preparedQuery(WaveSql.EVENTS).execute(Tuple.of(waveId, MAX_EVENTS));
            Future<List<WaveProgress.Sample>> samples = samples(waveId, MAX_SAMPLES);
            return Future.all(counts, span, events, samples).map(all -> {
                Map<String, Long> byState = new TreeMap<>();
                Map<String, Long> blockedByRule = new TreeMap<>();
                Map<String, Long> deferredByRule = new TreeMap<>();
                Map<String, Instant> deferredNext = new TreeMap<>();
                long total = 0;
                for (Row r : counts.result()) {
                    String state = r.getString("state");
                    long n = r.getLong("n");
                    total += n;
                    byState.merge(state, n, Long::sum);
                    String rule = r.getString("block_rule") == null ? "unknown" : r.getString("block_rule");
                    if ("blocked".equals(state)) {
                        blockedByRule.merge(rule, n, Long::sum);
                    } else if ("deferred".equals(state)) {
                        deferredByRule.merge(rule, n, Long::sum);
                        // when the first of them is due again: the dispatcher judges it afresh then
                        deferredNext.put(rule, instant(r.getOffsetDateTime("next_due")));
                    }
                }
                Row s = span.result().iterator().next();
                List<WaveProgress.Event> trail = new ArrayList<>();
                for (Row e : events.result()) {
                    Object detail = e.getValue("detail");
                    trail.add(new WaveProgress.Event(instant(e.getOffsetDateTime("at")), e.getString("actor"), e.getString("event"),
                            detail == null ? null : detail.toString()));
                }
                // members not fed yet: queued while the wave may still feed them; after a cancel they never will
                long notFed = wave.enqueued() - wave.fed();
                boolean cancelled = "cancelled".equals(wave.state());
                return new WaveProgress(wave, total, cancelled ? 0 : notFed, cancelled ? notFed : 0, byState, blockedByRule,
                        deferredByRule, deferredNext, s.getLong("contacts"), instant(s.getOffsetDateTime("first_at")),
                        instant(s.getOffsetDateTime("last_at")), trail, samples.result());
            });
        }));
    }

    /**
     * Takes one sample of every wave with work left (and a last one of a wave that has just run out), unless one was
     * taken since {@code notSince} ago (by another instance); answers how many.
     */
    public Future<Integer> sampleOpenWaves(java.time.Duration notSince) {
        Instant now = clock.instant();
        return pool.preparedQuery(WaveSql.SAMPLE_OPEN_WAVES).execute(Tuple.of(ts(now), ts(now.minus(notSince))))
                .map(rows -> rows.rowCount());
    }

    /** The wave's newest {@code most} samples, oldest first. */
    public Future<List<WaveProgress.Sample>> samples(long waveId, int most) {
        return pool.preparedQuery(WaveSql.SAMPLES).execute(Tuple.of(waveId, most)).map(rows -> {
            List<WaveProgress.Sample> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(sample(r.getOffsetDateTime("at"), (io.vertx.core.json.JsonObject) r.getValue("counts")));
            }
            return out;
        });
    }

    /** running → paused; {@link Missing} or {@link Conflict} (not running). */
    public Future<WaveOutcomes.Changed> pause(long waveId, String actor) {
        return transition(waveId, "running", "paused", "paused", actor);
    }

    /** paused → running; {@link Missing} or {@link Conflict} (not paused). */
    public Future<WaveOutcomes.Changed> resume(long waveId, String actor) {
        return transition(waveId, "paused", "running", "resumed", actor);
    }

    private Future<WaveOutcomes.Changed> transition(long waveId, String from, String to, String event, String actor) {
        Instant now = clock.instant();
        return pool.preparedQuery(WaveSql.TRANSITION).execute(Tuple.of(waveId, from, to, ts(now), actor, event))
                .compose(rows -> rows.rowCount() == 1
                        ? Future.succeededFuture(new WaveOutcomes.Changed(waveId, to, null, null))
                        : this.<WaveOutcomes.Changed>refused(waveId, event))
                .onSuccess(j -> LOG.info("wave changed event={} id={} by={}", event, waveId, LogText.of(actor)));
    }

    /**
     * running|paused → cancelled, blocking every pending or deferred task of the wave by WAVE_CANCELLED (with
     * a history row each) in one statement. Answers {waveId, state, blocked}.
     */
    public Future<WaveOutcomes.Changed> cancel(long waveId, String actor) {
        Instant now = clock.instant();
        // lock first, in its own statement: a feeder committing tasks meanwhile is waited for, and CANCEL's
        // snapshot (read committed: one per statement) then sees them and blocks them too
        return pool.withTransaction(c -> c.preparedQuery(WaveSql.LOCK_WAVE).execute(Tuple.of(waveId))
                .compose(v -> c.preparedQuery(WaveSql.CANCEL).execute(Tuple.of(waveId, ts(now), actor)))).compose(rows -> {
            Row r = rows.iterator().next();
            return r.getLong("changed") == 1
                    ? Future.succeededFuture(new WaveOutcomes.Changed(waveId, "cancelled", r.getLong("blocked"), r.getLong("unfed")))
                    : this.<WaveOutcomes.Changed>refused(waveId, "cancelled");
        }).onSuccess(c -> LOG.info("wave cancelled id={} blocked={} unfed={} by={}", waveId, c.blocked(), c.unfed(), LogText.of(actor)));
    }

    private <T> Future<T> refused(long waveId, String event) {
        return pool.preparedQuery(WaveSql.WAVE).execute(Tuple.of(waveId)).compose(rows -> rows.size() == 0
                ? Future.failedFuture(new Missing("no wave " + waveId))
                : Future.failedFuture(new Conflict("wave " + waveId + " is " + rows.iterator().next().getString("state")
                        + " and cannot be " + event)));
    }

    private static Wave wave(Row r) {
        WaveSelection selection = new WaveSelection(com.loandesk.rules.Channel.of(r.getString("channel")), r.getString("template"),
                r.getString("stage"), r.getInteger("dpd_min"), r.getInteger("dpd_max"), r.getString("product"),
                r.getString("jurisdiction"), r.getBigDecimal("balance_min"), r.getBigDecimal("balance_max"),
                r.getString("risk_grade"), 0);
        String windowStart = r.getString("window_start");
        return new Wave(r.getLong("id"), r.getString("name"), r.getString("state"), selection,
                windowStart == null ? null : java.time.LocalTime.parse(windowStart),
                windowStart == null ? null : java.time.LocalTime.parse(r.getString("window_end")), r.getInteger("rate_per_minute"),
                instant(r.getOffsetDateTime("not_after")), instant(r.getOffsetDateTime("starts_at")), r.getInteger("enqueued"),
                r.getInteger("skipped"), r.getInteger("fed"), r.getString("created_by"), instant(r.getOffsetDateTime("created_at")),
                instant(r.getOffsetDateTime("updated_at")));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }


}
