-- The nightly recompute of days past due, status and stage, and the cadence waves made after it.
-- Both run once per business date (the lender's calendar day, in portfolio.zone): each run leaves a row.

-- One row per finished recompute of a business date; its presence is what "today's run happened" means.
create table recompute_run (
    id             bigserial primary key,
    business_date  date        not null unique,
    started_at     timestamptz not null,
    finished_at    timestamptz not null,
    cases_updated  integer     not null,
    stage_changes  integer     not null,
    status_changes integer     not null,
    actor          text        not null
);

-- One row per (cadence step, business date): written in state 'creating' before the wave is created, then
-- 'created' with the wave's id, 'empty' when no case was on that day of the stage (no wave is made), or
-- 'skipped' with why (unapproved template). The unique key is what makes a
-- step's wave exactly-once per business date across processes and restarts.
create table cadence_run (
    id            bigserial primary key,
    step_key      text        not null,
    business_date date        not null,
    state         text        not null check (state in ('creating', 'created', 'empty', 'skipped')),
    wave_name     text        not null,
    wave_id       bigint      references wave (id),
    enqueued      integer,
    reason        text,
    claimed_by    text        not null,
    started_at    timestamptz not null,
    finished_at   timestamptz,
    unique (step_key, business_date)
);

-- reports read the holds opened in a period
create index case_hold_set_at on case_hold (set_at);
-- reports read the contact ledger by time; its rows arrive in time order, which BRIN summarises cheaply
create index contact_attempt_at on contact_attempt using brin (at);
