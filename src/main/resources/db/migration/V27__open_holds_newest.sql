-- The compliance holds page lists every open hold, newest first, a keyset page at a time: this index serves the
-- order and the filter without reading cleared holds (most holds, after a while).
create index case_hold_open_newest on case_hold (set_at desc, id desc) where cleared_at is null;
