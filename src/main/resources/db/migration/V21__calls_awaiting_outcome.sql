-- A collector's calls, newest first: the desk lists those still awaiting an outcome (GET /api/calls/awaiting-outcome).
create index contact_task_click_by on contact_task (created_by, id) where template = 'click-to-call';
