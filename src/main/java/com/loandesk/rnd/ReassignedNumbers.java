package com.loandesk.rnd;

import com.loandesk.rules.RndResult;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.List;

/**
 * The port to a reassigned-numbers database (the FCC's RND, through the lender's caller agent): "has this US number
 * been permanently disconnected since this date?". The nightly {@link RndRefreshJob} asks it about the numbers whose
 * check is stale. An adapter must:
 * <ul>
 *   <li>answer each query it could ask with {@link RndResult} (reassigned, not_reassigned, no_data) and a reference
 *       the lender can show for it (the provider's id, or the request's date and number);</li>
 *   <li>leave out of the answer a number whose query failed (time-out, refusal, an unreadable reply): it stays stale
 *       and is asked again on the next run, and the gate goes on judging it by what it knew;</li>
 *   <li>put a deadline on every request and never retry hidden from the caller; fail the whole future only when
 *       nothing could be asked (the service unreachable, the credential refused).</li>
 * </ul>
 * A lender whose caller agent speaks another wire shape implements this interface (see README, "Reassigned numbers").
 */
public interface ReassignedNumbers {

    /** A number (E.164, +1 then 10 digits) and the day from which to ask whether it was disconnected. */
    record Query(String number, LocalDate since) {
    }

    /** What the database answered for {@code number}, with a reference for it. */
    record Answer(String number, RndResult result, String proof) {
    }

    /** Asks about {@code queries}; the answers of the ones that could be asked, in any order. */
    Future<List<Answer>> check(List<Query> queries);
}
