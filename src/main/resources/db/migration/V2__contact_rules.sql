-- The facts the contact rules read beyond V1: template flags, expiring consents, call-backs the borrower
-- asked for, inconvenient times, the outcome of each contact as the caps count it, and the text safe
-- harbor's inputs. The store reads them under the borrower's lock with the rest of the gate input.

-- Approved message templates. The rules read (code, the task's channel, the borrower's locale) and the
-- newest approved version; a template without an approved version is UNAPPROVED_TEMPLATE.
create table template (
    id            bigserial primary key,
    code          text        not null,
    version       integer     not null check (version > 0),
    channel       text        not null check (channel in ('sms', 'voice', 'email')),
    locale        text        not null default 'en',
    subject       text,                              -- e-mail only
    body          text        not null,
    locate_only   boolean     not null default false, -- asks only how to reach the borrower: third parties may get it
    legal_threat  boolean     not null default false, -- mentions legal action: never on a time-barred debt
    formal_notice boolean     not null default false, -- formal written notice: never <= 1000, never to third parties
    approved_by   text,
    approved_at   timestamptz,
    created_at    timestamptz not null default now(),
    unique (code, channel, locale, version),
    check ((approved_by is null) = (approved_at is null)),
    check (not (locate_only and (legal_threat or formal_notice)))
);
create index template_approved on template (code, channel, locale, version desc) where approved_at is not null;

-- Consents, with where they came from and until when they hold. A revoked consent keeps its row.
--   automated_contact: TCPA prior express consent to autodialed/prerecorded calls and texts to a number
--   third_party:       a third party agreed to be contacted to locate the borrower
--   direct_calls:      Reg F §1006.14(b)(3)(i) direct prior consent to calls (expires within 7 days)
create table consent (
    id               bigserial primary key,
    borrower_id      bigint      not null references borrower (id),
    contact_point_id bigint      references contact_point (id),   -- null: every point of the borrower
    purpose          text        not null check (purpose in ('automated_contact', 'third_party', 'direct_calls')),
    channel          text        check (channel in ('sms', 'voice', 'email')), -- null: every channel
    granted_at       timestamptz not null,
    expires_at       timestamptz,
    source           text        not null,  -- e.g. application_form, ivr, recorded_call, web
    recorded_by      text        not null,
    revoked_at       timestamptz,
    revoked_via      text,
    check (expires_at is null or expires_at > granted_at),
    check (purpose <> 'direct_calls' or (expires_at is not null and expires_at <= granted_at + interval '7 days'))
);
create index consent_borrower_open on consent (borrower_id) where revoked_at is null;

-- A call-back the borrower asked for: one voice call inside [from_at, until_at) may go outside the quiet
-- window. The first outbound voice contact inside the interval fulfils it.
create table callback_request (
    id                bigserial primary key,
    borrower_id       bigint      not null references borrower (id),
    case_id           bigint      references collection_case (id),
    contact_point_id  bigint      references contact_point (id),
    from_at           timestamptz not null,
    until_at          timestamptz not null,
    requested_via     text        not null,  -- e.g. call, sms_reply, web
    recorded_by       text        not null,
    created_at        timestamptz not null default now(),
    fulfilled_task_id bigint,
    cancelled_at      timestamptz,
    check (until_at > from_at)
);
create index callback_request_open on callback_request (borrower_id, until_at)
    where fulfilled_task_id is null and cancelled_at is null;

-- Local time ranges the borrower named as inconvenient (Reg F §1006.6(b)(1)(i)), in the borrower's zone.
-- end_local before start_local runs past midnight. days: ISO days of week, 1 = Monday; empty = every day.
create table inconvenient_time (
    id           bigserial primary key,
    borrower_id  bigint      not null references borrower (id),
    days         smallint[]  not null default '{}',
    start_local  time        not null,
    end_local    time        not null,
    source       text        not null,
    recorded_by  text        not null,
    created_at   timestamptz not null default now(),
    removed_at   timestamptz,
    check (start_local <> end_local),
    check (days <@ array[1, 2, 3, 4, 5, 6, 7]::smallint[])
);
create index inconvenient_time_borrower on inconvenient_time (borrower_id) where removed_at is null;

-- What became of each contact, as the caps count it (PastContact.Outcome). connected stays for V1 readers;
-- outcome null means read connected (null = pending, true = answered/delivered, false = no answer/failed).
alter table contact_attempt
    add column outcome          text check (outcome in ('pending', 'not_connected', 'no_answer',
                                    'machine_no_message', 'voicemail_left', 'answered', 'delivered')),
    add column inbound          boolean not null default false,  -- the borrower called in; never counted, may be a conversation
    add column point_kind       text,                            -- the contact point's kind when the contact was made
    add column also_about_cases bigint[] not null default '{}';  -- further debts a conversation covered

-- The text safe harbor's inputs (Reg F §1006.6(d)(5)).
alter table contact_point
    add column last_inbound_text_at timestamptz,
    add column rnd_checked_at       timestamptz,
    add column rnd_result           text check (rnd_result in ('not_reassigned', 'reassigned', 'no_data')),
    add column rnd_proof            text;   -- the query reference the caller must be able to show
