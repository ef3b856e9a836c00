package com.loandesk.store;

import static com.loandesk.store.Timestamps.ts;

import static com.loandesk.store.GateColumn.*;

import com.loandesk.rules.Channel;
import com.loandesk.rules.Decision;
import com.loandesk.rules.PastContact;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The contact tasks' storage: claims with leases, the gate's locked read-decide-write, batched
 * completions, lease recovery. Every statement handles a whole batch; none is issued per task.
 */
public final class TaskStore {

    private final Pool pool;
    private volatile BiFunction<SqlClient, Long, Future<Void>> templateCatalog;

    public TaskStore(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    /**
     * Before each judgement, counts the approved template versions in the judging transaction and hands the
     * count, with that transaction's connection, to {@code catalog} (the approved-template catalog's
     * {@code ensureCurrent}), which catches up first if it is behind. Without it, judgements use whatever the
     * catalog holds.
     */
    public TaskStore checkingTemplates(BiFunction<SqlClient, Long, Future<Void>> catalog) {
        this.templateCatalog = catalog;
        return this;
    }

    /**
     * The claim and the gate, in one transaction: take up to {@code limit} due tasks of {@code channel}
     * (skipping those another dispatcher holds), lock their borrowers, read the facts and recent
     * contacts, let {@code decide} judge them (one answer per task, in order), then mark the allowed
     * tasks 'sending' under this owner's lease with their cap-ledger rows, and the others deferred or
     * blocked, all with history. Nothing of it is visible until it commits; a failure leaves the tasks due.
     */
    public Future<List<Gated>> claimAndGate(String owner, Channel channel, Instant now, int limit, Instant leaseUntil,
                                            Instant contactsSince, Function<GateInput, List<Gated>> decide) {
        return pool.withTransaction(c -> c.preparedQuery(TaskSql.CLAIM_FOR_GATE)
                .execute(Tuple.of(ts(now), limit, channel.code()))
                .compose(rows -> gateClaimed(c, rows, now, owner, Map.of(), leaseUntil, contactsSince, decide, true)));
    }

    /**
     * The claim and the gate for given tasks, now, inside the caller's transaction {@code c} (collectors'
     * click-to-call, whose tasks that transaction has just created): the tasks not pending or deferred, or held
     * by another transaction, are left out; the others are judged and their decisions applied and recorded
     * exactly as a batch's would be, each allowed task 'sending' under its own owner's lease ({@code owners},
     * by task id), on the ledger. A click is for now: a task the rules would only defer is refused (state 'blocked',
     * history 'refused' with the rule and the next allowed time), never left deferred as if a call were to come.
     */
    public Future<List<Gated>> claimAndGateTasks(SqlConnection c, Map<Long, String> owners, Instant now, Instant leaseUntil,
                                                 Instant contactsSince, Function<GateInput, List<Gated>> decide) {
        return c.preparedQuery(TaskSql.CLAIM_THESE_FOR_GATE).execute(Tuple.of((Object) owners.keySet().toArray(Long[]::new)))
                .compose(rows -> gateClaimed(c, rows, now, null, owners, leaseUntil, contactsSince, decide, false));
    }

    /** Judges the tasks a claim locked and applies the decisions, allowed ones under {@code owner} or their own in {@code owners}. */
    private Future<List<Gated>> gateClaimed(SqlConnection c, RowSet<Row> claimed, Instant now, String owner, Map<Long, String> owners,
                                            Instant leaseUntil, Instant contactsSince, Function<GateInput, List<Gated>> decide,
                                            boolean deferrable) {
        return judge(c, tasks(claimed), now, contactsSince, decide)
                .compose(gated -> gated.isEmpty()
                        ? Future.succeededFuture(gated)
                        : applyDecisions(c, gated, now, owner, owners, leaseUntil, deferrable).map(gated));
    }

    /**
     * A dry run over existing tasks: the same reads as the claim, no locks, nothing written. The facts come back for the
     * caller to judge (off the event loop: a dry run may judge thousands of contacts).
     */
    public Future<GateInput> dryRunTasks(List<Long> taskIds, Instant now, Instant contactsSince) {
        return pool.withConnection(c -> c.preparedQuery(TaskSql.DRY_RUN_TASKS)
                .execute(Tuple.of((Object) taskIds.toArray(Long[]::new)))
                .compose(rows -> facts(c, tasks(rows), now, contactsSince)));
    }

    /**
     * The calls a collector could click on case {@code caseRef}, one per phone of its borrower, with the facts the gate
     * reads (nothing written, no lock taken); {@link Missing} when there is no such case in {@code collectorScope}
     * (a collector's own cases; null: any).
     */
    public Future<GateInput> dryRunCaseCalls(String caseRef, String collectorScope, Instant now, Instant contactsSince) {
        return pool.withConnection(c -> c.preparedQuery(TaskSql.CASE_IN_SCOPE).execute(Tuple.of(caseRef, collectorScope))
                .compose(found -> found.size() == 0 ? Future.failedFuture(new Missing("no case " + caseRef))
                        : c.preparedQuery(TaskSql.DRY_RUN_CASE_CALLS).execute(Tuple.of(found.iterator().next().getLong("id")))
                                .compose(rows -> facts(c, tasks(rows), now, contactsSince))));
    }

    /**
     * A page of a wave selection's dry run, in borrower order after {@code after} (null: from the start): the contacts
     * it would create with their facts, nothing written. A page holds whole borrowers (their contacts are judged
     * together), so it may hold fewer than {@code w.limit()} contacts; {@code next} continues it, null at the end.
     * {@code windowStart}/{@code windowEnd} (both or neither) is the wave's local window, judged as its tasks' would be.
     * Cases busy in another wave are left out, as creating the wave would skip them.
     */
    public Future<DryRunPage> dryRunSelection(WaveSelection w, java.time.LocalTime windowStart, java.time.LocalTime windowEnd,
                                              DryRunPage.Cursor after, Instant now, Instant contactsSince) {
        Tuple args = Tuple.tuple().addString(w.channel().code()).addArrayOfString(w.pointKinds().toArray(String[]::new))
                .addString(w.template()).addString(w.stage()).addInteger(w.dpdMin()).addInteger(w.dpdMax())
                .addString(w.product()).addString(w.jurisdiction()).addBigDecimal(w.balanceMin())
                .addBigDecimal(w.balanceMax()).addString(w.riskGrade()).addInteger(w.limit())
                .addLong(after == null ? null : after.borrowerId()).addLong(after == null ? null : after.caseId())
                .addLocalTime(windowStart).addLocalTime(windowEnd).addOffsetDateTime(Timestamps.ts(now));
        return pool.withConnection(c -> c.preparedQuery(TaskSql.DRY_RUN_SELECTION).execute(args).compose(rows -> {
            List<TaskRow> tasks = tasks(rows);
            DryRunPage.Cursor next = null;
            if (tasks.size() == w.limit() && !tasks.isEmpty()) {
                TaskRow last = tasks.get(tasks.size() - 1);
                int end = tasks.size();
                while (end > 0 && tasks.get(end - 1).borrowerId() == last.borrowerId()) {
                    end--;
                }
                if (end == 0) {
                    // one borrower fills the page: continue after its last case
                    next = new DryRunPage.Cursor(last.borrowerId(), last.caseId());
                } else {
                    tasks = tasks.subList(0, end);
                    next = new DryRunPage.Cursor(tasks.get(end - 1).borrowerId(), Long.MAX_VALUE);
                }
            }
            DryRunPage.Cursor cursor = next;
            return facts(c, tasks, now, contactsSince).map(input -> new DryRunPage(input, cursor));
        }));
    }

    /** Reads the borrowers' recent contacts, holds, consents, call-backs and inconvenient times, and decides. */
    private Future<List<Gated>> judge(SqlConnection c, List<TaskRow> tasks, Instant now, Instant contactsSince,
                                      Function<GateInput, List<Gated>> decide) {
        if (tasks.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return facts(c, tasks, now, contactsSince).map(decide::apply);
    }

    /** Reads the borrowers' recent contacts, holds, consents, call-backs and inconvenient times (the templates made current). */
    private Future<GateInput> facts(SqlConnection c, List<TaskRow> tasks, Instant now, Instant contactsSince) {
        if (tasks.isEmpty()) {
            return Future.succeededFuture(new GateInput(List.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of()));
        }
        Long[] borrowers = tasks.stream().map(TaskRow::borrowerId).distinct().toArray(Long[]::new);
        Long[] cases = tasks.stream().map(TaskRow::caseId).distinct().toArray(Long[]::new);
        Future<RowSet<Row>> contacts = c.preparedQuery(TaskSql.RECENT_CONTACTS).execute(Tuple.of(borrowers, ts(contactsSince)));
        Future<RowSet<Row>> holds = c.preparedQuery(TaskSql.OPEN_HOLDS).execute(Tuple.of((Object) cases));
        Future<RowSet<Row>> consents = c.preparedQuery(TaskSql.CONSENTS).execute(Tuple.of((Object) borrowers));
        Future<RowSet<Row>> callbacks = c.preparedQuery(TaskSql.CALLBACKS).execute(Tuple.of(borrowers, ts(now)));
        Future<RowSet<Row>> inconvenient = c.preparedQuery(TaskSql.INCONVENIENT_TIMES).execute(Tuple.of((Object) borrowers));
        BiFunction<SqlClient, Long, Future<Void>> catalog = templateCatalog;
        Future<Void> templatesCurrent = catalog == null ? Future.succeededFuture()
                : c.query(TaskSql.APPROVED_TEMPLATE_VERSIONS).execute()
                        .compose(rows -> catalog.apply(c, rows.iterator().next().getLong("approvals")));
        Map<Long, String> unreadable = new HashMap<>();
        return Future.all(List.of(contacts, holds, consents, callbacks, inconvenient, templatesCurrent)).map(all ->
                new GateInput(tasks, contacts(contacts.result(), unreadable), holds(holds.result()),
                        GateFacts.consents(consents.result(), unreadable), GateFacts.callbacks(callbacks.result()),
                        GateFacts.inconvenientTimes(inconvenient.result(), unreadable), unreadable));
    }

    /** Applies the decisions, allowed tasks under {@code owner}, or their own owner in {@code owners} (by task id). */
    private Future<Void> applyDecisions(SqlConnection c, List<Gated> gated, Instant now, String owner, Map<Long, String> owners,
                                        Instant leaseUntil, boolean deferrable) {
        Function<Gated, String> state = g -> !deferrable && g.decision() instanceof Decision.Defer ? TaskState.BLOCKED.code() : stateAfter(g);
        Function<Gated, String> event = g -> !deferrable && g.decision() instanceof Decision.Defer ? "refused" : stateAfter(g);
        Function<Gated, Instant> dueAt = g -> deferrable ? deferredUntil(g) : null;
        List<Gated> allowed = gated.stream().filter(g -> g.decision() instanceof Decision.Allow).toList();
        Future<?> update = c.preparedQuery(TaskSql.APPLY_DECISIONS).execute(Columns.of(gated)
                .longs(g -> g.task().taskId()).texts(state).instants(dueAt)
                .texts(TaskStore::ruleOf).value(now).value(owner).value(leaseUntil)
                .texts(g -> owners.isEmpty() ? null : owners.get(g.task().taskId())).tuple());
        Future<?> history = c.preparedQuery(TaskSql.APPEND_HISTORY).execute(Columns.of(gated)
                .longs(g -> g.task().caseId()).longs(g -> g.task().taskId()).texts(event)
                .texts(state).texts(TaskStore::ruleOf).texts(g -> g.decision().policy())
                .texts(Gated::detailJson).value(now).value(owner)
                .texts(g -> owners.isEmpty() ? null : owners.get(g.task().taskId())).tuple());
        Future<?> ledger = allowed.isEmpty() ? Future.succeededFuture() : recordContacts(c, allowed, now);
        return Future.all(update, history, ledger).mapEmpty();
    }

    private Future<?> recordContacts(SqlConnection c, List<Gated> allowed, Instant now) {
        List<TaskRow> tasks = allowed.stream().map(Gated::task).toList();
        return c.preparedQuery(TaskSql.RECORD_CONTACTS).execute(Columns.of(tasks)
                .longs(TaskRow::borrowerId).longs(TaskRow::caseId).longs(TaskRow::contactPointId).longs(TaskRow::taskId)
                .ints(t -> t.attempts() + 1).texts(t -> t.channel().code()).texts(TaskRow::pointKind).value(now).tuple());
    }

    /** The state (and history event) a gate decision leaves its task in. */
    private static String stateAfter(Gated g) {
        Decision d = g.decision();
        return (d instanceof Decision.Allow ? TaskState.SENDING : d instanceof Decision.Defer ? TaskState.DEFERRED
                : TaskState.BLOCKED).code();
    }

    /** The rule that deferred or blocked the task (null when allowed). */
    private static String ruleOf(Gated g) {
        Decision d = g.decision();
        return d instanceof Decision.Defer defer ? defer.ruleId() : d instanceof Decision.Block block ? block.ruleId() : null;
    }

    private static Instant deferredUntil(Gated g) {
        return g.decision() instanceof Decision.Defer d ? d.until() : null;
    }

    /**
     * Writes a batch of providers' answers with their history in one statement; contacts that never
     * left are taken off the cap ledger in the same transaction, and sends that never started give back
     * their claim's attempt.
     */
    public Future<Integer> complete(List<Completion> outcomes, String owner, Instant now) {
        List<Long> forgetIds = new ArrayList<>();
        List<Long> suppressIds = new ArrayList<>();
        List<String> suppressions = new ArrayList<>();
        List<Integer> forgetAttempts = new ArrayList<>();
        for (Completion o : outcomes) {
            if (!o.contactMade()) {
                forgetIds.add(o.taskId());
                forgetAttempts.add(o.attempt());
            }
            if (o.suppress() != null) {
                suppressIds.add(o.taskId());
                suppressions.add(o.suppress());
            }
        }
        Tuple args = Columns.of(outcomes).longs(Completion::taskId).texts(Completion::state).texts(Completion::providerRef)
                .texts(Completion::error).instants(Completion::retryAt).texts(Completion::detailJson).value(now).value(owner)
                .bools(Completion::attemptSpent).tuple();
        if (forgetIds.isEmpty()) {
            return pool.preparedQuery(TaskSql.COMPLETE).execute(args).map(RowSet::rowCount);
        }
        return pool.withTransaction(c -> c.preparedQuery(TaskSql.COMPLETE).execute(args)
                .compose(written -> c.preparedQuery(TaskSql.FORGET_CONTACTS)
                        .execute(Tuple.tuple().addValue(forgetIds.toArray(Long[]::new)).addValue(forgetAttempts.toArray(Integer[]::new)))
                        .compose(v -> suppressIds.isEmpty() ? Future.succeededFuture() : c.preparedQuery(TaskSql.SUPPRESS_POINTS)
                                .execute(Tuple.tuple().addValue(suppressIds.toArray(Long[]::new))
                                        .addValue(suppressions.toArray(String[]::new))))
                        .map(written.rowCount())));
    }

    /** The heart-beat: the leases of {@code taskIds}, still 'sending' under {@code owner}, live on until {@code until}. */
    public Future<Integer> extendLeases(String owner, java.util.Collection<Long> taskIds, Instant until) {
        return pool.preparedQuery(TaskSql.EXTEND_LEASES)
                .execute(Tuple.of(owner, ts(until), taskIds.toArray(Long[]::new))).map(RowSet::rowCount);
    }

    /**
     * The dead-dispatcher query: sends whose lease ran out (their owner stopped beating) become
     * 'unknown', to be reconciled with the provider. Returns how many.
     */
    public Future<Integer> recoverExpiredLeases(Instant now, String actor) {
        return pool.preparedQuery(TaskSql.RECOVER_EXPIRED_SENDS).execute(Tuple.of(ts(now), actor)).map(RowSet::rowCount);
    }

    /** Enqueues tasks with their 'task_created' history rows, in one statement. */
    public Future<Integer> enqueue(List<NewTask> tasks, Instant now) {
        int n = tasks.size();
        if (n == 0) {
            return Future.succeededFuture(0);
        }
        Long[] cases = new Long[n];
        Long[] points = new Long[n];
        String[] channels = new String[n];
        String[] templates = new String[n];
        Long[] waves = new Long[n];
        OffsetDateTime[] due = new OffsetDateTime[n];
        OffsetDateTime[] notAfter = new OffsetDateTime[n];
        String[] creators = new String[n];
        for (int i = 0; i < n; i++) {
            NewTask t = tasks.get(i);
            cases[i] = t.caseId();
            points[i] = t.contactPointId();
            channels[i] = t.channel().code();
            templates[i] = t.template();
            waves[i] = t.waveId();
            due[i] = ts(t.dueAt());
            notAfter[i] = t.notAfter() == null ? null : ts(t.notAfter());
            creators[i] = t.createdBy();
        }
        return pool.preparedQuery(TaskSql.ENQUEUE)
                .execute(Tuple.from(List.of(cases, points, channels, templates, waves, due, notAfter, creators, ts(now))))
                .map(RowSet::rowCount);
    }

    /** A task left 'unknown', as reconciliation needs it. */
    public record UnknownTask(long taskId, long caseId, Channel channel, String to, Instant sendingAt) {
    }

    public Future<List<UnknownTask>> unknownToReconcile(Instant leftBefore, List<Channel> channels, int limit) {
        String[] codes = channels.stream().map(Channel::code).toArray(String[]::new);
        return pool.preparedQuery(TaskSql.UNKNOWN_TO_RECONCILE).execute(Tuple.of(ts(leftBefore), codes, limit))
                .map(rows -> {
                    List<UnknownTask> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new UnknownTask(r.getLong("id"), r.getLong("case_id"), Channel.of(r.getString("channel")),
                                r.getString("value"), r.getOffsetDateTime("sending_at").toInstant()));
                    }
                    return out;
                });
    }

