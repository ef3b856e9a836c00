package com.loandesk.metrics;

import com.loandesk.store.TaskStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tasks by state and the lag of the oldest due task, read from the database on a timer (the scrape never queries the
 * database itself). The open states are counted exactly from their partial index; the finished ones are the planner's
 * estimates (tag {@code exact="false"}): no refresh reads the finished tasks, however many years of them there are.
 */
public final class TaskGauges {

    /** Uses the due index: the oldest due task that has not gone yet. */
    static final String OLDEST_DUE = """
            select min(due_at) from contact_task where state in ('pending', 'deferred') and due_at <= $1
            """;

    private final TaskStore store;
    private final Clock clock;
    private final Map<String, AtomicLong> byState = new ConcurrentHashMap<>();
    private final AtomicLong lagSeconds = new AtomicLong();

    public TaskGauges(TaskStore store, Clock clock, MeterRegistry registry) {
        this.store = store;
        this.clock = clock;
        for (com.loandesk.store.TaskState s : com.loandesk.store.TaskState.values()) {
            String state = s.code();
            AtomicLong n = new AtomicLong();
            byState.put(state, n);
            Gauge.builder("loandesk_tasks", n, AtomicLong::get).tag("state", state).tag("exact", String.valueOf(s.open()))
                    .description("contact tasks by state: open states counted, finished ones estimated").register(registry);
        }
        Gauge.builder("loandesk_oldest_due_task_lag_seconds", lagSeconds, AtomicLong::get)
                .description("how long the oldest due task has been waiting").register(registry);
    }

    public Future<Void> refresh() {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        return store.countByState().compose(counts -> {
            counts.open().forEach((state, n) -> byState.get(state.code()).set(n));
            counts.finished().forEach((state, n) -> byState.get(state.code()).set(n));
            return store.pool().preparedQuery(OLDEST_DUE).execute(Tuple.of(now));
        }).map(rows -> {
            var oldest = rows.iterator().next().getOffsetDateTime(0);
            lagSeconds.set(oldest == null ? 0 : Math.max(0, now.toEpochSecond() - oldest.toEpochSecond()));
            return null;
        });
    }
}
