package com.loandesk.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {

    /** A run whose batches the test sees and finishes by hand: each answer is the request upper-cased. */
    private static final class Runs {
        final List<List<String>> batches = new ArrayList<>();
        final List<Promise<List<Future<String>>>> pending = new ArrayList<>();

        Future<List<Future<String>>> run(List<String> batch) {
            batches.add(List.copyOf(batch));
            Promise<List<Future<String>>> p = Promise.promise();
            pending.add(p);
            return p.future();
        }

        void finish(int i) {
            pending.get(i).complete(batches.get(i).stream().map(s -> Future.succeededFuture(s.toUpperCase())).toList());
        }
    }

    @Test
    void a_request_alone_goes_at_once_and_those_arriving_meanwhile_go_together_next() {
        Runs runs = new Runs();
        Batches<String, String> b = new Batches<>(100, null, runs::run);
        Future<String> a = b.submit("a");
        assertEquals(List.of(List.of("a")), runs.batches, "nothing in flight: the first goes alone, at once");
        Future<String> x = b.submit("x");
        Future<String> y = b.submit("y");
        assertEquals(1, runs.batches.size(), "they wait while a batch is in flight");
        assertEquals(2, b.waiting());
        runs.finish(0);
        assertEquals("A", a.result());
        assertEquals(List.of("x", "y"), runs.batches.get(1));
        assertFalse(x.isComplete());
        runs.finish(1);
        assertEquals("X", x.result());
        assertEquals("Y", y.result());
        b.submit("z");
        assertEquals(List.of("z"), runs.batches.get(2), "quiet again: the next goes at once");
    }

    @Test
    void requests_sharing_a_key_never_share_a_batch() {
        Runs runs = new Runs();
        Batches<String, String> b = new Batches<>(100, s -> s.charAt(0), runs::run);
        b.submit("c1");
        b.submit("c2");
        b.submit("d1");
        Future<String> c3 = b.submit("c3");
        runs.finish(0);
        assertEquals(List.of("c2", "d1"), runs.batches.get(1), "c3 shares c2's key: it waits for the next batch");
        runs.finish(1);
        assertEquals(List.of("c3"), runs.batches.get(2));
        runs.finish(2);
        assertEquals("C3", c3.result());
    }

    @Test
    void a_batch_holds_at_most_its_limit_in_arrival_order() {
        Runs runs = new Runs();
        Batches<String, String> b = new Batches<>(2, null, runs::run);
        b.submit("0");
        for (String s : List.of("1", "2", "3", "4", "5")) {
            b.submit(s);
        }
        runs.finish(0);
        runs.finish(1);
        runs.finish(2);
        assertEquals(List.of(List.of("0"), List.of("1", "2"), List.of("3", "4"), List.of("5")), runs.batches);
    }

    @Test
    void a_failed_batch_fails_each_of_its_requests_and_the_next_batch_still_runs() {
        Runs runs = new Runs();
        Batches<String, String> b = new Batches<>(100, null, runs::run);
        b.submit("a");
        Future<String> x = b.submit("x");
        Future<String> y = b.submit("y");
        Future<String> later = b.submit("later");
        runs.finish(0);
        runs.pending.get(1).fail(new IllegalStateException("database away"));
        assertTrue(x.failed());
        assertEquals("database away", x.cause().getMessage());
        assertTrue(y.failed());
        assertTrue(later.failed(), "later arrived while a was in flight: it went with x and y");
        assertEquals(List.of("x", "y", "later"), runs.batches.get(1));
        b.submit("after");
        assertEquals(List.of("after"), runs.batches.get(2), "a failure does not stop the batches");
    }

    @Test
    void a_run_that_throws_fails_its_batch_instead_of_stalling_the_queue() {
        Batches<String, String> b = new Batches<>(100, null, batch -> {
            if (batch.contains("boom")) {
                throw new IllegalArgumentException("boom");
            }
            return Future.succeededFuture(batch.stream().map(s -> Future.succeededFuture(s + "!")).toList());
        });
        assertTrue(b.submit("boom").failed());
        assertEquals("ok!", b.submit("ok").result());
    }

    @Test
    void a_run_answering_the_wrong_number_of_requests_fails_its_batch_and_the_next_still_runs() {
        Batches<String, String> b = new Batches<>(100, null, batch -> Future.succeededFuture(batch.contains("short")
                ? List.<Future<String>>of() : batch.stream().map(s -> Future.succeededFuture(s + "!")).toList()));
        Future<String> broken = b.submit("short");
        assertTrue(broken.failed());
        assertEquals("0 answers for 1 requests", broken.cause().getMessage());
        assertEquals("ok!", b.submit("ok").result());
    }
}
