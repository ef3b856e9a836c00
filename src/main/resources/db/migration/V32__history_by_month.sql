-- The case history, partitioned by month of its time (native range partitioning): retention drops whole months
-- (com.loandesk.retention.HistoryMonths) instead of deleting rows, and every month's indexes stay the size of one
-- month. A default partition takes a row whose month has no partition yet (a clock far off), so no write is ever
-- refused; the service creates the coming months ahead (month_partitions_ensure, at start and with every
-- retention run), moving any such rows into their month.
--
-- Existing rows are moved into their months here, in one transaction: on a large history this migration takes
-- minutes (docs/volume.md), during which the service is stopped.

-- Creates the monthly partition of parent (partitioned by range of a timestamptz) for the month starting at
-- month_start (UTC), unless there is one; rows of that month waiting in the default partition move into it.
-- Answers true when it created one.
create function month_partition_ensure(parent regclass, month_start date) returns boolean
language plpgsql as $$
declare
    part       text := format('%s_%s', parent::text, to_char(month_start, 'YYYY_MM'));
    deflt      text := format('%s_default', parent::text);
    key_column text;
    lo         timestamptz := month_start::timestamp at time zone 'UTC';
    hi         timestamptz := (month_start + interval '1 month')::timestamp at time zone 'UTC';
    waiting    bigint;
    purging    text := current_setting('loandesk.retention_purge', true);
begin
    if month_start <> date_trunc('month', month_start)::date then
        raise exception 'month_partition_ensure: % is not the first day of a month', month_start;
    end if;
    if to_regclass(part) is not null then
        return false;
    end if;
    select a.attname into key_column
      from pg_partitioned_table p join pg_attribute a on a.attrelid = p.partrelid and a.attnum = p.partattrs[0]
     where p.partrelid = parent;
    if to_regclass(deflt) is not null then
        execute format('select count(*) from %I where %I >= $1 and %I < $2', deflt, key_column, key_column)
           into waiting using lo, hi;
    else
        waiting := 0;
    end if;
    if waiting = 0 then
        execute format('create table %I partition of %s for values from (%L) to (%L)', part, parent, lo, hi);
    else
        -- the month's rows wait in the default partition: moved into a table of their own, then attached
        perform set_config('loandesk.retention_purge', 'on', true);
        execute format('create table %I (like %s including defaults including constraints)', part, parent);
        execute format('insert into %I select * from %I where %I >= $1 and %I < $2', part, deflt, key_column, key_column)
          using lo, hi;
        execute format('delete from %I where %I >= $1 and %I < $2', deflt, key_column, key_column) using lo, hi;
        execute format('alter table %s attach partition %I for values from (%L) to (%L)', parent, part, lo, hi);
        perform set_config('loandesk.retention_purge', coalesce(purging, ''), true);
    end if;
    return true;
end $$;

-- Ensures the monthly partitions of parent from the month of from_at to the month of to_at; how many it created.
create function month_partitions_ensure(parent regclass, from_at timestamptz, to_at timestamptz) returns integer
language plpgsql as $$
declare
    m       date := date_trunc('month', from_at at time zone 'UTC')::date;
    last    date := date_trunc('month', to_at at time zone 'UTC')::date;
    created integer := 0;
begin
    while m <= last loop
        if month_partition_ensure(parent, m) then
            created := created + 1;
        end if;
        m := (m + interval '1 month')::date;
    end loop;
    return created;
end $$;

alter table case_history rename to case_history_unpartitioned;
alter index case_history_case_at rename to case_history_unpartitioned_case_at;
alter index case_history_at rename to case_history_unpartitioned_at;
alter index case_history_id rename to case_history_unpartitioned_id;

create table case_history (like case_history_unpartitioned including defaults including constraints)
    partition by range (at);
alter sequence case_history_id_seq owned by case_history.id;
create table case_history_default partition of case_history default;

-- the months the history holds, and the three to come
select month_partitions_ensure('case_history', coalesce((select min(at) from case_history_unpartitioned), now()),
                               greatest(now(), coalesce((select max(at) from case_history_unpartitioned), now()))
                                   + interval '3 months');

insert into case_history select * from case_history_unpartitioned order by id;

drop table case_history_unpartitioned;

create index case_history_case_at on case_history (case_id, at);
create index case_history_at on case_history using brin (at);
create index case_history_id on case_history using brin (id);

create trigger case_history_append_only before update or delete on case_history
    for each row execute function case_history_is_append_only();
