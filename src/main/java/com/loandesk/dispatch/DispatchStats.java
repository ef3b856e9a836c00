package com.loandesk.dispatch;

import com.loandesk.rules.Channel;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Running counts of one dispatcher, readable from any thread. */
public final class DispatchStats {

    public final LongAdder claimed = new LongAdder();
    public final LongAdder allowed = new LongAdder();
    public final LongAdder deferred = new LongAdder();
    public final LongAdder blocked = new LongAdder();
    public final LongAdder sent = new LongAdder();
    public final LongAdder failed = new LongAdder();
    public final LongAdder retried = new LongAdder();
    public final LongAdder unknown = new LongAdder();
    private final Map<Channel, LongAdder> claimsAnswered = new EnumMap<>(Channel.class);

    public DispatchStats() {
        for (Channel c : Channel.values()) {
            claimsAnswered.put(c, new LongAdder());
        }
    }

    /** Claim queries of a channel the database has answered (an empty answer counts): how many times it looked. */
    public long claimsAnswered(Channel channel) {
        return claimsAnswered.get(channel).sum();
    }

    void claimAnswered(Channel channel) {
        claimsAnswered.get(channel).increment();
    }

    /** Tasks that reached a decision that takes them out of the dispatcher: blocked, deferred or answered. */
    public long settled() {
        return deferred.sum() + blocked.sum() + sent.sum() + failed.sum() + retried.sum() + unknown.sum();
    }
}
