package com.loandesk.auth;

import com.loandesk.store.Conflict;
import com.loandesk.store.Missing;
import com.loandesk.logging.LogText;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The people's lifecycle: list, disable and enable, change role, reset a password, end all sessions, and each
 * person's own password change. Every change is one transaction with its access_audit row (who, what, to whom).
 * <p>
 * An admin acts on others: disabling, demoting or resetting oneself is refused (409), so the last admin cannot lock
 * everyone out and a stolen session cannot set its owner's password without the current one.
 * <ul>
 *   <li>Disabling ends the user's sessions and revokes their API tokens: enabling again restores neither (new tokens
 *       are issued).</li>
 *   <li>A password reset ends the user's sessions and leaves their API tokens (separate credentials, listed and
 *       revoked on their own).</li>
 *   <li>Changing one's own password ends one's other sessions; the one it came from stays.</li>
 * </ul>
 * Password hashes are computed on worker threads, never on an event loop. Password rules are checked by the caller
 * ({@link PasswordPolicy}).
 */
public final class People {

    private static final Logger LOG = LoggerFactory.getLogger(People.class);

    private final Pool pool;
    private final Clock clock;
    private final HashingPool hashing;
    private final LoginThrottle throttle;

    private People(Pool pool, Clock clock, HashingPool hashing, LoginThrottle throttle) {
        this.pool = pool;
        this.clock = clock;
        this.hashing = hashing;
        this.throttle = throttle;
    }

    /**
     * Passwords are hashed and checked on the login's bounded pool ({@code hashing}), and a wrong current password
     * counts as a failed login ({@code throttle}): this route can neither stall the service nor guess a password.
     */
    public static People create(Pool pool, Clock clock, HashingPool hashing, LoginThrottle throttle) {
        return new People(pool, clock, hashing, throttle);
    }

    /** A user as an admin sees them: no secrets, live sessions and tokens counted. */
    public record Person(String username, Role role, Instant disabledAt, Instant createdAt, boolean hasPassword,
                         boolean hasPhone, long sessions, long tokens) {
    }

    /** What disabling ended. */
    public record Disabled(int sessionsEnded, int tokensRevoked) {
    }

    /** The answer to a person's own password change. */
    public enum Outcome { CHANGED, WRONG_CURRENT, NO_PASSWORD, THROTTLED, BUSY }

    /** What an own password change did; {@code retryAfter} when throttled or busy. */
    public record OwnChange(Outcome outcome, Duration retryAfter) {
        static OwnChange of(Outcome outcome) {
            return new OwnChange(outcome, null);
        }
    }

    /** The language {@code me}'s pages speak; empty when they have not chosen one (the browser's then). */
    public Future<java.util.Optional<PageLanguage>> pageLanguage(Principal me) {
        return pool.preparedQuery(PeopleSql.PAGE_LANGUAGE).execute(Tuple.of(me.userId())).map(rows -> {
            String code = rows.size() == 0 ? null : rows.iterator().next().getString("page_language");
            return java.util.Optional.ofNullable(code).map(PageLanguage::parse);
        });
    }

    /** Remembers the language {@code me}'s pages speak, on every device they log in from. */
    public Future<Void> setPageLanguage(Principal me, PageLanguage language) {
        return pool.preparedQuery(PeopleSql.SET_PAGE_LANGUAGE).execute(Tuple.of(me.userId(), language.code())).mapEmpty();
    }

