package com.loandesk.dispatch;

import com.loandesk.store.Completion;
import com.loandesk.store.TaskStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects providers' answers and writes them in batches: when {@code batchSize} are waiting, or
 * {@code flushMs} after the first one. A failed write is retried; if this process dies first, the
 * tasks' leases expire and they turn 'unknown', never lost and never resent blindly.
 * Runs on its dispatcher's event loop only.
 */
final class CompletionWriter {

    private static final Logger LOG = LoggerFactory.getLogger(CompletionWriter.class);
    private static final int MAX_WRITES_IN_FLIGHT = 2;

    private final Vertx vertx;
    private final TaskStore store;
    private final String owner;
    private final Clock clock;
    private final int batchSize;
    private final long flushMs;
    private final Consumer<List<Completion>> written;
    private List<Completion> buffer = new ArrayList<>();
    private long timer = -1;
    private int writing;
    private int failures;
    private Promise<Void> drained;

    CompletionWriter(Vertx vertx, TaskStore store, String owner, Clock clock, int batchSize, long flushMs,
                     Consumer<List<Completion>> written) {
        this.vertx = vertx;
        this.store = store;
        this.owner = owner;
        this.clock = clock;
        this.batchSize = batchSize;
        this.flushMs = flushMs;
        this.written = written;
    }

    void add(Completion completion) {
        buffer.add(completion);
        if (buffer.size() >= batchSize) {
            flush();
        } else if (timer < 0) {
            timer = vertx.setTimer(flushMs, id -> {
                timer = -1;
                flush();
            });
        }
    }

    /** Completes once everything added so far is written. */
    Future<Void> drain() {
        if (buffer.isEmpty() && writing == 0) {
            return Future.succeededFuture();
        }
        if (drained == null) {
            drained = Promise.promise();
        }
        flush();
        return drained.future();
    }

    private void flush() {
        if (buffer.isEmpty() || writing >= MAX_WRITES_IN_FLIGHT || (failures > 0 && timer >= 0)) {
            return;
        }
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        List<Completion> batch = buffer;
        buffer = new ArrayList<>();
        writing++;
        store.complete(batch, owner, clock.instant()).onComplete(ar -> {
            writing--;
            if (ar.succeeded()) {
                failures = 0;
                written.accept(batch);
            } else {
                // keep the answers and try again, backing off up to 10 s; should this process die
                // meanwhile, the leases expire and the tasks turn 'unknown' for reconciliation
                failures++;
                long wait = Math.min(10_000, 250L << Math.min(failures, 6));
                LOG.warn("completion write failed batch={} retryInMs={} error={}", batch.size(), wait, ar.cause().toString());
                batch.addAll(buffer);
                buffer = batch;
                if (timer >= 0) {
                    vertx.cancelTimer(timer);
                }
                timer = vertx.setTimer(wait, id -> {
                    timer = -1;
                    flush();
                });
                return;
            }
            if (!buffer.isEmpty()) {
                flush();
            } else if (writing == 0 && drained != null) {
                Promise<Void> p = drained;
                drained = null;
                p.complete();
            }
        });
    }
}
