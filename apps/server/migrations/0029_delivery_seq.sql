-- The live view of a command reads only what changed: every write of a delivery row takes the next number of one
-- sequence, so "the rows of command X changed after cursor N" is an index range. Writers of these rows take one
-- transaction-level advisory lock first (control.repository.ts `orderDeliveryWrites`), so the numbers are handed out
-- in commit order and a reader that has seen N never later meets a committed row numbered below N.
CREATE SEQUENCE siren_command_target_seq;
ALTER TABLE siren_command_target ADD COLUMN seq bigint NOT NULL DEFAULT nextval('siren_command_target_seq');
CREATE INDEX siren_command_target_seq_idx ON siren_command_target (command_id, seq);
-- When a delivery was flagged unreachable: no report within the configured time (10 s) of its first send. Kept after
-- a late answer, so the view can say the terminal was late.
ALTER TABLE siren_command_target ADD COLUMN unreachable_at timestamptz;
