package com.loandesk.auth;

import com.loandesk.store.Conflict;
import com.loandesk.store.Missing;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API tokens as an admin manages them: listed without their secrets (only SHA-256 digests are stored anyway), revoked.
 * Issuing one is {@link AccessStore#createToken}; last use is recorded by {@link TokenUse}.
 */
public final class ApiTokens {

    private static final Logger LOG = LoggerFactory.getLogger(ApiTokens.class);

    private final Pool pool;
    private final Clock clock;

    private ApiTokens(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    public static ApiTokens create(Pool pool, Clock clock) {
        return new ApiTokens(pool, clock);
    }

    /** Where a token is in its life. */
    public enum State {
        ACTIVE, EXPIRED, REVOKED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A token as listed: never its value. */
    public record Token(long id, String label, String username, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
                        Instant revokedAt, boolean bootstrap, State state) {
    }

    public Future<List<Token>> list() {
        Instant now = clock.instant();
        return pool.preparedQuery(PeopleSql.LIST_TOKENS).execute().map(rows -> {
            List<Token> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                Instant expires = instant(r, "expires_at");
                Instant revoked = instant(r, "revoked_at");
                State state = revoked != null ? State.REVOKED : expires != null && !expires.isAfter(now) ? State.EXPIRED : State.ACTIVE;
                out.add(new Token(r.getLong("id"), r.getString("label"), r.getString("username"), instant(r, "created_at"),
                        expires, instant(r, "last_used_at"), revoked, r.getBoolean("bootstrap"), state));
            }
            return out;
        });
    }

    /**
     * Revokes token {@code id}: 404 when there is none, 409 when it is already revoked or is the very token the
     * caller is using (they would lock themselves out mid-request; another admin, or a session, can).
     */
    public Future<Token> revoke(long id, Principal by) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        return pool.withTransaction(c -> c.preparedQuery(PeopleSql.TOKEN_FOR_UPDATE).execute(Tuple.of(id)).compose(rows -> {
            if (rows.size() == 0) {
                throw new Missing("no token " + id);
            }
            Row r = rows.iterator().next();
            if (r.getOffsetDateTime("revoked_at") != null) {
                throw new Conflict("token " + id + " is already revoked");
            }
            if (by.tokenId() != null && by.tokenId() == id) {
                throw new Conflict("token " + id + " is the one this request uses; revoke it from a session or another token");
            }
            String owner = r.getString("username");
            String label = r.getString("label");
            return c.preparedQuery(PeopleSql.REVOKE_TOKEN).execute(Tuple.of(id, now))
                    .compose(v -> Audit.write(c, now, by, "token_revoked", owner,
                            new JsonObject().put("tokenId", id).put("label", label)))
                    .map(v -> new Token(id, label, owner, null, null, null, now.toInstant(), false, State.REVOKED));
        })).onSuccess(t -> LOG.info("token revoked id={} owner={} by={}", id, t.username(), by.username()));
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
