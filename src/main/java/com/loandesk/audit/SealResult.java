package com.loandesk.audit;

/** What one sealing pass over one chain did, and the chain's head after it. */
public record SealResult(ChainedTable table, State state, long blockNo, byte[] hash, long sealedTo, int blocks, long rows) {

    public enum State {
        /** Rows up to the previous horizon are sealed (possibly none: the horizon had not moved). */
        SEALED,
        /** A transaction that was running when the horizon was read is still running: nothing sealed this pass. */
        WAITING,
        /** Another process holds the chain's head (sealing, or a retention purge): this pass did nothing. */
        BUSY
    }
}
