-- A city-wide command writes 10,000 delivery rows in its transaction, and its reports 10,000 state-history lines:
-- every row paid a foreign-key check, a lookup with a row lock on the row it names, for facts the writing statement
-- already holds. Measured with 10,000 sirens (a throw-away script, rounds 2 and 3 of two runs with and two without,
-- 2026-12-06), without the deliveries' check of their command — the one row inserted just before, in the same
-- transaction — and the history's checks of siren and region:
--  - the embedded database: inserting the deliveries 345–364 → 270–324 ms, writing 10,000 reports 848–937 → 723–783 ms;
--  - PostgreSQL 15: inserting 212–233 → 166–186 ms, writing 10,000 reports 459–472 → 383–403 ms.
-- What the checks guarded still holds without them:
--  - deliveries are written only by the control service, in the transaction that inserts their command, and no
--    command is ever deleted; their check of the siren stays (a siren sent a command cannot be deleted);
--  - every history line is taken from its siren's row, locked or written by the same transaction (a report's batch
--    locks its sirens first, a state change updates the row), with the siren's own region; deleting a siren deletes
--    its history (sirens.repository `deleteSiren`), as the cascade did.
ALTER TABLE siren_command_target DROP CONSTRAINT siren_command_target_command_id_fkey;
ALTER TABLE siren_status_event DROP CONSTRAINT siren_status_event_siren_id_fkey;
ALTER TABLE siren_status_event DROP CONSTRAINT siren_status_event_region_code_fkey;
