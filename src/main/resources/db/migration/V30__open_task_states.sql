-- The gauges and the status page count tasks by state: exactly for the open states (few at any time) from this index
-- alone, never reading the finished tasks (most of the table after a while); the finished are estimated from the
-- planner's statistics.
create index contact_task_open_state on contact_task (state) where state in ('pending', 'sending', 'deferred', 'unknown');
