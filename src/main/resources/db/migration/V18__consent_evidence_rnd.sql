-- US texts that can lawfully go (issue 12, point 6): consent evidence per number and the reassigned-numbers
-- database (RND) check the text safe harbor and REASSIGNED_NUMBER read.
--
-- Consent evidence is a consent row (purpose automated_contact, the number's contact point, every channel)
-- carrying the kind of evidence: TCPA prior express consent for that number, and the date the text safe harbor
-- counts from. Recording the same evidence twice (an import run again) writes it once.
alter table consent
    add column evidence_kind text check (evidence_kind in ('written', 'oral', 'electronic', 'provided_number'));
alter table consent
    add constraint consent_evidence_has_point check (evidence_kind is null or contact_point_id is not null);
create unique index consent_evidence_once on consent (contact_point_id, evidence_kind, source, granted_at)
    where evidence_kind is not null;

-- The last RND check of a number: rnd_checked_at, rnd_result, rnd_proof (V2), the date it asked about
-- ("permanently disconnected since?") and who recorded it (import, api:<user>, rnd-job).
alter table contact_point
    add column rnd_since  date,
    add column rnd_source text;
-- The nightly job's scan: US phone numbers by id (keyset), oldest checks found through it.
create index contact_point_us_phones on contact_point (id) where value like '+1%' and kind <> 'email';
