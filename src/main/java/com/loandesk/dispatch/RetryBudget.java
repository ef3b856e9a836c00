package com.loandesk.dispatch;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A retry budget shared by one dispatcher's channels, in the manner of Finagle's and Envoy's: each first
 * attempt sent earns {@code percent}/100 of a retry, and {@code floorPerSecond} retries are earned per
 * second whatever happens, so retries always progress. A retry (a task's second or later attempt) goes
 * out only with a whole retry to spend; otherwise it waits in the dispatcher, its task still 'sending'
 * under the lease, costing no attempt. So over any run, retries sent ≤ percent/100 × first attempts
 * sent + floorPerSecond × seconds. Runs on its dispatcher's event loop only.
 */
final class RetryBudget {

    /** Earnings are summed in floating point: 0.2 five times must make a whole retry. */
    private static final double EPSILON = 1e-9;

    private final double perFirstAttempt;
    private final double floorPerNano;
    private final double burst;
    private final LongSupplier nanos;
    private double balance;
    private long refilledAt;
    final LongAdder firstAttempts = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder held = new LongAdder();

    RetryBudget(int percent, int floorPerSecond, LongSupplier nanos) {
        this.perFirstAttempt = percent / 100.0;
        this.floorPerNano = floorPerSecond / 1e9;
        // what the floor alone saves up in a second; first attempts' earnings are capped by it too
        this.burst = Math.max(1, floorPerSecond);
        this.nanos = nanos;
        this.refilledAt = nanos.getAsLong();
    }


    /** A first attempt is going out: it earns its share of a retry. */
    void firstAttempt() {
        firstAttempts.increment();
        refill();
        balance = Math.min(burst, balance + perFirstAttempt);
    }

    /** Spends a retry if there is a whole one; false: the retry must wait. */
    boolean tryRetry() {
        refill();
        if (balance >= 1 - EPSILON) {
            balance = Math.max(0, balance - 1);
            retries.increment();
            return true;
        }
        return false;
    }

    /**
     * A send the channel refused before any request left ({@code NotStarted}): it is neither a first attempt nor a
     * retry sent. A retry's spending is given back; a first attempt's earning is taken back.
     */
    void notStarted(boolean retry) {
        refill();
        if (retry) {
            retries.decrement();
            balance = Math.min(burst, balance + 1);
        } else {
            firstAttempts.decrement();
            balance = Math.max(0, balance - perFirstAttempt);
        }
    }

    /** Milliseconds until the floor alone has earned a whole retry. */
    long millisToNextRetry() {
        refill();
        double missing = Math.max(0, 1 - balance);
        return Math.max(1, (long) Math.ceil(missing / floorPerNano / 1e6));
    }

    private void refill() {
        long now = nanos.getAsLong();
        balance = Math.min(burst, balance + (now - refilledAt) * floorPerNano);
        refilledAt = now;
    }
}
