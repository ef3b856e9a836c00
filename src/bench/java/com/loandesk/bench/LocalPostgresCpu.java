package com.loandesk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The CPU used so far by the PostgreSQL processes of this machine (every process named postgres: backends, writers,
 * checkpointer), from Linux's /proc: a bench reads it before and after to show the database's share of a run next to
 * its own JVM's. Not available (negative) when /proc is missing or no such process runs here (a remote database).
 */
final class LocalPostgresCpu {

    /** Linux reports utime and stime in clock ticks; USER_HZ is 100 on every Linux architecture the JDK runs on. */
    private static final double TICKS_PER_SECOND = 100.0;
    /** The fields of a stat line with the process's user and system CPU, in clock ticks. */
    private static final int UTIME = 14;
    private static final int STIME = 15;

    private LocalPostgresCpu() {
    }

    /** Seconds of CPU (user and system) of the processes named postgres now alive; -1 when none can be read. */
    static double seconds() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return -1;
        }
        long ticks = 0;
        boolean found = false;
        try (Stream<Path> entries = Files.list(proc)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    continue;
                }
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"));
                } catch (IOException gone) {
                    continue;   // the process ended while we listed them
                }
                ProcStat line = ProcStat.parse(stat).orElse(null);
                if (line == null || !line.name().startsWith("postgres")) {
                    continue;
                }
                ticks += line.field(UTIME) + line.field(STIME);
                found = true;
            }
        } catch (IOException e) {
            return -1;
        }
        return found ? ticks / TICKS_PER_SECOND : -1;
    }
}
