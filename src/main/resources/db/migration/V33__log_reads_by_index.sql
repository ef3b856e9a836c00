-- The compliance log's usual reads stay fast at years of history (issue 15): each month's partition gets
--   (at, id): the first page, newest or oldest first, and any period, read in order and stopped at the page's end
--             (it replaces the BRIN index on at, which could only narrow a period, never order it);
--   (rule_id, at, id) of the blocked and deferred rows (the only ones with a rule): a rule over days;
--   (actor, at, id): one person's or process's rows over a month.
drop index case_history_at;
create index case_history_at_id on case_history (at, id);
create index case_history_rule_at on case_history (rule_id, at, id) where rule_id is not null;
create index case_history_actor_at on case_history (actor, at, id);
