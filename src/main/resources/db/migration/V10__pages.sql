-- What the web pages read besides what the API already indexes.

-- The collector's desk: "my cases", most overdue first (GET /api/cases for a collector).
create index collection_case_collector on collection_case (assigned_collector, days_past_due desc, id desc)
    where assigned_collector is not null;

-- A recording is opened by its sid (GET /api/recordings/{sid}); only recording events are indexed.
create index provider_event_recording on provider_event ((detail->>'recordingSid')) where kind = 'recording';
