package com.loandesk.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each API token was last used, without a write per request: a token's use is written when this process has not
 * written it for {@link #EVERY}, so a token in constant use costs one small update a minute. {@code last_used_at} is
 * therefore up to a minute early (the first use of the minute is the one kept).
 */
final class TokenUse {

    static final Duration EVERY = Duration.ofMinutes(1);
    /** Above this many remembered tokens, those not written within {@link #EVERY} are forgotten. */
    private static final int PRUNE_ABOVE = 10_000;

    private final Map<Long, Instant> written = new ConcurrentHashMap<>();

    /** The tokens among {@code used} whose use is to be written now; each is remembered as written at {@code now}. */
    List<Long> due(Collection<Long> used, Instant now) {
        List<Long> out = new ArrayList<>();
        for (Long id : used) {
            Instant[] claimed = new Instant[1];
            written.compute(id, (k, last) -> {
                if (last == null || !now.isBefore(last.plus(EVERY))) {
                    claimed[0] = now;
                    return now;
                }
                return last;
            });
            if (claimed[0] != null) {
                out.add(id);
            }
        }
        if (written.size() > PRUNE_ABOVE) {
            written.values().removeIf(last -> !now.isBefore(last.plus(EVERY)));
        }
        return out;
    }

    /** Writes {@code ids} as used at {@code now}, in one statement. */
    Future<Void> write(SqlClient client, List<Long> ids, Instant now) {
        return client.preparedQuery(PeopleSql.TOKENS_USED)
                .execute(Tuple.of(ids.toArray(new Long[0]), now.atOffset(ZoneOffset.UTC)))
                .mapEmpty();
    }

    /** Forgets {@code ids}' last write (it failed): their next use tries again. */
    void forget(List<Long> ids) {
        ids.forEach(written::remove);
    }
}
