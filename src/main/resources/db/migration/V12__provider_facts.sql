-- The limited-content voicemail left on a call is an event of its own, recorded once per call: its
-- unique (provider_sid, kind, dedupe_key) row is the claim that lets only the first answering-machine
-- callback of a call leave it, however many replays (with new idempotency tokens) follow.
alter table provider_event drop constraint provider_event_kind_check;
alter table provider_event add constraint provider_event_kind_check
    check (kind in ('delivery_status', 'call_status', 'recording', 'answered_by', 'gather', 'voicemail_drop', 'call_leg'));

-- A collector's bridged call: the borrower's leg (its callbacks carry ParentCallSid) is kept on the parent
-- call's row, since it alone says whether the borrower answered and how long they talked.
alter table provider_status
    add column leg_status     text,
    add column leg_duration_s integer;
