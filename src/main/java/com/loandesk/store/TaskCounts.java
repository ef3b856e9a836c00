package com.loandesk.store;

import java.time.Instant;
import java.util.Map;

/**
 * Tasks by state, read without counting the finished ones.
 *
 * @param open       the open states (pending, sending, deferred, unknown), counted exactly
 * @param finished   the finished states, estimated from the planner's statistics (a state missing: no estimate yet)
 * @param estimatedAt when the statistics were gathered (null before the table's first ANALYZE)
 */
public record TaskCounts(Map<TaskState, Long> open, Map<TaskState, Long> finished, Instant estimatedAt) {
}