    /** Settles an unknown task: sent (the provider has {@code providerRef}) or, when null, queued again. */
    public Future<Boolean> settleUnknown(long taskId, String providerRef, Instant now, String actor) {
        Future<RowSet<Row>> done = providerRef == null
                ? pool.preparedQuery(TaskSql.RECONCILED_NOT_SENT).execute(Tuple.of(taskId, ts(now), actor))
                : pool.preparedQuery(TaskSql.RECONCILED_SENT).execute(Tuple.of(taskId, providerRef, ts(now), actor));
        return done.map(rows -> rows.rowCount() > 0);
    }

    /**
     * Tasks by state without reading the finished ones: the open states counted exactly (by their partial index), the
     * finished ones estimated from the planner's statistics (null when the table has not been analyzed yet).
     */
    public Future<TaskCounts> countByState() {
        Future<RowSet<Row>> open = pool.query(TaskSql.COUNT_OPEN_BY_STATE).execute();
        Future<RowSet<Row>> estimates = pool.query(TaskSql.ESTIMATE_BY_STATE).execute();
        return Future.all(open, estimates).map(all -> {
            Map<TaskState, Long> exact = new java.util.EnumMap<>(TaskState.class);
            for (TaskState s : TaskState.values()) {
                if (s.open()) {
                    exact.put(s, 0L);
                }
            }
            for (Row r : open.result()) {
                exact.put(TaskState.valueOf(r.getString("state").toUpperCase(java.util.Locale.ROOT)), r.getLong("n"));
            }
            Map<TaskState, Long> estimated = new java.util.EnumMap<>(TaskState.class);
            java.time.Instant at = null;
            for (Row r : estimates.result()) {
                TaskState s = TaskState.valueOf(r.getString("state").toUpperCase(java.util.Locale.ROOT));
                at = r.getOffsetDateTime("at") == null ? null : r.getOffsetDateTime("at").toInstant();
                if (!s.open()) {
                    estimated.put(s, r.getLong("n"));
                }
            }
            return new TaskCounts(exact, estimated, at);
        });
    }

