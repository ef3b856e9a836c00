-- What answering-machine detection decided for a call is acted on once: the first verdict that changes the
-- call (a person is greeted, a machine gets the limited-content voicemail) records this event, and its unique
-- (provider_sid, kind, dedupe_key) row is the claim. A replayed or contradicting verdict changes nothing.
alter table provider_event drop constraint provider_event_kind_check;
alter table provider_event add constraint provider_event_kind_check
    check (kind in ('delivery_status', 'call_status', 'recording', 'answered_by', 'gather', 'voicemail_drop', 'call_leg',
                    'amd_verdict'));
