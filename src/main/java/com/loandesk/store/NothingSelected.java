package com.loandesk.store;

/** A wave whose selection enqueues no case: none matches, or every match is busy in another wave ({@code busy}). */
public final class NothingSelected extends RuntimeException {

    private final long busy;

    public NothingSelected(long busy) {
        super(busy == 0 ? "the selection matches no case with a contact point for the channel"
                : "every case the selection matches (" + busy + ") is busy in another running wave", null, false, false);
        this.busy = busy;
    }

    public long busy() {
        return busy;
    }
}
