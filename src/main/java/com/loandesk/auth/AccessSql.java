package com.loandesk.auth;

/** The SQL of users, API tokens, sessions and the access audit. Parameters are positional. */
final class AccessSql {

    private AccessSql() {
    }

    /**
     * $1 token hashes, $2 now. The live API tokens and sessions among them, each with its user (not disabled):
     * the token's hash and the principal.
     */
    static final String BY_TOKENS = """
            select t.token_hash, u.id, u.username, u.role, null::bigint as session_id, t.id as token_id
              from api_token t join users u on u.id = t.user_id
             where t.token_hash = any($1) and t.revoked_at is null and (t.expires_at is null or t.expires_at > $2)
               and u.disabled_at is null
            union all
            select s.token_hash, u.id, u.username, u.role, s.id, null::bigint
              from session s join users u on u.id = s.user_id
             where s.token_hash = any($1) and s.revoked_at is null and s.expires_at > $2 and u.disabled_at is null
            """;

    /** $1 username. */
    static final String FOR_LOGIN = """
            select id, username, role, password_hash from users where username = $1 and disabled_at is null
            """;

    /** $1 user id, $2 token hash, $3 now, $4 expires at. */
    static final String INSERT_SESSION = """
            insert into session (user_id, token_hash, created_at, expires_at) values ($1, $2, $3, $4) returning id
            """;

    /** $1 session id, $2 now. */
    static final String REVOKE_SESSION = """
            update session set revoked_at = $2 where id = $1 and revoked_at is null
            """;

    /** $1 username, $2 role, $3 password hash (may be null). Null when the username is taken, in any case (V16). */
    static final String INSERT_USER = """
            insert into users (username, role, password_hash) values ($1, $2, $3)
            on conflict do nothing
            returning id
            """;

    /** $1 username. */
    static final String USER_ID = """
            select id from users where username = $1
            """;

    /** $1 user id, $2 token hash, $3 label, $4 now, $5 expires at (may be null). */
    static final String INSERT_TOKEN = """
            insert into api_token (user_id, token_hash, label, created_at, expires_at) values ($1, $2, $3, $4, $5)
            returning id
            """;

    /** $1 at, $2 actor, $3 role, $4 action, $5 case id, $6 target, $7 detail (json text). */
    static final String AUDIT = """
            insert into access_audit (at, actor, role, action, case_id, target, detail)
            values ($1, $2, $3, $4, $5, $6, coalesce(($7::text)::jsonb, '{}'::jsonb))
            """;

    /** $1 username, $2 phone (E.164) or null. The user's id, or no row when there is no such user. */
    static final String SET_PHONE = """
            update users set phone = $2 where username = $1 returning id
            """;
}
