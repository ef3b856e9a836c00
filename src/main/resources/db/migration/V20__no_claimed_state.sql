-- 'claimed' was never written: a claimed task is row-locked inside the claim's transaction and leaves it
-- 'sending', deferred or blocked. The check lists the states the code knows (store.TaskState).
update contact_task set state = 'pending' where state = 'claimed';
alter table contact_task drop constraint if exists contact_task_state_check;
alter table contact_task add constraint contact_task_state_check
    check (state in ('pending', 'sending', 'sent', 'delivered', 'failed', 'blocked', 'deferred', 'unknown'));
