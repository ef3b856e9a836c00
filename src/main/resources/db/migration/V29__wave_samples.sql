-- A wave's tasks by state over time, sampled by the service while the wave has work left (and once more when it has
-- none), so the board's chart survives a reload and shows the wave from its start. counts: {state: n, queued, open}.
create table wave_sample (
    wave_id bigint      not null references wave (id),
    at      timestamptz not null,
    counts  jsonb       not null,
    primary key (wave_id, at)
);
