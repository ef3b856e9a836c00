-- Click to call rings the collector's own phone first, then bridges to the borrower: each person who
-- places calls needs a number. E.164 only; null means the user cannot place calls.
alter table users add column phone text check (phone is null or phone ~ '^\+[1-9][0-9]{6,14}$');
