-- What providers tell us after a send: status callbacks, recordings, answering-machine results,
-- key presses and inbound SMS. Every event is kept once (replays are no-ops) and the latest status of
-- each message or call only ever moves forward.

-- One row per distinct event. The key makes a replayed callback a no-op: (the message or call sid,
-- the kind of event, the status it reports — or Twilio's I-Twilio-Idempotency-Token when the event
-- has no status of its own).
create table provider_event (
    id            bigserial primary key,
    provider_sid  text        not null,          -- the message or call the event is about (SM…, CA…)
    kind          text        not null check (kind in ('delivery_status', 'call_status', 'recording', 'answered_by', 'gather')),
    dedupe_key    text        not null,
    status        text,
    task_id       bigint,                         -- null until a task with this provider_ref is known
    received_at   timestamptz not null,
    detail        jsonb       not null default '{}',
    unique (provider_sid, kind, dedupe_key)
);
-- events that arrived before the dispatcher wrote the task's provider_ref, for the settling pass
create index provider_event_unmatched on provider_event (received_at) where task_id is null;

-- The furthest status each message or call has reached (rank: the order statuses move in).
create table provider_status (
    provider_sid  text        primary key,
    medium        text        not null check (medium in ('message', 'call')),
    status        text        not null,
    rank          smallint    not null,
    duration_s    integer,
    answered_by   text,
    updated_at    timestamptz not null
);

-- Every inbound SMS, kept whether or not its number belongs to a borrower.
create table inbound_message (
    id            bigserial primary key,
    message_sid   text        not null unique,
    from_number   text        not null,
    to_number     text,
    body          text        not null default '',
    keyword       text        check (keyword in ('opt_out', 'opt_in', 'help')),
    matched       text,                           -- the keyword that matched, e.g. STOP or 退订
    received_at   timestamptz not null
);
create index inbound_message_from on inbound_message (from_number, received_at);
