package com.loandesk.imports;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The check of an import's file while it is still being uploaded: the file is read on a thread of its own, up to the
 * bytes the upload has written so far, waiting for more until the upload ends, and proved readable to its end and
 * counted just as a job would ({@link ImportJobs#check}). The job then starts its batches at once instead of reading
 * the whole file a first time after the upload (two seconds of one core for 1,000,000 rows, with the other idle).
 * <p>
 * The upload (an event loop) only reports what it wrote ({@link #wrote}) and how it ended ({@link #ended},
 * {@link #abandoned}): it never waits for the check. A check that runs late reads what is already there; one that
 * sees no new byte for {@code stall} stops, and the job checks the file itself.
 */
public final class UploadCheck {

    /** Why a check stopped without an answer about the file (the upload went silent or was abandoned). */
    static final class Unfinished extends IOException {
        Unfinished(String why) {
            super(why);
        }
    }

    private final Path file;
    private final long stallNanos;
    private volatile Future<Long> rows;
    private long written;
    private boolean ended;
    private boolean abandoned;

    UploadCheck(Path file, Duration stall) {
        this.file = file;
        this.stallNanos = stall.toNanos();
    }

    /** Its answer, running. */
    void started(Future<Long> answer) {
        this.rows = answer;
    }

    /** The file's data rows, or why it cannot be read ({@link IllegalArgumentException}), or why the check stopped ({@link Unfinished}). */
    Future<Long> rows() {
        return rows;
    }

    /** The upload wrote {@code bytes} more, after all it reported before (a report after its end adds nothing). */
    public synchronized void wrote(long bytes) {
        if (!ended) {
            written += bytes;
            notifyAll();
        }
    }

    /**
     * The upload has ended, {@code bytes} long, every byte of it in the file: its last writes' reports may still be on
     * their way, and count for nothing now.
     */
    public synchronized void ended(long bytes) {
        written = bytes;
        ended = true;
        notifyAll();
    }

    /** The upload failed or was refused: the check stops. */
    public synchronized void abandoned() {
        abandoned = true;
        notifyAll();
    }

    /** Runs the check (on a worker thread): the data rows, or an IllegalArgumentException naming what cannot be read. */
    long run() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return ImportJobs.check(new Arriving(channel).asReader());
        } catch (RuntimeException e) {
            // the CSV reader names a failed read as the file's fault (or wraps it); a stop of this check's own is not
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof Unfinished u) {
                    throw u;
                }
            }
            throw e;
        }
    }

    /** Blocks until bytes after {@code position} are written (their count), or the upload ended (0). */
    private synchronized long waitBeyond(long position) throws IOException {
        long deadline = System.nanoTime() + stallNanos;
        while (written <= position && !ended && !abandoned) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new Unfinished("the upload wrote nothing for " + Duration.ofNanos(stallNanos).toSeconds() + " s");
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unfinished("the check was interrupted");
            }
        }
        if (abandoned) {
            throw new Unfinished("the upload was abandoned");
        }
        return written - position;
    }

    /** The file's bytes as the upload writes them: a read waits for bytes not yet written, and ends where the upload ended. */
    private final class Arriving extends InputStream {
        private final FileChannel channel;
        private long position;

        Arriving(FileChannel channel) {
            this.channel = channel;
        }

        java.io.Reader asReader() {
            return ImportJobs.utf8(this);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            long available = waitBeyond(position);
            if (available <= 0) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, available)), position);
            if (n < 0) {
                throw new IOException("the upload's file is shorter than the bytes written to it");
            }
            position += n;
            return n;
        }
    }
}
