package com.loandesk.auth;

import com.loandesk.config.LoginConfig;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Growing delays after failed logins, by username and by client address, kept in PostgreSQL so that every service
 * instance on the database sees the same counts.
 * <p>
 * An attempt is <b>counted before its password is checked</b>, as if it failed, under the locks of both keys' rows:
 * {@link #admit} either refuses it (a key's delay has not passed: {@link Throttled} with the time left) or counts it and
 * sets each key's next allowed moment. A successful login then forgets the username's failures and takes its attempt off
 * the address ({@link #succeeded}). So the number of passwords checked for one username, across any number of
 * instances, is at most its free failures plus one per delay that has passed; concurrent attempts cannot slip in
 * between a check and its count.
 * <p>
 * The delays: none for the first {@code usernameFreeFailures} (5) failures of a username and the first
 * {@code addressFreeFailures} (20) of an address, then the first delay (1 s), doubling with each failure, at most
 * {@code maxDelay} (15 min). A key with no attempt for {@code forgetAfter} (24 h) starts again.
 * <p>
 * Refusals this process knows of are remembered in memory until they end (at most 10,000 keys), so a flood of attempts
 * on a delayed key is refused without a database round trip. A success on another instance is not seen by that memory:
 * the key stays refused here until the delay it knew ends.
 */
public final class LoginThrottle {

    private static final int REMEMBERED = 10_000;
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final Pool pool;
    private final Clock clock;
    private final LoginConfig config;
    private final Map<String, Instant> refusedUntil = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > REMEMBERED;
        }
    };
    private volatile Instant lastPurge = Instant.EPOCH;

    public LoginThrottle(Pool pool, Clock clock, LoginConfig config) {
        this.pool = pool;
        this.clock = clock;
        this.config = config;
    }

    /** What {@link #admit} decided. */
    public sealed interface Admission permits Admitted, Throttled {
    }

    /** The attempt was counted: check the password now. */
    public record Admitted(Keys keys) implements Admission {
    }

    /** Refused: no attempt for this username or address before {@code retryAfter} has passed. */
    public record Throttled(Duration retryAfter) implements Admission {
    }

    /** The throttle's two keys of one attempt. */
    public record Keys(String username, String address) {
        List<String> both() {
            return List.of(username, address);
        }
    }

    /** The keys of a login by {@code username} from {@code remote} (an IP address; null counts as one unknown address). */
    public static Keys keys(String username, String remote) {
        return new Keys("u:" + username.toLowerCase(Locale.ROOT), "a:" + addressKey(remote));
    }

    /** Counts the attempt on both keys, or refuses it while a key's delay runs. */
    public Future<Admission> admit(Keys keys) {
        Instant now = clock.instant();
        Duration remembered = remembered(keys, now);
        if (remembered != null) {
            return Future.succeededFuture(new Throttled(remembered));
        }
        purgeNowAndThen(now);
        List<String> both = keys.both();
        String[] keyArray = both.toArray(String[]::new);
        return pool.withTransaction(c -> c.preparedQuery(ThrottleSql.ENSURE).execute(Tuple.of((Object) keyArray))
                .compose(v -> c.preparedQuery(ThrottleSql.LOCK).execute(Tuple.of((Object) keyArray)))
                .compose(rows -> {
                    Instant latest = null;
                    List<Row> locked = new ArrayList<>();
                    for (Row r : rows) {
                        locked.add(r);
                        Instant next = nextAt(r);
                        if (next.isAfter(now) && (latest == null || next.isAfter(latest))) {
                            latest = next;
                        }
                    }
                    if (latest != null) {
                        remember(locked, now);
                        return Future.succeededFuture((Admission) new Throttled(Duration.between(now, latest)));
                    }
                    Integer[] failures = new Integer[locked.size()];
                    OffsetDateTime[] next = new OffsetDateTime[locked.size()];
                    String[] lockedKeys = new String[locked.size()];
                    for (int i = 0; i < locked.size(); i++) {
                        Row r = locked.get(i);
                        lockedKeys[i] = r.getString("key");
                        boolean forgotten = lastAt(r).isBefore(now.minus(config.forgetAfter()));
                        failures[i] = (forgotten ? 0 : r.getInteger("failures")) + 1;
                        Instant at = now.plus(delay(failures[i], lockedKeys[i].startsWith("u:")
                                ? config.usernameFreeFailures() : config.addressFreeFailures()));
                        next[i] = at.atOffset(ZoneOffset.UTC);
                        if (at.isAfter(now)) {
                            remember(lockedKeys[i], at);
                        }
                    }
                    return c.preparedQuery(ThrottleSql.COUNT)
                            .execute(Tuple.of(lockedKeys, failures, next, now.atOffset(ZoneOffset.UTC)))
                            .map(v -> (Admission) new Admitted(keys));
                }));
    }

    /** The password was right: the username starts again from zero, and the address's attempt is taken back. */
    public Future<Void> succeeded(Keys keys) {
        synchronized (refusedUntil) {
            refusedUntil.remove(keys.username());
        }
        return pool.preparedQuery(ThrottleSql.SUCCEEDED).execute(Tuple.of(keys.username(), keys.address())).mapEmpty();
    }

    /** The delay after {@code failures} failures of a key allowed {@code free} of them: none, then doubling from the first. */
    Duration delay(int failures, int free) {
        if (failures <= free) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - free - 1, 40);
        long ms = config.firstDelay().toMillis() << Math.min(doublings, 30);
        return doublings >= 30 || ms > config.maxDelay().toMillis() ? config.maxDelay() : Duration.ofMillis(ms);
    }

    private Duration remembered(Keys keys, Instant now) {
        synchronized (refusedUntil) {
            Instant latest = null;
            for (String key : keys.both()) {
                Instant until = refusedUntil.get(key);
                if (until == null) {
                    continue;
                }
                if (!until.isAfter(now)) {
                    refusedUntil.remove(key);
                } else if (latest == null || until.isAfter(latest)) {
                    latest = until;
                }
            }
            return latest == null ? null : Duration.between(now, latest);
        }
    }

    private void remember(List<Row> rows, Instant now) {
        for (Row r : rows) {
            Instant next = nextAt(r);
            if (next.isAfter(now)) {
                remember(r.getString("key"), next);
            }
        }
    }

    private void remember(String key, Instant until) {
        synchronized (refusedUntil) {
            refusedUntil.put(key, until);
        }
    }

    private void purgeNowAndThen(Instant now) {
        if (lastPurge.plus(PURGE_EVERY).isAfter(now)) {
            return;
        }
        lastPurge = now;
        pool.preparedQuery(ThrottleSql.PURGE).execute(Tuple.of(now.minus(config.forgetAfter()).atOffset(ZoneOffset.UTC)));
    }

    private static Instant nextAt(Row r) {
        OffsetDateTime t = r.getOffsetDateTime("next_at");
        return t == null ? Instant.MIN : t.toInstant();
    }

    private static Instant lastAt(Row r) {
        OffsetDateTime t = r.getOffsetDateTime("last_at");
        return t == null ? Instant.MIN : t.toInstant();
    }

    /** The address as the throttle counts it: an IPv4 address whole, an IPv6 address by its /64 (one subscriber's). */
    static String addressKey(String remote) {
        if (remote == null || remote.isBlank()) {
            return "unknown";
        }
        // only literals reach InetAddress (a name would be looked up in DNS, blocking)
        if (!remote.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]{2,45}")) {
            return "unknown";
        }
        try {
            byte[] b = InetAddress.getByName(remote.contains(":") && !remote.startsWith("[") ? "[" + remote + "]" : remote).getAddress();
            if (b.length == 16) {
                StringBuilder s = new StringBuilder();
                for (int i = 0; i < 8; i += 2) {
                    s.append(String.format(Locale.ROOT, "%02x%02x:", b[i], b[i + 1]));
                }
                return s.append(":/64").toString();
            }
            return InetAddress.getByAddress(b).getHostAddress();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
