-- People and tokens with a lifecycle (issue 13): usernames unique regardless of case, when each API token was last
-- used, and which tokens the bootstrap (LOANDESK_ADMIN_TOKEN) installed, so that installing a new one revokes the old.

-- Usernames differing only in case ('Cole' and 'cole') cannot both stay: the unique index below would fail on them
-- with a bare "could not create unique index". They are not renamed or merged here: cases name their collector by
-- username, and which of two people keeps the name is a person's decision. The migration stops instead, naming every
-- such group; rename (and reassign the cases of) all but one of each, then start again.
do $$
declare
    groups text;
begin
    select string_agg(names, '; ') into groups
      from (select string_agg(format('%s (id %s)', username, id), ', ' order by id) as names
              from users group by lower(username) having count(*) > 1) d;
    if groups is not null then
        raise exception 'V16: usernames that differ only in case must be made distinct first: %', groups
            using hint = 'rename all but one of each group (and update collection_case.assigned_collector to match), then restart';
    end if;
end $$;

create unique index users_username_lower on users (lower(username));

alter table api_token
    add column last_used_at timestamptz,                 -- written at most once a minute per token (auth.TokenUse)
    add column bootstrap    boolean not null default false;  -- installed from LOANDESK_ADMIN_TOKEN

-- the bootstrap's tokens before this migration carried only their label
update api_token set bootstrap = true where label = 'bootstrap (LOANDESK_ADMIN_TOKEN)';

create index api_token_user on api_token (user_id);
create index session_live_by_user on session (user_id) where revoked_at is null;
