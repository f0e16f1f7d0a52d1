-- Intentionally empty: number 0011 belongs to a branch developed in parallel (the migration runner refuses gaps).
-- Drop this file when that branch's migration is merged.
SELECT 1;
