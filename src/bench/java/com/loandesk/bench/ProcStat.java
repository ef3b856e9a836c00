package com.loandesk.bench;

import java.util.Optional;

/**
 * One line of Linux's {@code /proc/<pid>/stat} (or {@code /proc/thread-self/stat}), read by field number as proc(5)
 * numbers them: 1 the pid, 2 the command name in parentheses (which may hold spaces and parentheses), 3 on after it.
 */
final class ProcStat {

    private final String name;
    /** Fields 3 on. */
    private final String[] rest;

    private ProcStat(String name, String[] rest) {
        this.name = name;
        this.rest = rest;
    }

    /** The line parsed, or empty when it is not a stat line. */
    static Optional<ProcStat> parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open || close + 2 > line.length()) {
            return Optional.empty();
        }
        return Optional.of(new ProcStat(line.substring(open + 1, close), line.substring(close + 2).strip().split(" ")));
    }

    /** Field 2, without its parentheses. */
    String name() {
        return name;
    }

    /** Numeric field {@code n} (3 or more). @throws RuntimeException when the line has no such number */
    long field(int n) {
        return Long.parseLong(rest[n - 3]);
    }
}
