package com.loandesk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JVM's peak resident set size, as the benches print it (Linux: VmHWM of /proc/self/status). */
final class PeakRss {

    private static final Logger LOG = LoggerFactory.getLogger(PeakRss.class);

    private PeakRss() {
    }

    /** The peak RSS in MiB, or -1 when it cannot be read. */
    static long mb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read peak RSS error={}", e.toString());
        }
        return -1;
    }
}
