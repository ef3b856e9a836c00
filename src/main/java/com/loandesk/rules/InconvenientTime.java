package com.loandesk.rules;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Objects;
import java.util.Set;

/**
 * A local time range the borrower named as inconvenient (Reg F §1006.6(b)(1)(i)), [start, end) on the
 * given days. {@code end} before {@code start} means the range runs past midnight into the next day;
 * the day is the one it starts on. No days means every day.
 */
public record InconvenientTime(Set<DayOfWeek> days, LocalTime start, LocalTime end) {

    public InconvenientTime {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (start.equals(end)) {
            throw new IllegalArgumentException("inconvenient time " + start + "-" + end + " is empty");
        }
        days = days == null ? Set.of() : Set.copyOf(days);
    }

    public boolean wrapsMidnight() {
        return end.isBefore(start);
    }

    public boolean onDay(DayOfWeek day) {
        return days.isEmpty() || days.contains(day);
    }
}
