-- The limited-content voicemail left on a call is an event of its own, recorded once per call: its
-- unique (provider_sid, kind, dedupe_key) row is the claim that lets only the first answering-machine
-- callback of a call leave it, however many replays (with new idempotency tokens) follow.
alter table provider_event drop constraint provider_event_kind_check;
alter table provider_event add constraint provider_event_kind_check
    check (kind in ('delivery_status', 'call_status', 'recording', 'answered_by', 'gather', 'voicemail_drop'));
