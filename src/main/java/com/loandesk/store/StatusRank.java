package com.loandesk.store;

import java.util.Map;

/**
 * The order provider statuses move in. A status may only replace one of a lower rank, so a late or
 * replayed callback never moves a message or call backwards. Terminal statuses share the top rank:
 * the first one to arrive stays.
 */
public final class StatusRank {

    public static final int UNKNOWN = -1;
    public static final int TERMINAL = 4;

    private static final Map<String, Integer> MESSAGE = Map.ofEntries(
            Map.entry("accepted", 1), Map.entry("scheduled", 1), Map.entry("queued", 1),
            Map.entry("sending", 2), Map.entry("sent", 3),
            Map.entry("delivered", 4), Map.entry("partially_delivered", 4), Map.entry("undelivered", 4), Map.entry("failed", 4), Map.entry("canceled", 4),
            Map.entry("read", 5));

    private static final Map<String, Integer> CALL = Map.of(
            "queued", 1, "initiated", 1, "ringing", 2, "in-progress", 3,
            "completed", 4, "busy", 4, "no-answer", 4, "failed", 4, "canceled", 4);

    private StatusRank() {
    }

    public static int ofMessage(String status) {
        return status == null ? UNKNOWN : MESSAGE.getOrDefault(status, UNKNOWN);
    }

    public static int ofCall(String status) {
        return status == null ? UNKNOWN : CALL.getOrDefault(status, UNKNOWN);
    }
}
