package com.loandesk.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** What a verification found: per chain its first broken link (if any), and per checkpoint file whether it holds. */
public record Verification(Instant at, List<ChainReport> chains, List<CheckpointCheck> checkpoints) {

    /** The kinds of broken link, each named in the report. */
    public enum BreakKind {
        /** A block's rows are all there but one or more of them differ from what was sealed. */
        ROWS_CHANGED,
        /** A block holds fewer rows than were sealed. */
        ROWS_MISSING,
        /** A block holds more rows than were sealed (an insert with an id in a sealed range, or a repeated id). */
        ROWS_ADDED,
        /** A row has an id below the first block's. */
        ROW_OUTSIDE_CHAIN,
        /** A block's hash does not follow from its predecessor's and its own fields, or blocks are not consecutive. */
        LINK_BROKEN,
        /** The head does not name the last block. */
        HEAD_MISMATCH,
        /** A block marked purged is not past retention. */
        PURGED_TOO_SOON,
        /** A signed checkpoint names a block whose hash is no longer what it was. */
        CHECKPOINT_MISMATCH,
        /** A checkpoint file is unreadable or its signature does not match. */
        CHECKPOINT_FORGED
    }

    public record Break(BreakKind kind, long blockNo, long firstId, long lastId, String detail) {
        JsonObject json() {
            return new JsonObject().put("kind", kind.name()).put("block", blockNo).put("firstId", firstId).put("lastId", lastId)
                    .put("detail", detail);
        }
    }

    /**
     * One chain: its blocks and rows checked, the id up to which it is sealed, the rows past that (not yet sealed),
     * rows sealed long after their own time (backdated: {@code lateRows}, the first of them), and the first break.
     */
    public record ChainReport(String chain, long blocks, long rows, long sealedTo, long unsealedRows, long lateRows,
                              Long firstLateId, Break firstBreak) {
        public boolean intact() {
            return firstBreak == null;
        }

        JsonObject json() {
            return new JsonObject().put("chain", chain).put("intact", intact()).put("blocks", blocks).put("rows", rows)
                    .put("sealedTo", sealedTo).put("unsealedRows", unsealedRows).put("lateRows", lateRows)
                    .put("firstLateId", firstLateId).put("firstBreak", firstBreak == null ? null : firstBreak.json());
        }
    }

    public record CheckpointCheck(String file, Break firstBreak) {
        JsonObject json() {
            return new JsonObject().put("file", file).put("intact", firstBreak == null)
                    .put("firstBreak", firstBreak == null ? null : firstBreak.json());
        }
    }

    public boolean intact() {
        return chains.stream().allMatch(ChainReport::intact) && checkpoints.stream().allMatch(c -> c.firstBreak() == null);
    }

    public JsonObject json() {
        return new JsonObject().put("at", at.toString()).put("intact", intact())
                .put("chains", new JsonArray(chains.stream().map(ChainReport::json).toList()))
                .put("checkpoints", new JsonArray(checkpoints.stream().map(CheckpointCheck::json).toList()));
    }
}
