-- Failed-login throttling shared by every service instance (auth.LoginThrottle): one row per username
-- ('u:' + the username in lower case) and per client address ('a:' + the address, an IPv6 address by its /64).
-- An attempt is counted before its password is checked, under the rows' locks, so instances sharing this
-- database never let more attempts through than the delays allow.
create table login_throttle (
    key        text primary key,
    failures   integer     not null,
    next_at    timestamptz not null,   -- no attempt for this key is checked before this moment
    last_at    timestamptz not null    -- the last counted attempt; a key quiet for login.forgetAfterHours starts again
);
