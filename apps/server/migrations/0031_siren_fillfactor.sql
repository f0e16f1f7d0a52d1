-- Siren rows are rewritten often — a state change for every activation report (a city-wide alert changes 10,000 at
-- once), the last-heard time of every heartbeat — and a row rewritten where its page has no room goes to another page
-- with a new entry in each of the table's indexes (its GiST index of locations the dearest). Room left in each page
-- lets a state change stay on its page with no index touched (a heap-only update): with it, recording the reports of
-- 10,000 sirens took about a sixth less of the database's time (apps/server/bench/sirens.bench.ts). Pages written
-- from now on keep the room; the pages of an existing table gain it as their rows are rewritten.
ALTER TABLE siren SET (fillfactor = 70);
