-- The presence sweep writes every heard terminal's last-heard time each second (10,000 terminals beating every 5 s:
-- 2,000 rows a second). An index on that column made every one of those writes a new row version with an entry in
-- each of the siren table's six indexes (its GiST index of locations the dearest), room on the page or not: none was
-- heap-only. The index served one query, the sweep's look for silent terminals, which reads the table as fast without
-- it (10,000 sirens on the embedded database: 3.6–3.8 ms either way). Without it, 87 % of those writes are heap-only
-- and a sweep of 2,000 costs the database 42–43 ms instead of 82–83 ms. `presence.module.test.ts` keeps the columns
-- the sweep writes out of every index.
DROP INDEX IF EXISTS siren_last_seen_idx;
