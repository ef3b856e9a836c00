package com.loandesk.cadence;

import static com.loandesk.store.Timestamps.ts;

import com.loandesk.config.CadenceStep;
import com.loandesk.config.PortfolioConfig;
import com.loandesk.portfolio.SessionLock;
import com.loandesk.store.Conflict;
import com.loandesk.store.WaveSelection;
import com.loandesk.store.WaveSpec;
import com.loandesk.store.WaveStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in scheduler of stage cadences: for a business date (after its recompute), one wave per
 * cadence step and day, through {@link WaveStore#create}, with actor {@code cadence:<step id>}. The selection
 * is the step's stage and days_past_due = the stage's first DPD + day - 1.
 *
 * <p>Exactly once per (step key, business date), across processes and restarts:
 * <ol>
 *   <li>one process at a time runs a pass (a session advisory lock);</li>
 *   <li>a cadence_run row is claimed ('creating', unique per step and date) and committed before the wave is
 *       created; a later pass never creates for a row another pass finished;</li>
 *   <li>a row left 'creating' (a crash between the wave's commit and the row's update, or a failed create) is
 *       resolved by looking for the wave by its name (step key and date) and actor, after waiting on the lock
 *       WaveStore.create holds until it commits: found, the row is marked created; not found, the create
 *       never committed and is made now.</li>
 * </ol>
 * A step whose template has no approved version is skipped (logged, and recorded as 'skipped' for the date); a
 * step that selects no case makes no wave (recorded as 'empty').
 */
public final class CadenceScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(CadenceScheduler.class);
    static final String LOCK = "loandesk:cadence-scheduler";

    private final Pool pool;
    private final WaveStore waves;
    private final Clock clock;
    private final List<CadenceStep> steps;
    private final PortfolioConfig stages;
    private final String owner;

    public CadenceScheduler(Pool pool, WaveStore waves, Clock clock, List<CadenceStep> steps, PortfolioConfig stages, String owner) {
        this.pool = pool;
        this.waves = waves;
        this.clock = clock;
        this.steps = List.copyOf(steps);
        this.stages = stages;
        this.owner = owner;
    }

    /** The days_past_due a step selects: day 1 is its stage's first DPD. */
    public int dpdOf(CadenceStep step) {
        int first = switch (step.stage()) {
            case "early" -> 1;
            case "middle" -> stages.earlyMaxDpd() + 1;
            default -> stages.middleMaxDpd() + 1;
        };
        return first + step.day() - 1;
    }

    /** The wave's name: unique per step key and business date (and found by it after a crash). */
    static String waveName(CadenceStep step, LocalDate date) {
        return "cadence " + step.key() + " " + date;
    }

    /** One pass over every step for {@code date}. */
    public Future<CadenceResult> run(LocalDate date) {
        return SessionLock.whileHeld(pool, LOCK, conn -> steps(date, 0, new CadenceResult(date, 0, 0, 0, 0, 0, false)),
                        CadenceResult.busy(date))
                .onSuccess(r -> {
                    if (!r.busy()) {
                        LOG.info("cadence pass done businessDate={} created={} empty={} skipped={} alreadyDone={} failed={}",
                                date, r.created(), r.empty(), r.skipped(), r.alreadyDone(), r.failed());
                    }
                });
    }

    private Future<CadenceResult> steps(LocalDate date, int i, CadenceResult sofar) {
        if (i >= steps.size()) {
            return Future.succeededFuture(sofar);
        }
        CadenceStep step = steps.get(i);
        return step(step, date)
                .recover(e -> {
                    LOG.error("cadence step failed step={} businessDate={} error={}", step.key(), date, e.toString());
                    return Future.succeededFuture(Done.FAILED);
                })
                .compose(done -> steps(date, i + 1, switch (done) {
                    case CREATED -> new CadenceResult(date, sofar.created() + 1, sofar.empty(), sofar.skipped(), sofar.alreadyDone(), sofar.failed(), false);
                    case EMPTY -> new CadenceResult(date, sofar.created(), sofar.empty() + 1, sofar.skipped(), sofar.alreadyDone(), sofar.failed(), false);
                    case SKIPPED -> new CadenceResult(date, sofar.created(), sofar.empty(), sofar.skipped() + 1, sofar.alreadyDone(), sofar.failed(), false);
                    case ALREADY -> new CadenceResult(date, sofar.created(), sofar.empty(), sofar.skipped(), sofar.alreadyDone() + 1, sofar.failed(), false);
                    case FAILED -> new CadenceResult(date, sofar.created(), sofar.empty(), sofar.skipped(), sofar.alreadyDone(), sofar.failed() + 1, false);
                }));
    }

    private enum Done { CREATED, EMPTY, SKIPPED, ALREADY, FAILED }

    private Future<Done> step(CadenceStep step, LocalDate date) {
        String name = waveName(step, date);
        return pool.preparedQuery(CadenceSql.CLAIM).execute(Tuple.of(step.key(), date, name, owner, ts(clock.instant())))
                .compose(claimed -> {
                    if (claimed.size() == 1) {
                        return create(step, date, claimed.iterator().next().getLong("id"));
                    }
                    return pool.preparedQuery(CadenceSql.READ).execute(Tuple.of(step.key(), date)).compose(rows -> {
                        Row r = rows.iterator().next();
                        return "creating".equals(r.getString("state"))
                                ? resume(step, date, r.getLong("id"))
                                : Future.succeededFuture(Done.ALREADY);
                    });
                });
    }

    /** A row left 'creating' by an earlier pass: its wave may exist. */
    private Future<Done> resume(CadenceStep step, LocalDate date, long runId) {
        String lockKey = "wave:" + step.channel().code() + ":" + step.template();
        return pool.withTransaction(c -> c.preparedQuery(CadenceSql.WAIT_FOR_WAVE_CREATION).execute(Tuple.of(lockKey))
                        .compose(v -> c.preparedQuery(CadenceSql.FIND_WAVE).execute(Tuple.of(waveName(step, date), actor(step)))))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return create(step, date, runId);
                    }
                    Row w = rows.iterator().next();
                    LOG.info("cadence step resumed step={} businessDate={} waveId={}", step.key(), date, w.getLong("id"));
                    return markCreated(runId, w.getLong("id"), w.getInteger("enqueued"));
                });
    }

    private Future<Done> create(CadenceStep step, LocalDate date, long runId) {
        Instant now = clock.instant();
        Instant start = now.plus(step.after());
        int dpd = dpdOf(step);
        WaveSelection selection = new WaveSelection(step.channel(), step.template(), step.stage(), dpd, dpd,
                null, null, null, null, null, 0);
        WaveSpec spec = new WaveSpec(waveName(step, date), selection, step.windowStart(), step.windowEnd(),
                start.plus(step.expires()), null, step.after().isZero() ? null : start);
        // nothing to enqueue today (no case on the step's day, or every one busy in another wave): no wave, the run is
        // empty; a create that finds nothing after all (cases paid meanwhile) is empty too
        return waves.preview(spec)
                .compose(p -> p.enqueued() == 0
                        ? markEmpty(runId)
                        : waves.create(spec, actor(step))
                                .compose(w -> markCreated(runId, w.waveId(), (int) w.enqueued())))
                .recover(e -> {
                    if (e instanceof com.loandesk.store.NothingSelected) {
                        return markEmpty(runId);
                    }
                    if (!(e instanceof Conflict)) {
                        return Future.failedFuture(e);
                    }
                    LOG.warn("cadence step skipped step={} businessDate={} reason={}", step.key(), date, e.getMessage());
                    return pool.preparedQuery(CadenceSql.MARK_SKIPPED).execute(Tuple.of(runId, e.getMessage(), ts(clock.instant())))
                            .map(Done.SKIPPED);
                });
    }

    private Future<Done> markEmpty(long runId) {
        return pool.preparedQuery(CadenceSql.MARK_EMPTY).execute(Tuple.of(runId, ts(clock.instant()))).map(Done.EMPTY);
    }

    private Future<Done> markCreated(long runId, long waveId, int enqueued) {
        return pool.preparedQuery(CadenceSql.MARK_CREATED).execute(Tuple.of(runId, waveId, enqueued, ts(clock.instant())))
                .map(Done.CREATED);
    }

    static String actor(CadenceStep step) {
        return "cadence:" + step.id();
    }

    /** For logs and tests: the steps this scheduler runs. */
    public List<CadenceStep> steps() {
        return steps;
    }

    /** A summary of a pass, as JSON. */
    public static JsonObject json(CadenceResult r) {
        return new JsonObject().put("businessDate", r.businessDate().toString()).put("created", r.created()).put("empty", r.empty())
                .put("skipped", r.skipped()).put("alreadyDone", r.alreadyDone()).put("failed", r.failed()).put("busy", r.busy());
    }
}
