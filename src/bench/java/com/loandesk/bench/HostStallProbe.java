package com.loandesk.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Tells a pause of the whole machine from a block of the bench's own JVM. On a virtual machine whose host caps its
 * CPU, saturating every core gets the whole guest frozen for up to a host period (about 100 ms here: with two
 * {@code yes} processes on both cores, a C program at nice -20 sleeping 5 ms at a time wakes about 100 ms late every
 * few seconds; with one, never). An event loop that wakes late then was not blocked by anything of the service.
 *
 * <p>The probe is a second, idle JVM (tiny heap, nothing allocated in its loop, so no pause of its own), started at
 * nice -20 where allowed: it sleeps 5 ms at a time and reports each wake more than {@link #REPORT_MS} late as the
 * interval it overslept, on {@link System#nanoTime}'s clock, which on Linux is the machine's monotonic clock and so
 * the same in both processes. The bench subtracts from each late tick of its event loops the part of it the probe
 * overslept too.
 */
final class HostStallProbe implements AutoCloseable {

    static final long TICK_MS = 5;
    static final long REPORT_MS = 10;

    private final Process process;
    private final Thread reader;
    private final List<long[]> stalls = new ArrayList<>();
    private final boolean niced;

    private HostStallProbe(Process process, boolean niced) {
        this.process = process;
        this.niced = niced;
        this.reader = new Thread(this::read, "host-stall-probe-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the probe JVM on this JVM's class path (at nice -20 if this user may, else at its own priority). */
    static HostStallProbe start() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        List<String> probe = List.of(java, "-Xmx16m", "-Xms16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", cp,
                HostStallProbe.class.getName());
        List<String> niced = new ArrayList<>(List.of("nice", "-n", "-20"));
        niced.addAll(probe);
        boolean mayRaise = new ProcessBuilder("nice", "-n", "-20", "true").redirectErrorStream(true).start()
                .getInputStream().readAllBytes().length == 0;
        Process p = new ProcessBuilder(mayRaise ? niced : probe).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new HostStallProbe(p, mayRaise);
    }

    boolean niced() {
        return niced;
    }

    /** The probe's oversleeps so far: how many, and the longest in ms. */
    synchronized long[] summary() {
        long max = 0;
        for (long[] s : stalls) {
            max = Math.max(max, s[1] - s[0]);
        }
        return new long[] {stalls.size(), TimeUnit.NANOSECONDS.toMillis(max)};
    }

    /** How many nanoseconds of [from, to] the probe overslept too (the machine was not running anything then). */
    synchronized long overlapNanos(long from, long to) {
        long total = 0;
        for (long[] s : stalls) {
            total += Math.max(0, Math.min(to, s[1]) - Math.max(from, s[0]));
        }
        return total;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ");
                synchronized (this) {
                    stalls.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
                }
            }
        } catch (IOException | RuntimeException e) {
            // the probe ended: what it reported stays
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
        reader.join(TimeUnit.SECONDS.toMillis(5));
    }

    /** The probe: sleeps {@link #TICK_MS} at a time until its parent closes its input; prints "from to" per oversleep. */
    public static void main(String[] args) {
        Thread watchParent = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is sent: the end of input is the parent gone
                }
            } catch (IOException e) {
                // the same
            }
            System.exit(0);
        }, "parent-watch");
        watchParent.setDaemon(true);
        watchParent.start();
        PrintStream out = System.out;
        long tick = TimeUnit.MILLISECONDS.toNanos(TICK_MS);
        long report = TimeUnit.MILLISECONDS.toNanos(REPORT_MS);
        long last = System.nanoTime();
        while (true) {
            LockSupport.parkNanos(tick);
            long now = System.nanoTime();
            if (now - last - tick > report) {
                out.println((last + tick) + " " + now);
                out.flush();
            }
            last = now;
        }
    }
}
