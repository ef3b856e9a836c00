package com.loandesk.auth;

/** The SQL of failed-login throttling (table {@code login_throttle}, V15). */
final class ThrottleSql {

    private ThrottleSql() {
    }

    /** $1 keys. Makes sure each key has its row, so the next statement can lock it. */
    static final String ENSURE = """
            insert into login_throttle (key, failures, next_at, last_at)
            select k, 0, 'epoch'::timestamptz, 'epoch'::timestamptz from unnest($1::text[]) k
            on conflict (key) do nothing
            """;

    /** $1 keys. The keys' rows, locked in key order (two logins never wait for each other in a cycle). */
    static final String LOCK = """
            select key, failures, next_at, last_at from login_throttle where key = any($1::text[]) order by key for update
            """;

    /** $1 keys, $2 their failures, $3 their next_at, $4 now. Counts an attempt on each key. */
    static final String COUNT = """
            update login_throttle t set failures = u.failures, next_at = u.next_at, last_at = $4
            from unnest($1::text[], $2::int[], $3::timestamptz[]) as u(key, failures, next_at)
            where t.key = u.key
            """;

    /** $1 username key, $2 address key. A successful login: the username starts again, the address's attempt is not counted. */
    static final String SUCCEEDED = """
            with forget_user as (delete from login_throttle where key = $1)
            update login_throttle set failures = greatest(failures - 1, 0) where key = $2
            """;

    /** $1 oldest last_at kept. Keys quiet for login.forgetAfterHours and not delayed any more are gone. */
    static final String PURGE = """
            delete from login_throttle where last_at < $1 and next_at < $1
            """;
}
