package com.loandesk.auth;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The login's own threads for PBKDF2, and a bound on the logins under way: at most {@code threads + queue} at once,
 * each holding a slot from before its first database statement until its answer. A login arriving when every slot is
 * taken fails at once with {@link Full}, without touching the database, so a flood of logins is refused quickly,
 * never queued without limit, and never takes the worker threads, connections or cores that clicks, claims and
 * callbacks need beyond these few. Threads are daemons and end after a minute idle: a dropped store leaves nothing
 * running.
 */
public final class HashingPool {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Vertx vertx;
    private final ThreadPoolExecutor executor;
    private final Semaphore slots;

    private HashingPool(Vertx vertx, int threads, int queue) {
        this.vertx = vertx;
        this.slots = new Semaphore(threads + queue);
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        // the queue holds at most `queue` tasks: the slots admit no more than threads + queue
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "loandesk-login-hash-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.executor.allowCoreThreadTimeOut(true);
    }

    /** {@code threads} hashing threads, and at most {@code queue} logins waiting for one. */
    public static HashingPool create(Vertx vertx, int threads, int queue) {
        return new HashingPool(vertx, threads, queue);
    }

    /** Every slot is taken: the login was refused without waiting. */
    public static final class Full extends RuntimeException {
        Full() {
            super("every login slot is taken", null, false, false);
        }
    }

    /** A login's place in the pool: it may hash on the pool's threads until its body's future completes. */
    public final class Slot {
        private Slot() {
        }

        /** Runs {@code work} on a hashing thread; its result comes back on the caller's context. */
        public <T> Future<T> hash(Callable<T> work) {
            Context context = vertx.getOrCreateContext();
            Promise<T> promise = Promise.promise();
            executor.execute(() -> {
                T result;
                try {
                    result = work.call();
                } catch (Throwable e) {
                    answer(context, () -> promise.fail(e));
                    return;
                }
                answer(context, () -> promise.complete(result));
            });
            return promise.future();
        }
    }

    /** Hands an answer back to its context; once Vert.x is closing nobody waits for it, and it is dropped. */
    private static void answer(Context context, Runnable answer) {
        try {
            context.runOnContext(v -> answer.run());
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the service is stopping: the login it answers is gone with it
        }
    }

    /** {@code password} hashed for storage in a slot of its own; fails at once with {@link Full} when there is none. */
    public Future<String> hashPassword(String password) {
        return withSlot(slot -> slot.hash(() -> Passwords.hash(password)));
    }

    /**
     * Takes a slot and runs {@code body} with it, giving the slot back when the body's future completes; fails at once
     * with {@link Full} when there is none.
     */
    public <T> Future<T> withSlot(Function<Slot, Future<T>> body) {
        if (!slots.tryAcquire()) {
            return Future.failedFuture(new Full());
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                slots.release();
            }
        };
        Future<T> result;
        try {
            result = body.apply(new Slot());
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        return result.onComplete(ar -> release.run());
    }
}
