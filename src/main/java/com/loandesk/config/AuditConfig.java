package com.loandesk.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The hash chains over case_history and access_audit (com.loandesk.audit).
 *
 * @param chain          whether this instance seals (false only to price the chain in a benchmark, or on an
 *                       instance that should leave sealing to others)
 * @param sealEvery      how often a sealing pass runs; rows are sealed one to two passes after they commit
 * @param blockRows      the most ids in a block, so the most rows (the first broken link is named to within a block)
 * @param checkpointDir  where signed checkpoint files go (null: none; then only the log carries the heads); needs
 *                       the environment's LOANDESK_CHECKPOINT_KEY
 * @param checkpointLog  how often the heads are written to the log
 * @param lateAfter      a row sealed this long after its own time is reported as late (backdated) by the verifier
 * @param verifyTimeout  each verification query's deadline
 */
public record AuditConfig(boolean chain, Duration sealEvery, int blockRows, Path checkpointDir, Duration checkpointLog,
                          Duration lateAfter, Duration verifyTimeout) {

    public static AuditConfig from(JsonObject root) {
        Settings s = Settings.of(root, "audit");
        String dir = s.text("checkpointDir", null);
        AuditConfig c = new AuditConfig(s.bool("chain", true),
                Duration.ofMillis(s.intIn("sealIntervalMs", 100, 600_000, 5000)),
                s.intIn("blockRows", 100, 100_000, 10_000),
                dir == null ? null : Path.of(dir),
                Duration.ofMinutes(s.intIn("checkpointLogMinutes", 1, 1440, 60)),
                Duration.ofMinutes(s.intIn("lateAfterMinutes", 1, 7 * 1440, 60)),
                Duration.ofSeconds(s.intIn("verifyTimeoutSeconds", 10, 86_400, 600)));
        s.refuseUnknown();
        return c;
    }

    /** The defaults, as an empty {@code audit} section gives them. */
    public static AuditConfig defaults() {
        return from(new JsonObject());
    }
}