    public Future<List<Person>> list() {
        return pool.preparedQuery(PeopleSql.LIST_USERS).execute(Tuple.of(now())).map(rows -> {
            List<Person> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new Person(r.getString("username"), Role.parse(r.getString("role")), instant(r, "disabled_at"),
                        instant(r, "created_at"), r.getBoolean("has_password"), r.getBoolean("has_phone"),
                        r.getLong("sessions"), r.getLong("tokens")));
            }
            return out;
        });
    }

    public Future<Disabled> disable(String username, Principal by) {
        OffsetDateTime now = now();
        return pool.withTransaction(c -> other(c, username, by, "disable").compose(user -> {
            if (user.getOffsetDateTime("disabled_at") != null) {
                throw new Conflict("user " + username + " is already disabled");
            }
            long id = user.getLong("id");
            return c.preparedQuery(PeopleSql.SET_DISABLED).execute(Tuple.of(id, now))
                    .compose(v -> endSessions(c, id, now, null))
                    .compose(sessions -> c.preparedQuery(PeopleSql.REVOKE_USER_TOKENS).execute(Tuple.of(id, now)).compose(tokens -> {
                        Disabled d = new Disabled(sessions, tokens.size());
                        return Audit.write(c, now, by, "user_disabled", username, new JsonObject()
                                .put("sessionsEnded", d.sessionsEnded()).put("tokensRevoked", d.tokensRevoked())).map(d);
                    }));
        })).onSuccess(d -> LOG.info("user disabled user={} by={} sessionsEnded={} tokensRevoked={}", LogText.of(username), by.username(),
                d.sessionsEnded(), d.tokensRevoked()));
    }

    public Future<Void> enable(String username, Principal by) {
        return pool.withTransaction(c -> other(c, username, by, "enable").compose(user -> {
            if (user.getOffsetDateTime("disabled_at") == null) {
                throw new Conflict("user " + username + " is not disabled");
            }
            return c.preparedQuery(PeopleSql.SET_DISABLED).execute(Tuple.of(user.getLong("id"), (Object) null))
                    .compose(v -> Audit.write(c, now(), by, "user_enabled", username, null));
        })).onSuccess(v -> LOG.info("user enabled user={} by={}", LogText.of(username), by.username()));
    }

    /** The user's previous role. */
    public Future<Role> setRole(String username, Role role, Principal by) {
        return pool.withTransaction(c -> other(c, username, by, "change the role of").compose(user -> {
            Role before = Role.parse(user.getString("role"));
            if (before == role) {
                throw new Conflict("user " + username + " already has role " + role.code());
            }
            return c.preparedQuery(PeopleSql.SET_ROLE).execute(Tuple.of(user.getLong("id"), role.code()))
                    .compose(v -> Audit.write(c, now(), by, "user_role_changed", username,
                            new JsonObject().put("from", before.code()).put("to", role.code())))
                    .map(before);
        })).onSuccess(before -> LOG.info("user role changed user={} from={} to={} by={}", LogText.of(username), before.code(),
                role.code(), by.username()));
    }

    /** Sets {@code password} (checked by the caller) and ends the user's sessions; their count. */
    public Future<Integer> resetPassword(String username, String password, Principal by) {
        return hashing.hashPassword(password).compose(hash -> pool.withTransaction(c -> other(c, username, by, "reset the password of")
                .compose(user -> {
                    long id = user.getLong("id");
                    OffsetDateTime now = now();
                    return c.preparedQuery(PeopleSql.SET_PASSWORD).execute(Tuple.of(id, hash))
                            .compose(v -> endSessions(c, id, now, null))
                            .compose(n -> Audit.write(c, now, by, "password_reset", username,
                                    new JsonObject().put("sessionsEnded", n)).map(n));
                }))).onSuccess(n -> LOG.info("password reset user={} by={} sessionsEnded={}", LogText.of(username), by.username(), n));
    }

    /** Ends every live session of {@code username} (the caller's own included when it is theirs); their count. */
    public Future<Integer> endAllSessions(String username, Principal by) {
        return pool.withTransaction(c -> user(c, username).compose(user -> {
            OffsetDateTime now = now();
            return endSessions(c, user.getLong("id"), now, null).compose(n -> Audit.write(c, now, by, "sessions_ended",
                    username, new JsonObject().put("sessionsEnded", n)).map(n));
        })).onSuccess(n -> LOG.info("sessions ended user={} by={} sessionsEnded={}", LogText.of(username), by.username(), n));
    }

    /**
     * The caller's own password: {@code current} must match (checked on a worker thread); the new one (checked by the
     * caller) replaces it and the caller's other sessions end.
     */
    public Future<OwnChange> changeOwn(Principal me, String current, String next, String remote) {
        LoginThrottle.Keys keys = LoginThrottle.keys(me.username(), remote);
        return hashing.withSlot(slot -> throttle.admit(keys).compose(admission -> {
            if (admission instanceof LoginThrottle.Throttled t) {
                return Future.succeededFuture(new OwnChange(Outcome.THROTTLED, t.retryAfter()));
            }
            return pool.preparedQuery(PeopleSql.PASSWORD_OF).execute(Tuple.of(me.userId())).compose(rows -> {
                String stored = rows.size() == 0 ? null : rows.iterator().next().getString("password_hash");
                if (stored == null) {
                    return Future.succeededFuture(OwnChange.of(Outcome.NO_PASSWORD));
                }
                return slot.hash(() -> Passwords.verify(current, stored)).compose(ok -> {
                    if (!ok) {
                        return Audit.write(pool, now(), me, "password_change_refused", me.username(),
                                new JsonObject().put("reason", "wrong current password")).map(OwnChange.of(Outcome.WRONG_CURRENT));
                    }
                    return throttle.succeeded(keys).compose(v -> slot.hash(() -> Passwords.hash(next)))
                            .compose(hash -> pool.withTransaction(c -> c.preparedQuery(PeopleSql.USER_BY_ID_FOR_UPDATE)
                                    .execute(Tuple.of(me.userId())).compose(locked -> {
                                        // changed by someone else between the check and now: the current password is no more
                                        if (locked.size() == 0 || !stored.equals(locked.iterator().next().getString("password_hash"))) {
                                            return Future.succeededFuture(OwnChange.of(Outcome.WRONG_CURRENT));
                                        }
                                        OffsetDateTime now = now();
                                        return c.preparedQuery(PeopleSql.SET_PASSWORD).execute(Tuple.of(me.userId(), hash))
                                                .compose(v -> endSessions(c, me.userId(), now, me.sessionId()))
                                                .compose(n -> Audit.write(c, now, me, "password_changed", me.username(),
                                                        new JsonObject().put("otherSessionsEnded", n)))
                                                .map(OwnChange.of(Outcome.CHANGED));
                                    })));
                });
            });
        })).recover(e -> e instanceof HashingPool.Full
                        ? Future.succeededFuture(new OwnChange(Outcome.BUSY, Duration.ofSeconds(1))) : Future.failedFuture(e))
                .onSuccess(r -> LOG.info("own password change user={} result={}", LogText.of(me.username()),
                        r.outcome().name().toLowerCase(java.util.Locale.ROOT)));
    }


    /** The user row, locked; 404 when there is no such user. */
    private static Future<Row> user(SqlConnection c, String username) {
        return c.preparedQuery(PeopleSql.USER_FOR_UPDATE).execute(Tuple.of(username)).map(rows -> {
            if (rows.size() == 0) {
                throw new Missing("no user " + username);
            }
            return rows.iterator().next();
        });
    }

    /** As {@link #user}, refusing the caller themselves (409): an admin does not {@code what} themselves. */
    private static Future<Row> other(SqlConnection c, String username, Principal by, String what) {
        return user(c, username).map(row -> {
            if (row.getLong("id") == by.userId()) {
                throw new Conflict("you may not " + what + " yourself; another admin can");
            }
            return row;
        });
    }

    private static Future<Integer> endSessions(SqlConnection c, long userId, OffsetDateTime now, Long keep) {
        return c.preparedQuery(PeopleSql.END_SESSIONS).execute(Tuple.of(userId, now, keep)).map(rows -> rows.size());
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
