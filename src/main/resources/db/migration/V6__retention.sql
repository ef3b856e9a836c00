-- Records are kept 3 years (Reg F §1006.100; DOMAIN.md: recordings, notices and agreements 3 years),
-- then purged by a scheduled job that logs each run here. The case history stays append-only for
-- everyone else: only a transaction that sets loandesk.retention_purge may delete from it.
create table retention_run (
    id          bigserial primary key,
    started_at  timestamptz not null,
    finished_at timestamptz not null,
    cutoff      timestamptz not null,
    deleted     jsonb       not null,
    actor       text        not null
);
