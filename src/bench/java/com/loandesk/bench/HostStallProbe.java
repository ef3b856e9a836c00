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
 * Tells a pause of the machine's CPU from a block of the bench's own JVM. On a virtual machine whose host caps its
 * CPU, saturating every core gets a virtual CPU frozen for up to a host period, each CPU at its own times (about
 * 100 ms here: with two {@code yes} processes on both cores, a C program at nice -20 pinned to either CPU wakes about
 * 100 ms late about once a second, the two CPUs at different moments; beside one {@code yes}, never). An event loop
 * waiting on a frozen CPU then was not blocked by anything of the service.
 *
 * <p>The probe is one more idle JVM per CPU (tiny heap, nothing allocated in its loop, so no pause of its own), pinned
 * to that CPU with {@code taskset} and started at nice -20 where allowed: it sleeps 5 ms at a time and reports each
 * wake more than {@link #REPORT_MS} late as the interval it overslept, on {@link System#nanoTime}'s clock, which on
 * Linux is the machine's monotonic clock and so the same in every process. The bench takes off each late tick of an
 * event loop the part of it that the CPU the loop then ran on was frozen. Without {@code taskset} one unpinned probe
 * runs, and its pauses count for every CPU.
 */
final class HostStallProbe implements AutoCloseable {

    static final long TICK_MS = 5;
    static final long REPORT_MS = 10;

    /** The CPU of an unpinned probe's freezes, which count for every CPU; also a CPU not known. */
    static final int ANY_CPU = -1;
    /** The field of a stat line with the CPU the thread last ran on. */
    private static final int PROCESSOR = 39;

    /** One oversleep of the probe on {@code cpu}, from when it was due to when it woke ({@link System#nanoTime}). */
    private record Freeze(int cpu, long from, long to) {
    }

    /** How many freezes the probes saw, and the longest. */
    record Summary(long count, long maxMs) {
    }

    private final List<Process> processes = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final List<Freeze> freezes = new ArrayList<>();
    private final boolean niced;
    private final boolean pinned;

    private HostStallProbe(boolean niced, boolean pinned) {
        this.niced = niced;
        this.pinned = pinned;
    }

    /** Starts a probe JVM per CPU on this JVM's class path (at nice -20 if this user may, else at its own priority). */
    static HostStallProbe start() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        List<String> probe = List.of(java, "-Xmx16m", "-Xms16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", cp,
                HostStallProbe.class.getName());
        boolean mayRaise = succeeds("nice", "-n", "-20", "true");
        boolean mayPin = succeeds("taskset", "-c", "0", "true");
        HostStallProbe p = new HostStallProbe(mayRaise, mayPin);
        int cpus = mayPin ? Runtime.getRuntime().availableProcessors() : 1;
        for (int cpu = 0; cpu < cpus; cpu++) {
            List<String> command = new ArrayList<>();
            if (mayRaise) {
                command.addAll(List.of("nice", "-n", "-20"));
            }
            if (mayPin) {
                command.addAll(List.of("taskset", "-c", String.valueOf(cpu)));
            }
            command.addAll(probe);
            p.watch(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start(), mayPin ? cpu : ANY_CPU);
        }
        return p;
    }

    private static boolean succeeds(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            boolean quiet = p.getInputStream().readAllBytes().length == 0;
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && quiet;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** "nice -20" and/or "pinned per CPU": how the probes ran. */
    String how() {
        return (niced ? "at nice -20" : "at the bench's priority") + (pinned ? ", one pinned to each CPU" : ", one unpinned");
    }

    /** The probes' oversleeps so far. */
    synchronized Summary summary() {
        long max = 0;
        for (Freeze f : freezes) {
            max = Math.max(max, f.to() - f.from());
        }
        return new Summary(freezes.size(), TimeUnit.NANOSECONDS.toMillis(max));
    }

    /** How many nanoseconds of [from, to] the given CPU was frozen (its probe overslept too). */
    synchronized long overlapNanos(int cpu, long from, long to) {
        long total = 0;
        for (Freeze f : freezes) {
            if (f.cpu() == cpu || f.cpu() == ANY_CPU) {
                total += Math.max(0, Math.min(to, f.to()) - Math.max(from, f.from()));
            }
        }
        return total;
    }

    /** The CPU the calling thread runs on (Linux: /proc/thread-self/stat), or ANY_CPU when unknown. */
    static int currentCpu() {
        try {
            return ProcStat.parse(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/stat")))
                    .map(line -> (int) line.field(PROCESSOR)).orElse(ANY_CPU);
        } catch (IOException | RuntimeException e) {
            return ANY_CPU;
        }
    }

    private void watch(Process process, int cpu) {
        processes.add(process);
        Thread reader = new Thread(() -> read(process, cpu), "host-stall-probe-reader-" + cpu);
        reader.setDaemon(true);
        reader.start();
        readers.add(reader);
    }

    private void read(Process process, int cpu) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ");
                synchronized (this) {
                    freezes.add(new Freeze(cpu, Long.parseLong(f[0]), Long.parseLong(f[1])));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the probe ended: what it reported stays
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        for (Thread r : readers) {
            r.join(TimeUnit.SECONDS.toMillis(5));
        }
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
