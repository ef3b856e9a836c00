package com.loandesk.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload's file is checked while it arrives ({@link UploadCheck}): the check reads only what the upload reported
 * written, waits for the rest, and answers as a check of the whole file would; an upload that fails or goes silent
 * stops it without blaming the file.
 */
class UploadCheckTest {

    private static final String HEADER = "borrower_external_id,borrower_name,case_external_id\n";

    @TempDir
    Path dir;
    /** The upload's file, empty at first, and its check (a stall of 30 s: a test never waits for it). */
    private Path file;
    private UploadCheck check;

    @BeforeEach
    void upload() throws Exception {
        file = Files.createFile(dir.resolve("upload.csv"));
        check = new UploadCheck(file, Duration.ofSeconds(30));
    }

    private static CompletableFuture<Long> start(UploadCheck check) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return check.run();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    /** The check failed with a {@code type} saying {@code says}. */
    private static void assertFails(CompletableFuture<Long> f, Class<? extends Throwable> type, String says) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertInstanceOf(type, e.getCause());
            assertTrue(e.getCause().getMessage().contains(says), e.getCause().getMessage());
            return;
        }
        throw new AssertionError("the check answered " + f.getNow(null));
    }

    /** Appends {@code text} to the file as an upload's write would, and reports it. */
    private static void write(Path file, UploadCheck check, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            out.write(bytes);
        }
        check.wrote(bytes.length);
    }

    @Test
    void a_file_is_counted_as_it_arrives_and_answered_when_the_upload_ends() throws Exception {
        CompletableFuture<Long> rows = start(check);

        write(file, check, HEADER + "B1,\"Name, with a comma\",C1\nB1,Name,C2\nB2,\"Name");
        write(file, check, " on two\nlines\",C3\n");
        // the last write's report may come after the upload's end: the end's length is the file's
        Files.writeString(file, "B3,Name,C4\n", StandardOpenOption.APPEND);
        check.ended(Files.size(file));

        assertEquals(4, rows.get(10, TimeUnit.SECONDS), "four data rows, one of them over two lines");
    }

    @Test
    void a_write_reported_after_the_upload_s_end_counts_for_nothing() throws Exception {
        write(file, check, HEADER + "B1,Name,C1\n");
        String last = "B2,Name,C2\n";
        Files.writeString(file, last, StandardOpenOption.APPEND);
        check.ended(Files.size(file));
        check.wrote(last.length());   // the last write's report, after the file was closed

        assertEquals(2, start(check).get(10, TimeUnit.SECONDS));
    }

    @Test
    void a_file_that_cannot_be_read_is_named_as_a_job_would_name_it() throws Exception {
        CompletableFuture<Long> rows = start(check);

        write(file, check, HEADER + "B1,Name,C1\nB2,\"never closed,C2\n");
        check.ended(Files.size(file));

        assertFails(rows, IllegalArgumentException.class, "unterminated quoted field in data row 2");
    }

    @Test
    void an_abandoned_upload_stops_its_check_without_blaming_the_file() throws Exception {
        CompletableFuture<Long> rows = start(check);

        write(file, check, HEADER + "B1,Name,C1\nB2,\"half a ro");
        check.abandoned();

        assertFails(rows, UploadCheck.Unfinished.class, "abandoned");
    }

    @Test
    void an_upload_that_goes_silent_stops_its_check_after_the_stall_time() throws Exception {
        UploadCheck check = new UploadCheck(file, Duration.ofMillis(300));
        CompletableFuture<Long> rows = start(check);

        write(file, check, HEADER + "B1,Name,C1\n");

        assertFails(rows, UploadCheck.Unfinished.class, "wrote nothing for");
    }
}
