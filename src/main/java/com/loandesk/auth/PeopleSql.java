package com.loandesk.auth;

/** The SQL of the people's lifecycle (users, their sessions) and of API tokens' administration. Positional parameters. */
final class PeopleSql {

    private PeopleSql() {
    }

    /** $1 now. Every user with what an admin needs to see: live sessions and tokens counted, never their secrets. */
    static final String LIST_USERS = """
            select u.id, u.username, u.role, u.disabled_at, u.created_at, u.password_hash is not null as has_password,
                   u.phone is not null as has_phone,
                   (select count(*) from session s where s.user_id = u.id and s.revoked_at is null and s.expires_at > $1) as sessions,
                   (select count(*) from api_token t where t.user_id = u.id and t.revoked_at is null
                                                         and (t.expires_at is null or t.expires_at > $1)) as tokens
              from users u
             order by lower(u.username)
            """;

    /** $1 username. The user row, locked for the change that follows. */
    static final String USER_FOR_UPDATE = """
            select id, username, role, disabled_at, password_hash from users where username = $1 for update
            """;

    /** $1 user id. The user row (the caller's own), locked for the change that follows. */
    static final String USER_BY_ID_FOR_UPDATE = """
            select id, username, role, disabled_at, password_hash from users where id = $1 for update
            """;

    /** $1 user id. The user's password hash (null: no password, tokens only). */
    static final String PASSWORD_OF = """
            select password_hash from users where id = $1
            """;

    /** $1 user id, $2 now (null enables). */
    static final String SET_DISABLED = """
            update users set disabled_at = $2 where id = $1
            """;

    /** $1 user id, $2 role. */
    static final String SET_ROLE = """
            update users set role = $2 where id = $1
            """;

    /** $1 user id, $2 password hash. */
    static final String SET_PASSWORD = """
            update users set password_hash = $2 where id = $1
            """;

    /** $1 user id, $2 now, $3 a session to keep (or null). The live sessions of the user, ended; their count. */
    static final String END_SESSIONS = """
            update session set revoked_at = $2
             where user_id = $1 and revoked_at is null and expires_at > $2 and id is distinct from $3
            returning id
            """;

    /** $1 user id, $2 now. The user's live API tokens, revoked; their ids and labels. */
    static final String REVOKE_USER_TOKENS = """
            update api_token set revoked_at = $2
             where user_id = $1 and revoked_at is null
            returning id, label
            """;

    /** Every API token, newest first, with its owner; never the hash. */
    static final String LIST_TOKENS = """
            select t.id, t.label, u.username, t.created_at, t.expires_at, t.last_used_at, t.revoked_at, t.bootstrap
              from api_token t join users u on u.id = t.user_id
             order by t.created_at desc, t.id desc
            """;

    /** $1 token id. The token and its owner, locked for the revocation that follows. */
    static final String TOKEN_FOR_UPDATE = """
            select t.id, t.label, t.revoked_at, u.username
              from api_token t join users u on u.id = t.user_id
             where t.id = $1
               for update of t
            """;

    /** $1 token id, $2 now. */
    static final String REVOKE_TOKEN = """
            update api_token set revoked_at = $2 where id = $1 and revoked_at is null
            """;

    /**
     * $1 token ids, $2 now. When they were last used: written at most once a minute per token ({@link TokenUse}),
     * never moved back (two processes may write out of order). A row another transaction holds locked (a revocation
     * under way) is skipped, never waited for: the token check this rides on must not stall behind it; that token's
     * use is written a minute later.
     */
    static final String TOKENS_USED = """
            update api_token t set last_used_at = $2
              from (select id from api_token
                     where id = any($1) and (last_used_at is null or last_used_at < $2)
                       for update skip locked) due
             where t.id = due.id
            """;

    /** $1 token hash. The token with this hash, if any, locked: the bootstrap decides what to do with it. */
    static final String BOOTSTRAP_FIND = """
            select id, revoked_at from api_token where token_hash = $1 for update
            """;

    /**
     * The bootstrap admin 'admin' (whatever the case of an existing one): made an enabled admin, as the operator's
     * environment says when it holds a new token. Its id.
     */
    static final String BOOTSTRAP_USER = """
            insert into users (username, role) values ('admin', 'admin')
            on conflict ((lower(username))) do update set role = 'admin', disabled_at = null
            returning id
            """;

    /** $1 user id, $2 token hash, $3 now. A new bootstrap token (none when another process installed it first). */
    static final String BOOTSTRAP_INSERT = """
            insert into api_token (user_id, token_hash, label, created_at, bootstrap)
            values ($1, $2, 'bootstrap (LOANDESK_ADMIN_TOKEN)', $3, true)
            on conflict (token_hash) do nothing
            returning id
            """;

    /** $1 the current bootstrap token's hash, $2 now. Every other live bootstrap token, revoked: rotation. */
    static final String BOOTSTRAP_REVOKE_OTHERS = """
            update api_token set revoked_at = $2
             where bootstrap and token_hash <> $1 and revoked_at is null
            returning id
            """;

    /** $1 user id. The language the person's pages speak (null: not chosen). */
    static final String PAGE_LANGUAGE = "select page_language from users where id = $1";

    /** $1 user id, $2 language. */
    static final String SET_PAGE_LANGUAGE = "update users set page_language = $2 where id = $1";
}
