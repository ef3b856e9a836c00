-- Tamper evidence for the two append-only records, case_history and access_audit (docs/audit-chain.md).
-- A sealer chains committed rows in the background, in blocks of consecutive ids: a block holds the SHA-256
-- digest of its rows and a link hash over its predecessor's. The heads are written outside the
-- database too (the log and signed daily checkpoint files), so a rewritten chain no longer matches them.

-- One row per chain: its newest block, and the horizon the next pass may seal up to.
create table chain_head (
    chain        text        primary key check (chain in ('case_history', 'access_audit')),
    block_no     bigint      not null default 0,
    hash         bytea       not null default decode(repeat('00', 32), 'hex'),  -- genesis: 32 zero bytes
    sealed_to    bigint      not null default 0,   -- every id <= sealed_to lies in a block
    horizon      bigint,                           -- the id sequence's value at the last pass
    horizon_xips xid8[],                           -- transactions in progress when it was read
    horizon_at   timestamptz
);
insert into chain_head (chain) values ('case_history'), ('access_audit');

-- The blocks: ids first_id..last_id (contiguous from block to block), every row of them hashed.
create table chain_block (
    chain      text        not null,
    block_no   bigint      not null,
    first_id   bigint      not null,
    last_id    bigint      not null,
    row_count  integer     not null,
    max_at     timestamptz,                 -- the newest row's time: the block may be purged once it is past retention
    digest     bytea       not null,        -- sha256 of the rows' canonical texts, in id order
    hash       bytea       not null,        -- sha256(previous hash, the fields above, digest, sealed_at)
    sealed_at  timestamptz not null,
    purged_at  timestamptz,                 -- its rows purged by retention, all at once (its digest and link stay)
    primary key (chain, block_no)
);

-- retention purges whole blocks from the oldest on: it looks for the first one not purged yet
create index chain_block_unpurged on chain_block (chain, block_no) where purged_at is null;

-- The sealer reads new rows by id range; ids arrive in nearly physical order, which BRIN summarises for
-- almost nothing per insert (case_history has no index on id otherwise)
create index case_history_id on case_history using brin (id);
