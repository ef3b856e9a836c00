-- The gate reads every recent contact of the borrowers it judges (TaskSql.RECENT_CONTACTS): with every column it
-- reads in the index, that read is index-only for rows the visibility map marks all-visible (everything older than
-- the last vacuum), instead of a random heap page per contact of years of ledger. It replaces the plain index on the
-- same key, so the ledger keeps one index to maintain for it.
create index contact_attempt_borrower_at_covering on contact_attempt (borrower_id, at)
    include (channel, case_id, contact_point_id, connected, conversation, duration_s, outcome, inbound, point_kind,
             also_about_cases);
drop index contact_attempt_borrower_at;
