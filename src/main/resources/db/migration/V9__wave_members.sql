-- A wave is enqueued by recording its members, then fed: its tasks are made from the members in order, a
-- chunk at a time, at the wave's rate and as the dispatcher's backlog allows. Enqueueing a million cases
-- is then one narrow insert, the rate is kept where tasks are born, and a paused or cancelled wave simply
-- stops being fed. wave.fed is the cursor: members 1..fed have their task, made in the same transaction
-- that moved the cursor, so no member is fed twice or skipped.

alter table wave
    add column starts_at  timestamptz,                      -- no contact of the wave before this
    add column fed        integer     not null default 0,   -- members that have their task (seq 1..fed);
                                                            -- wave.enqueued counts the members
    add column fed_at     timestamptz,                      -- the rate's clock: when the next task is earned
    add constraint wave_fed_range check (fed >= 0 and fed <= enqueued);

-- No foreign keys: the rows are written only by the wave's creation from rows that exist, in one
-- statement, and the checks would cost more than the insert (a million key-share locks on cases and
-- contact points). Feeding reads them by (wave_id, seq) ranges.
create table wave_member (
    wave_id           bigint  not null,
    seq               integer not null,
    case_id           bigint  not null,
    contact_point_id  bigint  not null,
    primary key (wave_id, seq)
);

-- waves created before this migration made all their tasks at once
update wave set fed = enqueued;
