-- V34 wrote the ledger's months in one transaction; their statistics come only when autovacuum gets to them, and until
-- then the planner guesses. Measured on 27 M ledger rows (docs/volume.md): straight after V34 the dispatcher ran at a
-- fifth of its speed and the monthly report took 8 s; after this ANALYZE (9 s there), 0.88 of an empty database's
-- speed and 1.7 s. After upgrading, also run VACUUM on contact_attempt (it cannot run inside a migration) so the
-- gate's read of recent contacts is index-only again (README, Gotchas).
analyze contact_attempt;