    /** Reads {@link GateColumn#SELECT} rows, column by column. */
    private static List<TaskRow> tasks(RowSet<Row> rows) {
        List<TaskRow> out = new ArrayList<>(rows.rowCount());
        for (Row r : rows) {
            String[] invalid = r.getArrayOfStrings(INVALID_CHANNELS.at());
            out.add(new TaskRow(
                    r.getLong(TASK_ID.at()), r.getLong(CASE_ID.at()), r.getLong(CONTACT_POINT_ID.at()),
                    Channel.of(r.getString(CHANNEL.at())), r.getString(TEMPLATE.at()),
                    instant(r.getOffsetDateTime(NOT_AFTER.at())), r.getInteger(ATTEMPTS.at()),
                    r.getLong(BORROWER_ID.at()), r.getString(CASE_REF.at()), r.getString(PRODUCT.at()),
                    r.getString(CASE_STATUS.at()), r.getString(STAGE.at()), r.getBigDecimal(AMOUNT_OVERDUE.at()),
                    r.getString(CURRENCY.at()), r.getInteger(DAYS_PAST_DUE.at()), r.getBoolean(SOL_EXPIRED.at()),
                    r.getString(FULL_NAME.at()), r.getString(LOCALE.at()), r.getString(TIME_ZONE.at()),
                    r.getString(ADDRESS_REGION.at()), r.getString(JURISDICTION.at()),
                    r.getString(POINT_KIND.at()), r.getString(POINT_ROLE.at()), r.getString(POINT_VALUE.at()),
                    r.getBoolean(SMS_CONSENT.at()), r.getBoolean(VOICE_CONSENT.at()), r.getBoolean(THIRD_PARTY_CONSENT.at()),
                    r.getBoolean(SMS_OPTED_OUT.at()), r.getBoolean(VOICE_OPTED_OUT.at()), r.getBoolean(EMAIL_OPTED_OUT.at()),
                    invalid == null || invalid.length == 0 ? Set.of() : Set.of(invalid),
                    instant(r.getOffsetDateTime(LAST_INBOUND_TEXT_AT.at())), instant(r.getOffsetDateTime(RND_CLEAR_AT.at())),
                    r.getLocalDate(DUE_DATE.at()), r.getLocalTime(WINDOW_START.at()), r.getLocalTime(WINDOW_END.at()),
                    instant(r.getOffsetDateTime(RND_CHECKED_AT.at())), r.getString(RND_RESULT.at()),
                    instant(r.getOffsetDateTime(CONSENT_EVIDENCE_AT.at())), r.getString(POSTAL_CODE.at())));
        }
        return out;
    }

