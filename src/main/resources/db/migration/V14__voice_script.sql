-- What a reminder call says once the person who answered has confirmed they are the borrower (keypress 1).
-- The call's own TwiML carries no debt content: the gather webhook reads the rendered template from here,
-- one row per task attempt, written before the call is placed. It goes with its task (retention).
create table voice_script (
    task_id    bigint      not null references contact_task (id) on delete cascade,
    attempt    integer     not null,
    locale     text        not null,
    body       text        not null,
    addressee  text,
    caller     text,
    created_at timestamptz not null default now(),
    primary key (task_id, attempt)
);
