-- Provider events, inbound messages and the access audit, partitioned by month of their time like the history
-- (V32) and the ledger (V34): retention drops their months whole (com.loandesk.retention.RetentionJob) instead of
-- deleting rows, and each month's indexes stay the size of one month. A default partition takes a row whose month
-- has no partition yet; the service creates the coming months ahead, with the history's.
--
-- A partitioned table's unique key must hold its partition key, so the replay keys are no longer unique indexes:
-- (provider_sid, kind, dedupe_key) of an event and the message_sid of an inbound text stay indexes, and a replay is
-- refused by the write itself (com.loandesk.store.ProviderEventSql): under a transaction lock on the key, a row is
-- written only when the same key has none within the replay window (30 days, far past any provider's retries).
-- The access audit is append-only as before; like the history's, its rows may go only in a retention purge
-- (loandesk.retention_purge), which drops whole months and deletes the rest of their sealed blocks.
--
-- Existing rows are moved into their months here, in one transaction, during which the service is stopped.

create or replace function access_audit_is_append_only() returns trigger language plpgsql as $$
begin
    if current_setting('loandesk.retention_purge', true) = 'on' and tg_op = 'DELETE' then
        return old;
    end if;
    raise exception 'access_audit is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;

-- provider_event -------------------------------------------------------------------------------------------------
alter table provider_event rename to provider_event_unpartitioned;

create table provider_event (like provider_event_unpartitioned including defaults including constraints)
    partition by range (received_at);
alter sequence provider_event_id_seq owned by provider_event.id;
create table provider_event_default partition of provider_event default;

select month_partitions_ensure('provider_event',
                               coalesce((select min(received_at) from provider_event_unpartitioned), now()),
                               greatest(now(), coalesce((select max(received_at) from provider_event_unpartitioned), now()))
                                   + interval '3 months');

insert into provider_event select * from provider_event_unpartitioned order by received_at;
drop table provider_event_unpartitioned;

create index provider_event_id on provider_event (id);
create index provider_event_key on provider_event (provider_sid, kind, dedupe_key);
create index provider_event_unmatched on provider_event (received_at) where task_id is null;
create index provider_event_recording on provider_event ((detail->>'recordingSid')) where kind = 'recording';

-- inbound_message ------------------------------------------------------------------------------------------------
alter table inbound_message rename to inbound_message_unpartitioned;

create table inbound_message (like inbound_message_unpartitioned including defaults including constraints)
    partition by range (received_at);
alter sequence inbound_message_id_seq owned by inbound_message.id;
create table inbound_message_default partition of inbound_message default;

select month_partitions_ensure('inbound_message',
                               coalesce((select min(received_at) from inbound_message_unpartitioned), now()),
                               greatest(now(), coalesce((select max(received_at) from inbound_message_unpartitioned), now()))
                                   + interval '3 months');

insert into inbound_message select * from inbound_message_unpartitioned order by received_at;
drop table inbound_message_unpartitioned;

create index inbound_message_sid on inbound_message (message_sid);
create index inbound_message_from on inbound_message (from_number, received_at);

-- access_audit ---------------------------------------------------------------------------------------------------
alter table access_audit rename to access_audit_unpartitioned;
drop trigger access_audit_append_only on access_audit_unpartitioned;

create table access_audit (like access_audit_unpartitioned including defaults including constraints) partition by range (at);
alter sequence access_audit_id_seq owned by access_audit.id;
create table access_audit_default partition of access_audit default;

select month_partitions_ensure('access_audit', coalesce((select min(at) from access_audit_unpartitioned), now()),
                               greatest(now(), coalesce((select max(at) from access_audit_unpartitioned), now()))
                                   + interval '3 months');

insert into access_audit select * from access_audit_unpartitioned order by id;
drop table access_audit_unpartitioned;

-- the sealer reads the audit by id ranges (com.loandesk.audit.ChainSql.blocks)
create index access_audit_id on access_audit (id);
create index access_audit_at on access_audit (at);
create index access_audit_case on access_audit (case_id) where case_id is not null;

create trigger access_audit_append_only before update or delete on access_audit
    for each row execute function access_audit_is_append_only();
