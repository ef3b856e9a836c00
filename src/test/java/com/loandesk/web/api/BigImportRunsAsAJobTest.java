package com.loandesk.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.auth.Role;
import com.loandesk.config.ImportsConfig;
import com.loandesk.testsupport.ApiHarness;
import com.loandesk.testsupport.Await;
import com.loandesk.testsupport.Fixtures;
import com.loandesk.testsupport.ImportFiles;
import com.loandesk.testsupport.LoopWatch;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** POST /api/imports: a CSV streamed to a file, then validated and written in batches by a job that can be polled. */
@ExtendWith(VertxExtension.class)
class BigImportRunsAsAJobTest {

    private static final int BATCH = 500;
    private static final int WRITERS = 2;
    private static final int MAX_BYTES = 4 * 1024 * 1024;

    /** Moves one millisecond each time it is read: each batch's transaction gets an instant of its own. */
    private final Clock clock = new Clock() {
        private final AtomicLong millis = new AtomicLong(Instant.parse("2026-11-24T12:00:00Z").toEpochMilli());

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.incrementAndGet());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };

    @TempDir
    Path uploads;
    private ApiHarness api;
    private String scheduler;

    @BeforeEach
    void start(Vertx vertx) {
        api = ApiHarness.start(vertx, clock, ApiHarness.settings().withImports(new ImportsConfig(MAX_BYTES, BATCH, uploads, WRITERS)));
        scheduler = api.tokenFor("cron", Role.SCHEDULER);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private JsonObject upload(String csv) {
        var r = api.postText("/api/imports", scheduler, "text/csv", csv);
        assertEquals(202, r.statusCode(), r.bodyAsString());
        JsonObject accepted = r.bodyAsJsonObject();
        assertEquals("/api/imports/" + accepted.getLong("id"), r.getHeader("Location"));
        return accepted;
    }

    /** The job once done or failed, asked every 200 ms from a Vert.x timer (a light poll: the CPU of the loops is measured). */
    private JsonObject finished(long id) {
        io.vertx.core.Promise<JsonObject> done = io.vertx.core.Promise.promise();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long timer = api.vertx.setPeriodic(200, t -> api.request(io.vertx.core.http.HttpMethod.GET, "/api/imports/" + id, scheduler)
                .send().onSuccess(r -> {
                    JsonObject job = r.bodyAsJsonObject();
                    if (job.getString("state").equals("done") || job.getString("state").equals("failed")) {
                        done.tryComplete(job);
                    } else if (System.nanoTime() > deadline) {
                        done.tryFail(new AssertionError("import " + id + " not finished in 90 s: " + job.encode()));
                    }
                }));
        try {
            return done.future().toCompletionStage().toCompletableFuture().get(100, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("import " + id + " did not finish: " + e, e);
        } finally {
            api.vertx.cancelTimer(timer);
        }
    }

    /** The rejects report as row → field, checking each line has a reason. */
    private Map<Integer, String> rejects(long id) {
        var r = api.get("/api/imports/" + id + "/rejects.csv", scheduler);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertTrue(r.getHeader("Content-Type").startsWith("text/csv"));
        String[] lines = r.bodyAsString().split("\r\n");
        assertEquals("row,field,reason", lines[0]);
        Map<Integer, String> out = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", 3);
            assertTrue(cells.length == 3 && !cells[2].isBlank(), "a reason on line " + lines[i]);
            out.put(Integer.parseInt(cells[0]), cells[1]);
        }
        return out;
    }

    @Test
    void an_import_job_of_many_rows_reports_progress_and_its_rejected_rows_and_a_second_run_only_updates() {
        api.post("/api/cases/import", scheduler, new JsonArray().add(CasesTest.row("OWNER", "C-OWNED", "4155550123")));
        ImportFiles file = ImportFiles.generate(5000, 97)
                .addRejected("B-OTHER", "C-OWNED", "case_external_id")   // the case belongs to another borrower
                .addRejected("B-AGAIN", "C17", "case_external_id");      // repeats the case of row 17
        int valid = file.rows() - file.expectedRejects().size();

        JsonObject accepted = upload(file.csv());
        assertEquals("queued", accepted.getString("state"));
        JsonObject job = finished(accepted.getLong("id"));

        assertEquals("done", job.getString("state"), job.encodePrettily());
        assertEquals(file.rows(), job.getInteger("rowsTotal"));
        assertEquals(file.rows(), job.getInteger("rowsDone"));
        assertEquals(100, job.getInteger("percent"));
        assertEquals(valid, job.getInteger("inserted"));
        assertEquals(0, job.getInteger("updated"));
        assertEquals(file.expectedRejects().size(), job.getInteger("rejected"));
        assertEquals("cron", job.getString("createdBy"));
        assertNull(job.getString("error"));
        assertEquals(file.expectedRejects(), rejects(accepted.getLong("id")));
        assertEquals(valid + 1, Fixtures.count("select count(*) from collection_case"));
        assertEquals("OWNER", Fixtures.text("select b.external_id from collection_case c join borrower b on b.id = c.borrower_id "
                + "where c.external_id = 'C-OWNED'"));
        // written in batches of 500 rows, each in up to WRITERS transactions (its borrowers shared among them; a lane
        // with no valid row is not written): one instant of the ticking clock per transaction
        int batches = (file.rows() + BATCH - 1) / BATCH;
        long transactions = Fixtures.count("select count(distinct at) from case_history where event = 'case_imported' "
                + "and actor = 'cron' and at > '2026-11-24T12:00:00Z'");
        assertTrue(transactions > batches && transactions <= WRITERS * batches, transactions + " transactions");
        try (var files = java.nio.file.Files.list(uploads)) {
            assertEquals(0, files.count(), "the upload is deleted when its job ends");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }

        JsonObject again = finished(upload(file.csv()).getLong("id"));
        assertEquals("done", again.getString("state"));
        assertEquals(0, again.getInteger("inserted"));
        assertEquals(valid, again.getInteger("updated"));
        assertEquals(file.expectedRejects(), rejects(again.getLong("id")));
        assertEquals(valid + 1, Fixtures.count("select count(*) from collection_case"));
    }

    @Test
    void a_lane_whose_transaction_fails_fails_its_job_with_the_reason_and_the_counts_of_what_was_committed() {
        // the database refuses one case of the file's seventh batch: its lane's transaction fails, the other lane's go on
        com.loandesk.testsupport.TestDatabase.exec("create function refuse_c3001() returns trigger language plpgsql as $$ "
                + "begin if new.external_id = 'C3001' then raise exception 'refused for the test'; end if; return new; end $$");
        com.loandesk.testsupport.TestDatabase.exec("create trigger refuse_c3001 before insert on collection_case "
                + "for each row execute function refuse_c3001()");
        try {
            ImportFiles file = ImportFiles.generate(5000, 0);
            JsonObject job = finished(upload(file.csv()).getLong("id"));

            assertEquals("failed", job.getString("state"), job.encodePrettily());
            assertTrue(job.getString("error").contains("refused for the test"), job.getString("error"));
            assertTrue(job.getInteger("rowsDone") >= 2500 && job.getInteger("rowsDone") < 5000, job.encodePrettily());
            // what the job says it wrote is what was committed, and stays so (no lane writes after the job has failed)
            assertEquals((long) job.getInteger("inserted"), Fixtures.count("select count(*) from collection_case"));
            assertEquals(0, Fixtures.count("select count(*) from collection_case where external_id = 'C3001'"));
            JsonObject later = api.get("/api/imports/" + job.getLong("id"), scheduler).bodyAsJsonObject();
            assertEquals(job.getInteger("rowsDone"), later.getInteger("rowsDone"));
            assertEquals((long) job.getInteger("inserted"), Fixtures.count("select count(*) from collection_case"));
            try (var files = java.nio.file.Files.list(uploads)) {
                assertEquals(0, files.count(), "the upload is deleted when its job ends");
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        } finally {
            com.loandesk.testsupport.TestDatabase.exec("drop trigger refuse_c3001 on collection_case");
            com.loandesk.testsupport.TestDatabase.exec("drop function refuse_c3001()");
        }
    }

    @Test
    void the_newest_jobs_are_listed_newest_first_as_each_job_reads_and_only_to_schedulers_and_admins() {
        long first = finished(upload(ImportFiles.generate(10, 0).csv()).getLong("id")).getLong("id");
        long second = finished(upload(ImportFiles.generate(12, 5).csv()).getLong("id")).getLong("id");
        var r = api.get("/api/imports?limit=5", scheduler);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        var jobs = r.bodyAsJsonObject().getJsonArray("jobs");
        assertEquals(2, jobs.size());
        assertEquals(second, jobs.getJsonObject(0).getLong("id"), "newest first");
        assertEquals(first, jobs.getJsonObject(1).getLong("id"));
        assertEquals(api.get("/api/imports/" + second, scheduler).bodyAsJsonObject(), jobs.getJsonObject(0), "as the job itself reads");
        assertEquals(1, api.get("/api/imports?limit=1", scheduler).bodyAsJsonObject().getJsonArray("jobs").size());
        assertEquals(400, api.get("/api/imports?limit=101", scheduler).statusCode());
        assertEquals(400, api.get("/api/imports?state=done", scheduler).statusCode(), "an unknown parameter is refused");
        assertEquals(403, api.get("/api/imports", api.tokenFor("cole", Role.COLLECTOR)).statusCode());
    }

    @Test
    void a_files_rows_are_read_by_column_name_blanks_stripped_an_empty_field_missing_and_an_extra_field_rejected() {
        String csv = ImportFiles.HEADER
                // blanks around values are not part of them; upper-cased where the field is a code
                + "  B-PAD ,\"Doe, Pad\", us-ca , us ,C-PAD, card ,  99.50 , usd ,2026-01-05, 3 , early ,overdue, +14155550100 ,,\n"
                // an empty required field is missing
                + "B-EMPTY,Doe,US-CA,US,C-EMPTY,  ,1.00,USD,2026-01-05,3,early,overdue,,,\n"
                // one field more than the header
                + "B-EXTRA,Doe,US-CA,US,C-EXTRA,card,1.00,USD,2026-01-05,3,early,overdue,,,,surplus\n"
                // fewer fields than the header: the missing ones are empty
                + "B-SHORT,Doe,US-CA,US,C-SHORT,card,2.00,USD,2026-01-05,3,early,overdue\n";
        JsonObject job = finished(upload(csv).getLong("id"));
        assertEquals("done", job.getString("state"), job.encodePrettily());
        assertEquals(2, job.getInteger("inserted"));
        assertEquals(Map.of(2, "product", 3, "row"), rejects(job.getLong("id")));
        assertEquals("B-PAD|US-CA|US|card|99.50|USD|+14155550100", Fixtures.text("select b.external_id || '|' || b.address_region "
                + "|| '|' || b.jurisdiction || '|' || c.product || '|' || c.amount_overdue || '|' || c.currency || '|' || p.value "
                + "from collection_case c join borrower b on b.id = c.borrower_id join contact_point p on p.borrower_id = b.id "
                + "where c.external_id = 'C-PAD'"));
        assertEquals(0, Fixtures.count("select count(*) from contact_point p join borrower b on b.id = p.borrower_id "
                + "where b.external_id = 'B-SHORT'"), "no mobile, no e-mail: the row's missing fields are empty");
        assertEquals(1, Fixtures.count("select count(*) from collection_case where external_id = 'C-SHORT'"));
    }

    @Test
    void a_file_that_cannot_be_read_to_its_end_fails_its_job_naming_the_row_and_writes_nothing() {
        String csv = ImportFiles.generate(1200, 0).csv() + "B9,\"Doe, unterminated,US-CA,US,C9999,card,1,USD,2026-01-05,1,early,overdue,,,\n";
        JsonObject job = finished(upload(csv).getLong("id"));
        assertEquals("failed", job.getString("state"));
        assertTrue(job.getString("error").contains("unterminated quoted field in data row 1201"), job.getString("error"));
        assertEquals(0, Fixtures.count("select count(*) from collection_case"));

        JsonObject unknown = finished(upload("borrower_external_id,colour\nB1,blue\n").getLong("id"));
        assertEquals("failed", unknown.getString("state"));
        assertTrue(unknown.getString("error").contains("[colour]"), unknown.getString("error"));
    }

    @Test
    void uploads_need_the_scheduler_or_admin_role_text_csv_and_a_size_within_the_limit() {
        String csv = ImportFiles.generate(3, 0).csv();
        assertEquals(401, api.postText("/api/imports", null, "text/csv", csv).statusCode());
        var collector = api.postText("/api/imports", api.tokenFor("cole", Role.COLLECTOR), "text/csv", csv);
        assertEquals(403, collector.statusCode());
        assertEquals("forbidden", collector.bodyAsJsonObject().getString("error"));
        var json = api.postText("/api/imports", scheduler, "application/json", "[]");
        assertEquals(400, json.statusCode());
        assertEquals("content-type", json.bodyAsJsonObject().getString("field"));
        var big = api.postText("/api/imports", scheduler, "text/csv", ImportFiles.HEADER + "x".repeat(MAX_BYTES));
        assertEquals(413, big.statusCode());
        assertEquals("body_too_large", big.bodyAsJsonObject().getString("error"));
        assertEquals(0, Fixtures.count("select count(*) from import_job"));
        assertEquals(404, api.get("/api/imports/999", scheduler).statusCode());
        assertEquals(404, api.get("/api/imports/999/rejects.csv", scheduler).statusCode());
        assertEquals(403, api.get("/api/imports/1", api.tokenFor("carol", Role.COMPLIANCE)).statusCode());
        assertNotNull(api.get("/api/imports/x", scheduler).bodyAsJsonObject().getString("field"));
    }

    @Test
    void no_event_loop_is_kept_busy_while_a_job_reads_and_writes_20000_rows(Vertx vertx) {
        LoopWatch loops = LoopWatch.start(vertx);
        String csv = ImportFiles.generate(20_000, 0).csv();
        // the request path and the classes it loads, warmed before measuring
        finished(upload(ImportFiles.generate(10, 0).csv()).getLong("id"));
        loops.reset();

        JsonObject job = finished(upload(csv).getLong("id"));

        loops.stop();
        System.out.printf("import job of 20000 rows: longest event-loop busy stretch %d ms of CPU; worst timer lateness %d ms (wall)%n",
                loops.worstBusyMs(), loops.worstLateMs());
        assertEquals("done", job.getString("state"), job.encodePrettily());
        assertEquals(20_000, job.getInteger("inserted") + job.getInteger("updated"));
        // reading and validating 20,000 rows on a loop costs seconds of CPU; a batch written from it, milliseconds
        assertTrue(loops.worstBusyMs() < 100, "an event loop ran " + loops.worstBusyMs() + " ms of CPU without its timer getting a turn");
    }

    @Test
    void a_small_import_of_nearly_1_mib_keeps_no_event_loop_busy(Vertx vertx) {
        LoopWatch loops = LoopWatch.start(vertx);
        api.postText("/api/cases/import", scheduler, "text/csv", ImportFiles.generate(20, 0).csv());
        loops.reset();
        ImportFiles file = ImportFiles.generate(6000, 500);
        assertTrue(file.csv().length() < 1024 * 1024, "within the 1 MiB limit: " + file.csv().length());

        var r = api.postText("/api/cases/import", scheduler, "text/csv", file.csv());

        loops.stop();
        System.out.printf("import of 6000 rows: longest event-loop busy stretch %d ms of CPU; worst timer lateness %d ms (wall)%n",
                loops.worstBusyMs(), loops.worstLateMs());
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals(file.expectedRejects().size(), r.bodyAsJsonObject().getJsonArray("rejected").size());
        assertTrue(loops.worstBusyMs() < 100, "an event loop ran " + loops.worstBusyMs() + " ms of CPU without its timer getting a turn");
    }
}
