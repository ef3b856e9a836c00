package com.loandesk.imports;

import com.loandesk.logging.LogText;
import com.loandesk.cases.CsvReader;
import com.loandesk.cases.ImportRow;
import com.loandesk.cases.ImportRow.Rejection;
import com.loandesk.cases.ImportValidator;
import com.loandesk.config.ImportsConfig;
import com.loandesk.store.ImportChunks;
import com.loandesk.store.ImportJobStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs CSV import jobs, one at a time, off the event loop. A job's file (the streamed upload) is read twice: first,
 * while it is uploaded ({@link UploadCheck}, on a thread of the checks' own), to check it can be read to its end and
 * to count its rows (a file that cannot be read changes nothing); then by the job's worker thread in batches of
 * {@code imports.batchRows} rows, each validated and made into statements on the worker and written with its
 * rejected rows and the job's counters in {@code imports.writers} transactions at once, each for its own share of
 * the borrowers ({@link Batch#lanes}). The next batch is read while the last one is written; at most two batches are
 * in memory. Rows are upserted by external id, so importing a file again is harmless, and completes one that failed
 * half-way.
 */
public final class ImportJobs {

    private static final Logger LOG = LoggerFactory.getLogger(ImportJobs.class);

    private final Vertx vertx;
    private final ImportJobStore store;
    private final ImportsConfig config;
    /** Uploads checked as they arrive at once; more wait for a thread, and read what has arrived when they get one. */
    private static final int CHECK_THREADS = 4;
    /** A check that sees no new byte of its upload for this long stops, and the job reads the file itself. */
    private static final java.time.Duration UPLOAD_STALL = java.time.Duration.ofMinutes(2);

    private final WorkerExecutor worker;
    private final WorkerExecutor checks;
    private Future<Void> tail = Future.succeededFuture();

    private ImportJobs(Vertx vertx, ImportJobStore store, ImportsConfig config) {
        this.vertx = vertx;
        this.store = store;
        this.config = config;
        // one thread: jobs run one after the other, and a job's reads are sequential anyway
        this.worker = vertx.createSharedWorkerExecutor("loandesk-import", 1, 60, TimeUnit.MINUTES);
        // a thread an upload under way (a check waits for the upload's bytes, which are not the jobs' to wait for)
        this.checks = vertx.createSharedWorkerExecutor("loandesk-import-check", CHECK_THREADS, 60, TimeUnit.MINUTES);
    }

    /** The runner; jobs a stopped process left unfinished are marked failed (in the background). */
    public static ImportJobs create(Vertx vertx, ImportJobStore store, ImportsConfig config) {
        ImportJobs jobs = new ImportJobs(vertx, store, config);
        store.failAbandoned()
                .onSuccess(n -> {
                    if (n > 0) {
                        LOG.warn("import jobs left unfinished by a stopped process marked failed count={}", n);
                    }
                })
                .onFailure(e -> LOG.warn("could not look for abandoned import jobs error={}", e.toString()));
        return jobs;
    }

    public ImportsConfig config() {
        return config;
    }

    /**
     * Starts checking {@code file} while it is uploaded (on a thread of the checks' own, never the jobs' worker): the
     * upload reports to the answer what it writes and how it ends, and hands it to {@link #submit}.
     */
    public UploadCheck checkWhileUploading(Path file) {
        UploadCheck check = new UploadCheck(file, UPLOAD_STALL);
        check.started(checks.executeBlocking(check::run, false));
        return check;
    }

    /**
     * A job for {@code file} ({@code bytes} long, uploaded by {@code by}, checked while it was uploaded by {@code check},
     * deleted when the job ends): its id, once queued.
     */
    public Future<Long> submit(Path file, long bytes, String by, UploadCheck check) {
        return store.create(by, bytes).onSuccess(id -> {
            LOG.info("import queued job={} bytes={} by={}", id, bytes, LogText.of(by));
            synchronized (this) {
                tail = tail.transform(ar -> run(id, file, by, check));
            }
        });
    }

    /**
     * The file's data rows: the answer of its check during the upload when it has one about the file (its rows, or
     * what cannot be read), else (a check that stopped: the upload went silent for a while) a read now.
     */
    private Future<Long> rows(Path file, UploadCheck check) {
        return check.rows().recover(e -> e instanceof UploadCheck.Unfinished ? worker.executeBlocking(() -> check(reader(file)))
                : Future.failedFuture(e));
    }

    private Future<Void> run(long id, Path file, String by, UploadCheck check) {
        long started = System.nanoTime();
        return store.move(id, ImportState.CHECKING, null)
                .compose(v -> rows(file, check))
                .compose(rows -> store.move(id, ImportState.IMPORTING, rows))
                .compose(v -> worker.executeBlocking(() -> new Reading(file)))
                .compose(reading -> batches(id, reading, by)
                        .eventually(() -> worker.executeBlocking(() -> {
                            reading.close();
                            return null;
                        })))
                .compose(rows -> store.finish(id, ImportState.DONE, null).onSuccess(v -> LOG.info(
                        "import done job={} rows={} seconds={}", id, rows, String.format("%.1f", (System.nanoTime() - started) / 1e9))))
                .recover(e -> {
                    String why = e instanceof IllegalArgumentException ? e.getMessage() : "the import failed: " + e;
                    LOG.warn("import failed job={} error={}", id, why);
                    return store.finish(id, ImportState.FAILED, why);
                })
                .eventually(() -> vertx.fileSystem().delete(file.toString()))
                .recover(e -> {
                    LOG.error("import job could not be closed job={} error={}", id, e.toString());
                    return Future.succeededFuture();
                });
    }

    /** Reads the whole file once: its data rows, or an IllegalArgumentException naming what cannot be read and where. */
    static long check(Reader in) {
        try (CsvReader csv = CsvReader.open(in)) {
            if (csv.header().isEmpty()) {
                throw new IllegalArgumentException("the file is empty: a header row naming the columns comes first");
            }
            TreeSet<String> unknown = new TreeSet<>(csv.header());
            unknown.removeAll(ImportValidator.COLUMNS);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("the header names unknown columns " + unknown + "; columns: "
                        + new TreeSet<>(ImportValidator.COLUMNS));
            }
            while (csv.skip()) {
                // counting, and proving every record can be read before anything is written
            }
            return csv.dataRows();
        }
    }

    /** Malformed UTF-8 fails the read rather than becoming replacement characters in names. */
    private static Reader reader(Path file) throws IOException {
        return utf8(Files.newInputStream(file));
    }

    static Reader utf8(java.io.InputStream in) {
        return new java.io.InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /**
     * Batches until the file ends; the rows read. Each lane (a share of the borrowers, {@link Batch#lanes}) writes its
     * parts of the batches in their order, one transaction after another, without waiting for the other lanes: a lane
     * that ends its part of batch k starts on its part of k+1 at once (waiting for the slowest lane at every batch left
     * a core idle). Batch k+1 is read on the worker while k is written, once every lane has written k-1, so at most
     * two batches are held.
     */
    private Future<Long> batches(long id, Reading reading, String by) {
        Promise<Long> done = Promise.promise();
        Timings timings = new Timings();
        Future<?>[] lanes = new Future<?>[config.writers()];
        Arrays.fill(lanes, Future.succeededFuture());
        step(id, reading, by, Future.succeededFuture(), Future.succeededFuture(), lanes, done, timings);
        return done.future().onSuccess(rows -> LOG.info("import batches job={} rows={} read_validate_s={} lanes_write_s={}", id, rows,
                String.format("%.1f", timings.reading.sum() / 1e9), String.format("%.1f", timings.writing.sum() / 1e9)));
    }

    /**
     * Reads the next batch once every lane has written the batch before the previous one ({@code twoBefore}), and
     * queues its parts on their lanes. {@code before}: the previous batch, written by every lane.
     */
    private void step(long id, Reading reading, String by, Future<?> twoBefore, Future<?> before, Future<?>[] lanes,
                      Promise<Long> done, Timings timings) {
        Future<Batch> read = twoBefore.compose(v -> worker.executeBlocking(() -> reading.next(config.batchRows(), lanes.length, by)));
        read.onComplete(ar -> {
            Throwable failed = ar.failed() ? ar.cause()
                    : Arrays.stream(lanes).filter(Future::failed).map(Future::cause).findFirst().orElse(null);
            if (failed != null) {
                // the read failed, or a lane: the job ends once no lane is writing any more
                Future.join(Arrays.asList(lanes)).onComplete(settled -> done.fail(failed));
                return;
            }
            Batch batch = read.result();
            timings.reading.add(batch.readNanos());
            if (batch.size() == 0) {
                Future.all(Arrays.asList(lanes)).map(all -> batch.rowsDone()).onComplete(done::handle);
                return;
            }
            List<Future<?>> written = new ArrayList<>();
            for (Lane lane : batch.lanes()) {
                lanes[lane.index()] = lanes[lane.index()].compose(v -> {
                    long started = System.nanoTime();
                    return store.writeBatch(id, lane.valid(), lane.rejected(), lane.rows())
                            .onSuccess(r -> timings.writing.add(System.nanoTime() - started));
                });
                written.add(lanes[lane.index()]);
            }
            step(id, reading, by, before, Future.all(written), lanes, done, timings);
        });
    }

    /** Time spent reading and validating, and writing (summed over the lanes' transactions: they overlap). */
    private static final class Timings {
        final LongAdder reading = new LongAdder();
        final LongAdder writing = new LongAdder();
    }

    /**
     * One batch, read, validated and made ready to write on the worker: its parts ({@link #lanes}), how many rows it
     * has, and the rows read so far (this batch included).
     */
    record Batch(List<Lane> lanes, int size, long rowsDone, long readNanos) {

        /**
         * The batch's valid rows in {@code n} parts written at once, each in its own transaction: a borrower's rows
         * always fall in the same part (the same in every batch), so two parts never wait on each other's rows, and a
         * borrower's rows are written in the file's order (a lane writes its parts one batch after another). The rejected rows go
         * with the first. Each part's statements are made here ({@link ImportChunks}, {@code chunk} rows to a
         * statement), off the event loop.
         */
        static List<Lane> lanes(List<ImportRow> valid, List<Rejection> rejected, int n, String by, int chunk) {
            if (n == 1) {
                return List.of(new Lane(0, ImportChunks.of(valid, by, chunk), rejected));
            }
            List<List<ImportRow>> parts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                parts.add(new ArrayList<>(valid.size() / n + 16));
            }
            for (ImportRow r : valid) {
                parts.get(Math.floorMod(r.borrowerRef().hashCode(), n)).add(r);
            }
            List<Lane> lanes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                if (i == 0 || !parts.get(i).isEmpty()) {
                    lanes.add(new Lane(i, ImportChunks.of(parts.get(i), by, chunk), i == 0 ? rejected : List.of()));
                }
            }
            return lanes;
        }
    }

    /**
     * A part of a batch written in one transaction: its lane (0 to n-1, the same borrowers in every batch), its valid
     * rows (ready to write) and its rejected rows.
     */
    record Lane(int index, ImportChunks valid, List<Rejection> rejected) {
        long rows() {
            return valid.size() + rejected.size();
        }
    }

    /** A file being read in batches (confined to the worker thread). */
    private static final class Reading {
        private final CsvReader csv;
        private final ImportValidator.Checker checker = new ImportValidator.Checker();
        private int batches;

        Reading(Path file) throws IOException {
            this.csv = CsvReader.open(reader(file));
        }

        Batch next(int rows, int lanes, String by) {
            long started = System.nanoTime();
            List<ImportRow> valid = new ArrayList<>(rows);
            List<Rejection> rejected = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                Map<String, String> raw = csv.next();
                if (raw == null) {
                    break;
                }
                Object outcome = checker.check((int) csv.dataRows(), raw);
                if (outcome instanceof ImportRow r) {
                    valid.add(r);
                } else {
                    rejected.add((Rejection) outcome);
                }
            }
            int size = valid.size() + rejected.size();
            // the first batch in small statements: the event loop encodes them while the JIT is still cold
            int chunk = batches++ == 0 ? ImportChunks.FIRST_SIZE : ImportChunks.SIZE;
            return new Batch(size == 0 ? List.of() : Batch.lanes(valid, rejected, lanes, by, chunk), size, csv.dataRows(),
                    System.nanoTime() - started);
        }

        void close() {
            csv.close();
        }
    }
}
