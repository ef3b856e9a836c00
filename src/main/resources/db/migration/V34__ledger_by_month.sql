-- The contact ledger, partitioned by month of its time like the history (V32): retention drops whole months
-- (com.loandesk.retention.RetentionJob) instead of deleting a month of rows in batches, and each month's indexes
-- stay the size of one month. The gate's read of a borrower's recent contacts (borrower and a time from a week ago)
-- reads the last month or two only. A default partition takes a row whose month has no partition yet; the service
-- creates the coming months ahead, with the history's.
--
-- A partitioned table's unique key must hold its partition key, so (task_id, attempt_no) is no longer unique across
-- the ledger; it stays an index for the provider's reports and the settlements. One row per attempt is kept by the
-- write itself: a task's row is inserted in the transaction that moves it from pending or deferred to sending
-- (TaskSql.APPLY_DECISIONS, only from those states), and an attempt is counted once in that same move.
--
-- Existing rows are moved into their months here, in one transaction: on years of ledger this takes minutes
-- (docs/volume.md), during which the service is stopped.

alter table contact_attempt rename to contact_attempt_unpartitioned;
alter index contact_attempt_borrower_at_covering rename to contact_attempt_unpartitioned_borrower_at_covering;
alter index contact_attempt_task rename to contact_attempt_unpartitioned_task;
alter index contact_attempt_at rename to contact_attempt_unpartitioned_at;

create table contact_attempt (like contact_attempt_unpartitioned including defaults including constraints)
    partition by range (at);
alter sequence contact_attempt_id_seq owned by contact_attempt.id;
create table contact_attempt_default partition of contact_attempt default;

-- the months the ledger holds, and the three to come
select month_partitions_ensure('contact_attempt', coalesce((select min(at) from contact_attempt_unpartitioned), now()),
                               greatest(now(), coalesce((select max(at) from contact_attempt_unpartitioned), now()))
                                   + interval '3 months');

insert into contact_attempt select * from contact_attempt_unpartitioned order by at;

drop table contact_attempt_unpartitioned;

create index contact_attempt_borrower_at_covering on contact_attempt (borrower_id, at)
    include (channel, case_id, contact_point_id, connected, conversation, duration_s, outcome, inbound, point_kind,
             also_about_cases);
create index contact_attempt_task on contact_attempt (task_id, attempt_no);
create index contact_attempt_at on contact_attempt using brin (at);
