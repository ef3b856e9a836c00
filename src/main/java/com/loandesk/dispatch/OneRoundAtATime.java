package com.loandesk.dispatch;

import io.vertx.core.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * A periodic job's rounds, never two at once in this process: a round asked for while one is under way answers 0 at
 * once; a failed round is logged and the next one tries again.
 */
final class OneRoundAtATime {

    private final String what;
    private final Supplier<Future<Integer>> round;
    private final Logger log;
    private boolean running;

    OneRoundAtATime(String what, Supplier<Future<Integer>> round, Logger log) {
        this.what = what;
        this.round = round;
        this.log = log;
    }

    Future<Integer> run() {
        if (running) {
            return Future.succeededFuture(0);
        }
        running = true;
        Future<Integer> done;
        try {
            done = round.get();
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        return done.onFailure(e -> log.warn("{} failed error={}", what, e.toString()))
                .eventually(() -> {
                    running = false;
                    return Future.succeededFuture();
                });
    }
}
