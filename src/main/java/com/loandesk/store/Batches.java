package com.loandesk.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Requests that go to the database together. One batch at a time: a request arriving while none is in flight goes
 * at once, alone; requests arriving meanwhile wait for it, then go together as the next batch (up to a limit), in
 * arrival order. So a quiet service's request costs what a single one does, and a burst costs a few round trips
 * rather than one per request. Requests sharing a key ({@code keyOf}, when given) never share a batch: the later
 * waits for the next one, which sees what the earlier wrote.
 * <p>
 * Every run has a deadline: a run with no answer after it (a statement stuck behind a lock) fails its batch with a
 * {@link java.util.concurrent.TimeoutException}, and the next batch goes; the stuck run's late answer is dropped.
 *
 * @param <I> a request
 * @param <R> its answer
 */
public final class Batches<I, R> {

    private final int maxBatch;
    private final Function<I, Object> keyOf;
    private final Function<List<I>, Future<List<Future<R>>>> run;
    private final ArrayDeque<Waiting<I, R>> queue = new ArrayDeque<>();
    private final Vertx vertx;
    private final Duration deadline;
    private boolean running;

    /**
     * {@code run} answers one future per request, in order; when it fails, every request of the batch fails with it,
     * and when it has not answered within {@code deadline}, every request fails with a time-out.
     * {@code keyOf} may be null (any requests may share a batch).
     */
    public Batches(Vertx vertx, Duration deadline, int maxBatch, Function<I, Object> keyOf,
                   Function<List<I>, Future<List<Future<R>>>> run) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        if (vertx != null && (deadline == null || deadline.isNegative() || deadline.isZero())) {
            throw new IllegalArgumentException("deadline must be positive");
        }
        this.vertx = vertx;
        this.deadline = deadline;
        this.maxBatch = maxBatch;
        this.keyOf = keyOf;
        this.run = run;
    }

    /** Without a deadline: for tests that finish each run by hand. */
    Batches(int maxBatch, Function<I, Object> keyOf, Function<List<I>, Future<List<Future<R>>>> run) {
        this(null, null, maxBatch, keyOf, run);
    }

    private record Waiting<I, R>(I request, Promise<R> answer, Context context) {
    }

    /** Queues {@code request}; its answer completes on the caller's context (when it has one). */
    public Future<R> submit(I request) {
        Promise<R> answer = Promise.promise();
        boolean start;
        synchronized (this) {
            queue.add(new Waiting<>(request, answer, Vertx.currentContext()));
            start = !running;
            running = true;
        }
        if (start) {
            next();
        }
        return answer.future();
    }

    /** Requests waiting for a batch now. */
    public synchronized int waiting() {
        return queue.size();
    }

    private void next() {
        List<Waiting<I, R>> batch = take();
        if (batch.isEmpty()) {
            return;
        }
        List<I> requests = new ArrayList<>(batch.size());
        for (Waiting<I, R> w : batch) {
            requests.add(w.request());
        }
        Future<List<Future<R>>> done;
        try {
            done = run.apply(requests);
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        AtomicBoolean answered = new AtomicBoolean();
        long timer = vertx == null ? -1 : vertx.setTimer(deadline.toMillis(), id -> {
            if (answered.compareAndSet(false, true)) {
                TimeoutException late = new TimeoutException("no answer from the database within " + deadline.toMillis() + " ms");
                for (Waiting<I, R> w : batch) {
                    answer(w, Future.failedFuture(late));
                }
                next();
            }
        });
        done.onComplete(ar -> {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            if (!answered.compareAndSet(false, true)) {
                return; // the deadline answered this batch already
            }
            for (int i = 0; i < batch.size(); i++) {
                Waiting<I, R> w = batch.get(i);
                Future<R> one = ar.failed() ? Future.failedFuture(ar.cause())
                        : ar.result().size() == batch.size() ? ar.result().get(i)
                        // a run's bug must fail its batch, not stall every batch after it
                        : Future.failedFuture(new IllegalStateException(ar.result().size() + " answers for " + batch.size() + " requests"));
                answer(w, one);
            }
            next();
        });
    }

    private void answer(Waiting<I, R> w, Future<R> one) {
        if (w.context() == null) {
            one.onComplete(w.answer());
        } else {
            w.context().runOnContext(v -> one.onComplete(w.answer()));
        }
    }

    /** The next batch (none: the run ends until the next request). */
    private synchronized List<Waiting<I, R>> take() {
        List<Waiting<I, R>> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
        Set<Object> keys = keyOf == null ? null : new HashSet<>();
        for (Iterator<Waiting<I, R>> it = queue.iterator(); it.hasNext() && batch.size() < maxBatch; ) {
            Waiting<I, R> w = it.next();
            if (keys == null || keys.add(keyOf.apply(w.request()))) {
                batch.add(w);
                it.remove();
            }
        }
        if (batch.isEmpty()) {
            running = false;
        }
        return batch;
    }
}
