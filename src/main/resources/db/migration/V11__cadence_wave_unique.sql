-- A cadence's wave is unique per step and business date: its name carries both ("cadence <step>@d<N> <date>").
-- The scheduler claims each (step, date) in cadence_run before creating the wave, under a session lock; this
-- index is the last guard if two processes ever both believe they hold the step (a lock connection lost
-- mid-pass): the second create fails, and the next pass finds the first wave by its name.
create unique index wave_cadence_name on wave (name) where created_by like 'cadence:%';
