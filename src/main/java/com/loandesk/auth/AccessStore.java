package com.loandesk.auth;

import static com.loandesk.store.Timestamps.ts;

import com.loandesk.cases.Masking;
import com.loandesk.config.LoginConfig;
import com.loandesk.logging.LogText;
import com.loandesk.store.Batches;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users, API tokens, sessions and the access audit in PostgreSQL. A login's password is checked on the login's own
 * bounded {@link HashingPool}, after the {@link LoginThrottle} counted it; other hashing runs on worker threads
 * ({@link Vertx#executeBlocking}); everything else is one statement per call.
 */
public final class AccessStore {

    private static final Logger LOG = LoggerFactory.getLogger(AccessStore.class);
    public static final String ADMIN_TOKEN_ENV = com.loandesk.config.ApiSettings.ADMIN_TOKEN_ENV;
    static final int MIN_TOKEN_LENGTH = 32;
    static final int MIN_PASSWORD_LENGTH = 12;
    /** The most tokens one authentication query looks up. */
    private static final int MAX_LOOKUPS = 500;

    private final Vertx vertx;
    private final Pool pool;
    private final Clock clock;
    /** The longest a batch of token lookups may take before its requests are refused with an error (503). */
    static final java.time.Duration LOOKUP_DEADLINE = java.time.Duration.ofSeconds(5);

    private final Batches<byte[], Principal> lookups;
    private final TokenUse tokenUse = new TokenUse();
    private final LoginThrottle throttle;
    private static final long BUSY_LOG_EVERY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    private final java.util.concurrent.atomic.AtomicLong busyRefusals = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong lastBusyLog = new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - BUSY_LOG_EVERY_NANOS);
    private final HashingPool hashing;

    private AccessStore(Vertx vertx, Pool pool, Clock clock, LoginConfig login) {
        this.vertx = vertx;
        this.pool = pool;
        this.clock = clock;
        this.lookups = new Batches<>(vertx, LOOKUP_DEADLINE, MAX_LOOKUPS, null, this::lookup);
        this.throttle = new LoginThrottle(pool, clock, login);
        this.hashing = HashingPool.create(vertx, login.hashThreads(), login.hashQueue());
    }

    public static AccessStore create(Vertx vertx, Pool pool, Clock clock) {
        return create(vertx, pool, clock, LoginConfig.defaults());
    }

    /** As {@link #create(Vertx, Pool, Clock)}, logins throttled and hashed as {@code login} says. */
    public static AccessStore create(Vertx vertx, Pool pool, Clock clock, LoginConfig login) {
        return new AccessStore(vertx, pool, clock, login);
    }

    /** What a login attempt came to. */
    public sealed interface LoginOutcome permits Login, WrongCredentials, Throttled, Busy {
    }

    /** A successful login: the session token (shown once) and when it expires. */
    public record Login(Principal principal, String token, Instant expiresAt) implements LoginOutcome {
    }

    /** No such user, or not that password (the answer does not say which). */
    public record WrongCredentials() implements LoginOutcome {
    }

    /** Too many failed logins for this username or from this address: none is checked before {@code retryAfter}. */
    public record Throttled(Duration retryAfter) implements LoginOutcome {
    }

    /** The login's hashing pool and its queue were full: refused without waiting; try again in a moment. */
    public record Busy(Duration retryAfter) implements LoginOutcome {
    }

    /**
     * Ensures the admin token {@code token} (from {@code LOANDESK_ADMIN_TOKEN}; null or blank: none): user 'admin'
     * with role admin and an active API token with that value. Fails when the value is shorter than 32 characters.
     */
    public Future<Void> bootstrap(String token) {
        if (token == null || token.isBlank()) {
            return Future.succeededFuture();
        }
        if (token.strip().length() < MIN_TOKEN_LENGTH) {
            return Future.failedFuture(new IllegalArgumentException(
                    ADMIN_TOKEN_ENV + " must be at least " + MIN_TOKEN_LENGTH + " characters"));
        }
        return BootstrapToken.install(pool, Tokens.sha256(token.strip()), now()).mapEmpty();
    }

    /**
     * The principal holding API token or session token {@code token}, or null when neither is live. Every request
     * asks this: lookups arriving together go to the database together ({@link Batches}), never from a cache, so a
     * revoked token or a disabled user is refused from the next request on.
     */
    public Future<Principal> authenticate(String token) {
        return lookups.submit(Tokens.sha256(token));
    }

    /** Token lookups queued behind the one in flight (for tests that hold a batch open). */
    int lookupsWaiting() {
        return lookups.waiting();
    }

    private Future<List<Future<Principal>>> lookup(List<byte[]> hashes) {
        Buffer[] args = new Buffer[hashes.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = Buffer.buffer(hashes.get(i));
        }
        Instant at = clock.instant();
        return pool.preparedQuery(AccessSql.BY_TOKENS).execute(Tuple.of(args, ts(at))).compose(rows -> {
            // buffers are equal by their bytes
            Map<Buffer, Principal> byHash = new HashMap<>();
            List<Long> tokens = new ArrayList<>();
            for (Row r : rows) {
                Long tokenId = r.getLong("token_id");
                byHash.putIfAbsent(r.getBuffer("token_hash"), new Principal(r.getLong("id"),
                        r.getString("username"), Role.parse(r.getString("role")), r.getLong("session_id"), tokenId));
                if (tokenId != null) {
                    tokens.add(tokenId);
                }
            }
            List<Future<Principal>> out = new ArrayList<>(args.length);
            for (Buffer hash : args) {
                out.add(Future.succeededFuture(byHash.get(hash)));
            }
            // last used: at most one write a minute per token (TokenUse); a failed write refuses nobody
            List<Long> due = tokenUse.due(tokens, at);
            if (due.isEmpty()) {
                return Future.succeededFuture(out);
            }
            return tokenUse.write(pool, due, at).recover(e -> {
                LOG.warn("token last-used write failed tokens={} error={}", due.size(), e.toString());
                tokenUse.forget(due);
                return Future.succeededFuture();
            }).map(v -> out);
        });
    }

    /** The login's bounded hashing pool: every password check or hash of the service runs on it. */
    public HashingPool hashing() {
        return hashing;
    }

    /** The failed-login throttle: a password checked anywhere counts towards it. */
    public LoginThrottle throttle() {
        return throttle;
    }

    /**
     * Refused at once when every login slot is taken ({@link Busy}: no database statement, no hashing) or a delay of the username or the address runs
     * ({@link Throttled}); otherwise counted by the throttle, the password checked on the hashing pool, and a new
     * session made on success. Failures and successes are audited; throttled and busy attempts are logged only (a flood
     * writes nothing).
     */
    public Future<LoginOutcome> login(String username, String password, Duration sessionLength, String remote) {
        LoginThrottle.Keys keys = LoginThrottle.keys(username, remote);
        return hashing.withSlot(slot -> throttle.admit(keys).compose(admission -> {
            if (admission instanceof LoginThrottle.Throttled t) {
                LOG.debug("login throttled user={} remote={} retryAfterMs={}", LogText.of(username), LogText.of(remote),
                        t.retryAfter().toMillis());
                return Future.succeededFuture(new Throttled(t.retryAfter()));
            }
            return pool.preparedQuery(AccessSql.FOR_LOGIN).execute(Tuple.of(username)).compose(rows -> {
                Row user = rows.size() == 0 ? null : rows.iterator().next();
                String stored = user == null ? null : user.getString("password_hash");
                return slot.hash(() -> Passwords.verify(password, stored)).compose(ok -> {
                    JsonObject detail = new JsonObject().put("remote", remote);
                    if (!ok) {
                        LOG.info("login refused user={} remote={}", LogText.of(username), LogText.of(remote));
                        return audit(pool, username, null, "login_failed", null, username, detail).map((LoginOutcome) new WrongCredentials());
                    }
                    Principal p = new Principal(user.getLong("id"), user.getString("username"), Role.parse(user.getString("role")), null);
                    String token = Tokens.newToken();
                    Instant expires = clock.instant().plus(sessionLength);
                    return throttle.succeeded(keys).compose(v -> pool.withTransaction(c -> c.preparedQuery(AccessSql.INSERT_SESSION)
                            .execute(Tuple.of(p.userId(), Buffer.buffer(Tokens.sha256(token)), now(), ts(expires)))
                            .compose(s -> audit(c, p.username(), p.role(), "login", null, p.username(), detail)
                                    .map(v2 -> (LoginOutcome) new Login(new Principal(p.userId(), p.username(), p.role(),
                                            s.iterator().next().getLong("id")), token, expires)))));
                });
            });
        })).recover(e -> {
            if (e instanceof HashingPool.Full) {
                // a flood must not become a flood of log lines: one line per 10 s with the count, the details at debug
                LOG.debug("login refused, every login slot taken user={} remote={}", LogText.of(username), LogText.of(remote));
                busyRefusals.incrementAndGet();
                long now = System.nanoTime();
                long last = lastBusyLog.get();
                if (now - last >= BUSY_LOG_EVERY_NANOS && lastBusyLog.compareAndSet(last, now)) {
                    LOG.warn("logins refused, every login slot taken refusedSinceLastLine={}", busyRefusals.getAndSet(0));
                }
                return Future.succeededFuture(new Busy(Duration.ofSeconds(1)));
            }
            return Future.failedFuture(e);
        });
    }

    public Future<Void> logout(Principal p) {
        if (p.sessionId() == null) {
            return Future.succeededFuture();
        }
        return pool.preparedQuery(AccessSql.REVOKE_SESSION).execute(Tuple.of(p.sessionId(), now()))
                .compose(r -> audit(pool, p.username(), p.role(), "logout", null, p.username(), null));
    }

    /**
     * Creates a user; {@code password} may be null for a machine user (tokens only). Null when the
     * username is taken. The password is hashed on the login's bounded pool.
     */
    public Future<Long> createUser(String username, Role role, String password, String by) {
        if (password != null && password.length() < MIN_PASSWORD_LENGTH) {
            return Future.failedFuture(new IllegalArgumentException("password must be at least " + MIN_PASSWORD_LENGTH + " characters"));
        }
        Future<String> hash = password == null ? Future.succeededFuture(null)
                : hashing.hashPassword(password);
        return hash.compose(h -> pool.withTransaction(c -> c.preparedQuery(AccessSql.INSERT_USER)
                .execute(Tuple.of(username, role.code(), h))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture((Long) null);
                    }
                    long id = rows.iterator().next().getLong("id");
                    return audit(c, by, null, "user_created", null, username, new JsonObject().put("role", role.code()))
                            .map(v -> id);
                })));
    }

    /** A new API token for {@code username} (returned once, stored as its hash); null when there is no such user. */
    public Future<String> createToken(String username, String label, Instant expiresAt, String by) {
        String token = Tokens.newToken();
        return pool.withTransaction(c -> c.preparedQuery(AccessSql.USER_ID).execute(Tuple.of(username)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.succeededFuture((String) null);
            }
            long userId = rows.iterator().next().getLong("id");
            return c.preparedQuery(AccessSql.INSERT_TOKEN)
                    .execute(Tuple.of(userId, Buffer.buffer(Tokens.sha256(token)), label, now(), expiresAt == null ? null : ts(expiresAt)))
                    .compose(v -> audit(c, by, null, "token_created", null, username, new JsonObject().put("label", label)))
                    .map(v -> token);
        }));
    }

    /**
     * Sets (or with null clears) the phone that rings first when {@code username} places a call, and audits it in
     * the same transaction (the number masked). False when there is no such user.
     */
    public Future<Boolean> setPhone(String username, String e164, Principal by) {
        return pool.withTransaction(c -> c.preparedQuery(AccessSql.SET_PHONE).execute(Tuple.of(username, e164)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.succeededFuture(false);
            }
            JsonObject detail = new JsonObject().put("phone", e164 == null ? null : Masking.phone(e164));
            return audit(c, by, e164 == null ? "user_phone_cleared" : "user_phone_set", null, username, detail).map(true);
        }));
    }

    /** Appends one access_audit row through {@code client} (a pool, or a connection inside a transaction). */
    public Future<Void> audit(SqlClient client, Principal who, String action, Long caseId, String target, JsonObject detail) {
        return audit(client, who.username(), who.role(), action, caseId, target, detail);
    }

    private Future<Void> audit(SqlClient client, String actor, Role role, String action, Long caseId, String target, JsonObject detail) {
        return client.preparedQuery(AccessSql.AUDIT)
                .execute(Tuple.of(now(), actor, role == null ? null : role.code(), action, caseId, target,
                        detail == null ? null : detail.encode()))
                .mapEmpty();
    }

    private OffsetDateTime now() {
        return ts(clock.instant());
    }

}
