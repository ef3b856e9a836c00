package com.loandesk.config;

import com.loandesk.rules.Channel;
import java.time.Duration;
import java.time.LocalTime;

/**
 * One contact of a stage's cadence on one day of the stage: day 1 is the stage's first DPD (early: DPD 1,
 * middle: DPD earlyMaxDpd + 1, late: middleMaxDpd + 1). {@code key} is unique per (step, day) and names the
 * step in cadence_run; {@code id} is the step as written in the file (the waves' actor is cadence:id).
 * {@code after} delays the wave's first contacts from the moment the scheduler creates it; {@code expires}
 * is how long after that its tasks may still go out. Window: the borrower's local hours, or null.
 */
public record CadenceStep(String key, String id, String stage, int day, Channel channel, String template,
                          LocalTime windowStart, LocalTime windowEnd, Duration after, Duration expires) {
}
