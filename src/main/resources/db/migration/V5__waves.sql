-- Reminder waves for the scheduler: what a wave selected, through which channel and template, in which
-- local window and at what rate, until when, and how many tasks it made. Its own audit trail, wave_event,
-- is case-independent; task changes stay in case_history.

alter table wave
    add column stage            text          check (stage in ('early', 'middle', 'late')),
    add column dpd_min          integer       check (dpd_min >= 0),
    add column dpd_max          integer       check (dpd_max >= 0),
    add column product          text,
    add column jurisdiction     text,
    add column balance_min      numeric(14,2),
    add column balance_max      numeric(14,2),
    add column risk_grade       text          check (risk_grade in ('high', 'medium', 'low')),
    -- the borrower's local time of day the wave is meant for (e.g. 09:00-12:00 their time); stored as given
    add column window_start     time,
    add column window_end       time,
    add column rate_per_minute  integer       check (rate_per_minute > 0),
    add column not_after        timestamptz,
    add column enqueued         integer       not null default 0,
    add column skipped          integer       not null default 0,
    add column updated_at       timestamptz,
    add constraint wave_window_both check ((window_start is null) = (window_end is null)),
    add constraint wave_window_order check (window_start is null or window_start < window_end),
    add constraint wave_dpd_range check (dpd_min is null or dpd_max is null or dpd_min <= dpd_max),
    add constraint wave_balance_range check (balance_min is null or balance_max is null or balance_min <= balance_max);

-- the one index waves add to contact_task: a wave's tasks (progress, cancel, the overlap check of a new wave)
create index contact_task_wave on contact_task (wave_id) where wave_id is not null;

-- Every state change of a wave, who made it and when: append-only, like case_history.
create table wave_event (
    id       bigserial primary key,
    wave_id  bigint      not null references wave (id),
    at       timestamptz not null,
    actor    text        not null,
    event    text        not null,
    detail   jsonb
);
create index wave_event_wave on wave_event (wave_id, id);

create function wave_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'wave_event is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger wave_event_append_only before update or delete on wave_event
    for each row execute function wave_event_is_append_only();