    /** The ledger rows by borrower; a row that cannot be read names its borrower in {@code unreadable} instead. */
    private static Map<Long, List<PastContact>> contacts(RowSet<Row> rows, Map<Long, String> unreadable) {
        Map<Long, List<PastContact>> out = new HashMap<>();
        for (Row r : rows) {
            try {
                contact(r, out);
            } catch (RuntimeException e) {
                unreadable.putIfAbsent(r.getLong(0), "contact_attempt row at " + r.getValue(1) + ": " + e);
            }
        }
        return out;
    }

    private static void contact(Row r, Map<Long, List<PastContact>> out) {
        Channel channel = Channel.of(r.getString(2));
        String outcome = r.getString(8);
        Long[] also = r.getArrayOfLongs(11);
        out.computeIfAbsent(r.getLong(0), k -> new ArrayList<>()).add(new PastContact(
                r.getOffsetDateTime(1).toInstant(), channel, r.getLong(3), r.getLong(4), r.getString(10),
                outcome == null ? PastContact.Outcome.fromConnected(r.getBoolean(5), channel)
                        : PastContact.Outcome.valueOf(outcome.toUpperCase(java.util.Locale.ROOT)),
                r.getBoolean(6), r.getInteger(7), r.getBoolean(9),
                also == null ? Set.of() : Set.of(also)));
    }

    private static Map<Long, Set<String>> holds(RowSet<Row> rows) {
        Map<Long, Set<String>> out = new HashMap<>();
        for (Row r : rows) {
            out.computeIfAbsent(r.getLong("case_id"), k -> new HashSet<>()).add(r.getString("kind"));
        }
        return out;
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

}
