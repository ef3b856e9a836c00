package com.loandesk.testsupport;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Waiting in tests, on the test thread (never on an event loop). */
public final class Await {

    private Await() {
    }

    public static <T> T result(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    /** The cause {@code future} failed with (within 30 s); an assertion error when it succeeds. */
    public static Throwable failure(Future<?> future) {
        Object value;
        try {
            value = future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
        throw new AssertionError("expected a failure, got " + value);
    }

    /** Polls {@code condition} every 20 ms (Awaitility) until it holds; fails naming {@code what} after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, Duration.ofMillis(20), condition, () -> "");
    }

    /**
     * Polls {@code condition} every {@code every} until it holds. An exception or assertion error the condition throws
     * ends the wait at once (a process that died, say); on time-out the failure names {@code what} and adds
     * {@code context} (a log, the page's text).
     */
    public static void until(String what, Duration timeout, Duration every, BooleanSupplier condition, Supplier<String> context) {
        try {
            Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(every).until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            String more = context.get();
            throw new AssertionError("timed out after " + timeout + " waiting for " + what + (more.isEmpty() ? "" : "; " + more), e);
        }
    }
}
