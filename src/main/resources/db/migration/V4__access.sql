-- Who may use the HTTP API: people (login with a password, then a session) and machines (API tokens),
-- each with one role. Secrets are never stored: passwords as PBKDF2 hashes, tokens as SHA-256 digests.
-- access_audit records what the case history does not: logins and every unmasked read of a number.

create table users (
    id             bigserial primary key,
    username       text        not null unique check (username ~ '^[A-Za-z0-9._@-]{1,64}$'),
    role           text        not null check (role in ('scheduler', 'collector', 'compliance', 'admin')),
    password_hash  text,                        -- pbkdf2-sha256$iterations$salt$hash; null: no login (machines)
    disabled_at    timestamptz,
    created_at     timestamptz not null default now()
);

create table api_token (
    id           bigserial primary key,
    user_id      bigint      not null references users (id),
    token_hash   bytea       not null unique,    -- SHA-256 of the token; the token itself is shown once
    label        text        not null,
    created_at   timestamptz not null,
    expires_at   timestamptz,
    revoked_at   timestamptz
);

create table session (
    id           bigserial primary key,
    user_id      bigint      not null references users (id),
    token_hash   bytea       not null unique,    -- SHA-256 of the session token
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    revoked_at   timestamptz
);
create index session_expires on session (expires_at) where revoked_at is null;

-- Append-only like case_history: who did what, when, to which case.
create table access_audit (
    id        bigserial primary key,
    at        timestamptz not null,
    actor     text        not null,
    role      text,
    action    text        not null,             -- login, login_failed, logout, unmask, token_created, user_created
    case_id   bigint,
    target    text,                             -- e.g. the case reference or the username acted on
    detail    jsonb       not null default '{}'
);
create index access_audit_at on access_audit (at);
create index access_audit_case on access_audit (case_id) where case_id is not null;

create function access_audit_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'access_audit is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger access_audit_append_only before update or delete on access_audit
    for each row execute function access_audit_is_append_only();

-- Templates remember their author: the approver must be someone else.
alter table template add column created_by text;
