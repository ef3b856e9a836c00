package com.loandesk.audit;

import java.time.Instant;
import java.util.List;

/** The heads of the chains at one moment, as written to the log and to a signed checkpoint file. */
public record Checkpoint(Instant at, String reason, List<Head> heads) {

    /** One chain's newest block, its hash, and the id every row up to which is sealed. */
    public record Head(String chain, long blockNo, byte[] hash, long sealedTo) {
    }
}
