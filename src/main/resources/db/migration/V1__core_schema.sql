-- The core of the contact dispatcher: borrowers, their cases and contact points, the contact tasks
-- the dispatcher claims, the ledger of contacts the caps are counted on, and the append-only history.

create table borrower (
    id              bigserial primary key,
    external_id     text        not null unique,
    full_name       text        not null,
    locale          text        not null default 'en',
    time_zone       text,                       -- IANA zone, when the borrower's location is known
    address_region  text,                       -- ISO 3166-2, e.g. US-CA, CN-31
    postal_code     text,
    jurisdiction    text        not null,       -- picks the policy preset, e.g. US, US-MA, CN
    created_at      timestamptz not null default now()
);

create table collection_case (
    id                 bigserial primary key,
    external_id        text          not null unique,
    borrower_id        bigint        not null references borrower (id),
    product            text          not null,
    amount_overdue     numeric(14,2) not null check (amount_overdue >= 0),
    currency           char(3)       not null,
    due_date           date          not null,
    days_past_due      integer       not null default 0 check (days_past_due >= 0),
    stage              text          not null check (stage in ('early', 'middle', 'late')),
    status             text          not null check (status in ('current', 'warning', 'overdue', 'paid', 'withdrawn')),
    risk_grade         text          check (risk_grade in ('high', 'medium', 'low')),
    sol_expired        boolean       not null default false,
    assigned_collector text,
    created_at         timestamptz   not null default now(),
    updated_at         timestamptz   not null default now()
);
create index collection_case_borrower on collection_case (borrower_id);

create table contact_point (
    id                 bigserial primary key,
    borrower_id        bigint      not null references borrower (id),
    kind               text        not null check (kind in ('mobile', 'home', 'work', 'email', 'emergency')),
    value              text        not null,     -- E.164 for phones, a checked address for e-mail
    role               text        not null default 'borrower' check (role in ('borrower', 'guarantor', 'third_party')),
    priority           smallint    not null default 0,
    sms_consent        boolean     not null default false,
    voice_consent      boolean     not null default false,
    consent_source     text,
    consent_at         timestamptz,
    third_party_consent boolean    not null default false,
    sms_opted_out      boolean     not null default false,
    voice_opted_out    boolean     not null default false,
    email_opted_out    boolean     not null default false,
    invalid_channels   text[]      not null default '{}',
    created_at         timestamptz not null default now(),
    unique (borrower_id, value)
);
create index contact_point_value on contact_point (value);

create table wave (
    id          bigserial primary key,
    name        text        not null,
    channel     text        not null check (channel in ('sms', 'voice', 'email')),
    template    text        not null,
    state       text        not null default 'running' check (state in ('running', 'paused', 'cancelled', 'done')),
    created_by  text        not null,
    created_at  timestamptz not null default now()
);

create table contact_task (
    id               bigserial primary key,
    case_id          bigint      not null references collection_case (id),
    contact_point_id bigint      not null references contact_point (id),
    channel          text        not null check (channel in ('sms', 'voice', 'email')),
    template         text        not null,
    wave_id          bigint      references wave (id),
    due_at           timestamptz not null,
    not_after        timestamptz,
    attempts         integer     not null default 0,
    state            text        not null default 'pending' check (state in
                     ('pending', 'claimed', 'sending', 'sent', 'delivered', 'failed', 'blocked', 'deferred', 'unknown')),
    claimed_by       text,
    lease_until      timestamptz,
    version          integer     not null default 0,
    provider_ref     text,
    block_rule       text,
    last_error       text,
    created_by       text        not null default 'system',
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
) with (fillfactor = 80);
-- the claim reads only this index: due work of one channel in due order
create index contact_task_due on contact_task (channel, due_at, id) where state in ('pending', 'deferred');
-- lease recovery and heart-beats read only this one
create index contact_task_leased on contact_task (lease_until) where state = 'sending';
-- no index on case_id: every index costs each state change; a case's story is read from case_history
create index contact_task_provider_ref on contact_task (provider_ref) where provider_ref is not null;

-- One row per contact that left the building (or was committed to leave it): the caps are counted here.
-- A row is written in the same transaction that marks its task 'sending'.
create table contact_attempt (
    id               bigserial,          -- no index: the ledger is read by borrower and time, or by task
    borrower_id      bigint      not null,
    case_id          bigint      not null,
    contact_point_id bigint      not null,
    task_id          bigint,
    attempt_no       integer     not null default 1,
    channel          text        not null,
    at               timestamptz not null,
    connected        boolean,             -- null until the provider says; false: never connected
    conversation     boolean     not null default false,
    duration_s       integer     not null default 0
);
create index contact_attempt_borrower_at on contact_attempt (borrower_id, at);
create unique index contact_attempt_task on contact_attempt (task_id, attempt_no);

-- The case's history: append-only. Every task created, every decision, every send with its provider
-- reference, every status change.
create table case_history (
    id           bigserial,              -- orders events; no index of its own: reads go by case or by time
    case_id      bigint      not null,
    task_id      bigint,
    at           timestamptz not null,
    event        text        not null,
    state        text,
    rule_id      text,
    policy       text,
    provider_ref text,
    actor        text        not null,
    detail       jsonb
);
create index case_history_case_at on case_history (case_id, at);
-- compliance reads by date range; appends arrive in time order, which a BRIN index summarises cheaply
create index case_history_at on case_history using brin (at);

create function case_history_is_append_only() returns trigger language plpgsql as $$
begin
    if current_setting('loandesk.retention_purge', true) = 'on' and tg_op = 'DELETE' then
        return old;
    end if;
    raise exception 'case_history is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger case_history_append_only before update or delete on case_history
    for each row execute function case_history_is_append_only();

-- Holds pause every automated contact of a case until a person clears them (with who and why).
create table case_hold (
    id           bigserial primary key,
    case_id      bigint      not null references collection_case (id),
    kind         text        not null check (kind in ('dispute', 'complaint', 'fraud', 'illness', 'pregnancy',
                     'bereavement', 'bankruptcy', 'deceased', 'cease_communication', 'repayment_plan')),
    reason       text,
    set_by       text        not null,
    set_at       timestamptz not null,
    cleared_by   text,
    cleared_at   timestamptz,
    clear_reason text
);
create index case_hold_open on case_hold (case_id) where cleared_at is null;
