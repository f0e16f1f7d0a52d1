-- Warning: the siren registry in full (contact, terminal, reference distance, state history), custom siren groups,
-- fault tickets, and remote commands with their per-siren delivery (the outbox the dispatcher sends from).

ALTER TABLE siren
  ADD COLUMN reference_distance_m double precision,
  ADD COLUMN contact_name   text,
  -- 联系电话: only ever the sm4:v1:… form of lib/field-crypto.ts (context 'siren.contact_phone').
  ADD COLUMN contact_phone  text,
  -- The terminal's id on the control network (its MQTT topic); NULL for a siren without a remote terminal.
  ADD COLUMN terminal_id    text,
  -- The terminal's HMAC-SM3 command key, SM4-encrypted (context 'siren.terminal_key'); never leaves the server
  -- except once, to whoever provisions the terminal.
  ADD COLUMN terminal_key   text,
  ADD COLUMN version        integer NOT NULL DEFAULT 1,
  ADD COLUMN status_changed_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE siren ADD CONSTRAINT siren_reference_distance_m_finite CHECK (reference_distance_m > 0 AND reference_distance_m < 'Infinity');
ALTER TABLE siren ADD CONSTRAINT siren_status_known CHECK (status IN ('online', 'offline', 'sounding', 'fault', 'maintenance'));
CREATE UNIQUE INDEX siren_terminal_id_key ON siren (terminal_id) WHERE terminal_id IS NOT NULL;

-- Every change of a siren's state: who or what changed it, when, why.
CREATE TABLE siren_status_event (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  siren_id    integer NOT NULL REFERENCES siren (id) ON DELETE CASCADE,
  region_code text NOT NULL REFERENCES region (code),
  from_status text,
  to_status   text NOT NULL,
  reason      text,
  actor_id    integer,
  actor       text,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX siren_status_event_siren_idx ON siren_status_event (siren_id, at DESC);

-- Custom groups (群控): any sirens of the owner's jurisdiction. Groups by region need no table: a region code
-- is a prefix of its sirens' codes.
CREATE TABLE siren_group (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL,
  region_code text NOT NULL REFERENCES region (code),
  description text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (region_code, name)
);
CREATE INDEX siren_group_region_idx ON siren_group (region_code text_pattern_ops);
CREATE TABLE siren_group_member (
  group_id integer NOT NULL REFERENCES siren_group (id) ON DELETE CASCADE,
  siren_id integer NOT NULL REFERENCES siren (id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, siren_id)
);
CREATE INDEX siren_group_member_siren_idx ON siren_group_member (siren_id);

-- Fault tickets (故障工单), report to repair.
CREATE TABLE siren_fault (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  siren_id     integer NOT NULL REFERENCES siren (id) ON DELETE CASCADE,
  region_code  text NOT NULL REFERENCES region (code),
  category     text NOT NULL,
  description  text NOT NULL,
  state        text NOT NULL DEFAULT 'reported' CHECK (state IN ('reported', 'repairing', 'repaired', 'cancelled')),
  deadline     timestamptz NOT NULL,
  reported_by  text,
  reported_at  timestamptz NOT NULL DEFAULT now(),
  assignee     text,
  resolution   text,
  resolved_at  timestamptz,
  version      integer NOT NULL DEFAULT 1
);
CREATE INDEX siren_fault_siren_idx ON siren_fault (siren_id);
CREATE INDEX siren_fault_region_idx ON siren_fault (region_code text_pattern_ops);
CREATE INDEX siren_fault_open_idx ON siren_fault (deadline) WHERE state IN ('reported', 'repairing');

-- A command to sirens (sound a program, stop, self-test). `id` is the client's idempotency key and the id the
-- terminals see; `region_code` is the issuer's jurisdiction (who may see the command).
CREATE TABLE siren_command (
  id          uuid PRIMARY KEY,
  action      text NOT NULL CHECK (action IN ('sound', 'stop', 'self_test')),
  program     text,
  target      jsonb NOT NULL,
  region_code text NOT NULL REFERENCES region (code),
  issued_by   integer,
  issued_by_name text,
  issued_at   timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX siren_command_region_idx ON siren_command (region_code text_pattern_ops, issued_at DESC);

-- Per siren of a command: the signed message sent (so a retry sends the same bytes), the delivery state and times.
-- Rows still `pending`/`sent` of unexpired commands are the outbox a restarted server resumes.
CREATE TABLE siren_command_target (
  command_id  uuid NOT NULL REFERENCES siren_command (id),
  siren_id    integer NOT NULL REFERENCES siren (id),
  region_code text NOT NULL,
  terminal_id text,
  nonce       text NOT NULL,
  payload     text,
  state       text NOT NULL CHECK (state IN ('pending', 'sent', 'accepted', 'finished', 'rejected', 'failed', 'skipped')),
  attempts    integer NOT NULL DEFAULT 0,
  reason      text,
  sent_at     timestamptz,
  accepted_at timestamptz,
  finished_at timestamptz,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (command_id, siren_id)
);
CREATE INDEX siren_command_target_open_idx ON siren_command_target (state) WHERE state IN ('pending', 'sent');
CREATE INDEX siren_command_target_siren_idx ON siren_command_target (siren_id);

-- Alerts (警报发布): drafted by one duty officer, confirmed by a second (two-person rule), then issued to every
-- channel at once: siren commands for the area (written with the alert: the outbox), a CAP 1.2 document on the
-- public feed, and pushes to subscribed agencies.
CREATE TABLE alert (
  id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind              text NOT NULL CHECK (kind IN ('air_raid', 'disaster', 'exercise', 'test')),
  program           text NOT NULL,
  area              jsonb NOT NULL,
  area_desc         text NOT NULL,
  headline          text NOT NULL,
  message_zh        text NOT NULL,
  message_en        text,
  instruction_zh    text,
  state             text NOT NULL DEFAULT 'awaiting_confirmation' CHECK (state IN ('awaiting_confirmation', 'issued', 'cleared', 'cancelled')),
  region_code       text NOT NULL REFERENCES region (code),
  drafted_by        integer,
  drafted_by_name   text,
  drafted_at        timestamptz NOT NULL DEFAULT now(),
  confirmed_by      integer,
  confirmed_by_name text,
  issued_at         timestamptz,
  command_id        uuid,
  cleared_by_name   text,
  cleared_at        timestamptz,
  clear_command_id  uuid,
  version           integer NOT NULL DEFAULT 1
);
CREATE INDEX alert_region_idx ON alert (region_code text_pattern_ops, drafted_at DESC);

-- Every CAP document published (the issue, the all-clear), exactly as sent; `summary` is the public JSON view.
CREATE TABLE alert_message (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id    integer NOT NULL REFERENCES alert (id),
  identifier  text NOT NULL UNIQUE,
  msg_type    text NOT NULL,
  status      text NOT NULL,
  sent        timestamptz NOT NULL,
  xml         text NOT NULL,
  summary     jsonb NOT NULL,
  region_code text NOT NULL
);
CREATE INDEX alert_message_sent_idx ON alert_message (sent DESC);

-- Each push of a CAP document to a subscribed agency, with its outcome.
CREATE TABLE alert_delivery (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id  integer NOT NULL REFERENCES alert_message (id),
  channel     text NOT NULL,
  url         text NOT NULL,
  state       text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts    integer NOT NULL DEFAULT 0,
  last_status integer,
  last_error  text,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_delivery_open_idx ON alert_delivery (state) WHERE state = 'pending';
