-- A delivery keeps the MAC of its signed command, not the whole message. The rest of the message is the command's
-- (protocol version, id, action, signal program, issue and expiry times: stored once, on `siren_command`) and the
-- delivery's (terminal, nonce), so the dispatcher rebuilds the very bytes it sent first (siren-protocol.ts
-- `commandMessage`) for a retry or after a restart, with no key needed. Writing 10,000 full messages (~380 bytes
-- each) took about 0.15 s of the ~0.7 s transaction that issues a city-wide command, before any siren heard it.
-- Rows written before keep their `payload`, which the dispatcher still sends as stored.
ALTER TABLE siren_command ADD COLUMN protocol_version integer;
ALTER TABLE siren_command ADD COLUMN program_spec jsonb;
ALTER TABLE siren_command_target ADD COLUMN mac text;
