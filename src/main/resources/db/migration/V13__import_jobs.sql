-- Imports of big CSV files run as jobs: the upload is streamed to a file, then read, validated and written in
-- batches off the event loop. The job's state and its rejected rows live here so they can be polled and downloaded.
create table import_job (
    id           bigserial   primary key,
    state        text        not null check (state in ('queued', 'checking', 'importing', 'done', 'failed')),
    created_by   text        not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    finished_at  timestamptz,
    bytes        bigint      not null,            -- the uploaded file's size
    rows_total   bigint,                          -- data rows in the file, known after the check pass
    rows_done    bigint      not null default 0,  -- data rows read, validated and committed (written or rejected)
    inserted     bigint      not null default 0,
    updated      bigint      not null default 0,
    rejected     bigint      not null default 0,
    error        text                             -- why a failed job failed (the file, never a row: rows are rejected)
);

-- One row per rejected data row: its 1-based position among the data rows, the first offending field and why.
create table import_reject (
    job_id  bigint not null references import_job (id) on delete cascade,
    row_no  bigint not null,
    field   text   not null,
    reason  text   not null,
    primary key (job_id, row_no)
);
