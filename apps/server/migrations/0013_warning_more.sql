-- Warning, continued: follow-ups to an issued alert under the two-person rule (解除警报 as a CAP Update, a CAP Cancel
-- that silences the sirens of an alert issued in error, a CAP Update of the text), each requested by one duty officer
-- and carried out only on another's confirmation.

CREATE TABLE alert_follow_up (
  id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id          integer NOT NULL REFERENCES alert (id),
  kind              text NOT NULL CHECK (kind IN ('all_clear', 'cancel', 'update')),
  state             text NOT NULL DEFAULT 'awaiting_confirmation' CHECK (state IN ('awaiting_confirmation', 'done', 'withdrawn')),
  -- Why (required for a cancel: the public is told why the alert no longer stands).
  reason            text,
  -- The new text of an update (NULL: unchanged); unused by the other kinds.
  headline          text,
  message_zh        text,
  message_en        text,
  instruction_zh    text,
  region_code       text NOT NULL REFERENCES region (code),
  requested_by      integer,
  requested_by_name text,
  requested_at      timestamptz NOT NULL DEFAULT now(),
  decided_by        integer,
  decided_by_name   text,
  decided_at        timestamptz,
  -- What carrying it out sent: the siren command (all-clear: 解除警报; cancel: stop) and the CAP message.
  command_id        uuid,
  identifier        text
);
-- One follow-up at a time per alert: a second request waits until the first is confirmed or withdrawn.
CREATE UNIQUE INDEX alert_follow_up_one_open ON alert_follow_up (alert_id) WHERE state = 'awaiting_confirmation';
CREATE INDEX alert_follow_up_alert_idx ON alert_follow_up (alert_id, id);

-- Test days (试鸣, e.g. 9·18 at 10:00, 10:08, 10:16 with the three signals): a campaign of steps sent to a set of
-- sirens through the signed control path, field observers' reports, and the per-siren result frozen when the
-- campaign is closed (so the report reads the same every time it is opened, and its fault tickets are opened once).
CREATE TABLE siren_test (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name             text NOT NULL,
  region_code      text NOT NULL REFERENCES region (code),
  target           jsonb NOT NULL,
  state            text NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'running', 'finished', 'cancelled')),
  created_by       integer,
  created_by_name  text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  finished_by_name text,
  finished_at      timestamptz,
  version          integer NOT NULL DEFAULT 1
);
CREATE INDEX siren_test_region_idx ON siren_test (region_code text_pattern_ops, created_at DESC);

-- One signal of a campaign at its time. `command_id` is chosen when the step is scheduled: the command's idempotency
-- key, so a step issued twice (a crash between issue and bookkeeping, two servers) is still one command.
CREATE TABLE siren_test_step (
  test_id    integer NOT NULL REFERENCES siren_test (id) ON DELETE CASCADE,
  seq        integer NOT NULL,
  program    text NOT NULL,
  at         timestamptz NOT NULL,
  command_id uuid NOT NULL UNIQUE,
  issued_at  timestamptz,
  -- Why the step could not be issued (its sirens were all removed, no control network): it is not retried.
  error      text,
  PRIMARY KEY (test_id, seq)
);
CREATE INDEX siren_test_step_due_idx ON siren_test_step (at) WHERE issued_at IS NULL;

-- A field observer's report during a test: heard / not heard / weak, where they stood, about which siren.
CREATE TABLE siren_test_observation (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  test_id     integer NOT NULL REFERENCES siren_test (id) ON DELETE CASCADE,
  siren_id    integer NOT NULL REFERENCES siren (id),
  region_code text NOT NULL REFERENCES region (code),
  result      text NOT NULL CHECK (result IN ('heard', 'not_heard', 'weak')),
  location    geometry(Point, 4326),
  distance_m  double precision,
  note        text,
  observer_id integer,
  observer    text,
  at          timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE siren_test_observation ADD CONSTRAINT siren_test_observation_location_finite CHECK (geometry_is_finite(location));
ALTER TABLE siren_test_observation ADD CONSTRAINT siren_test_observation_distance_m_finite CHECK (distance_m > '-Infinity' AND distance_m < 'Infinity');
CREATE INDEX siren_test_observation_test_idx ON siren_test_observation (test_id, siren_id);

-- Each siren's result, written once when the campaign is closed.
CREATE TABLE siren_test_result (
  test_id     integer NOT NULL REFERENCES siren_test (id) ON DELETE CASCADE,
  siren_id    integer NOT NULL REFERENCES siren (id),
  region_code text NOT NULL REFERENCES region (code),
  outcome     text NOT NULL CHECK (outcome IN ('working', 'weak', 'failed', 'unverified')),
  cause       text,
  steps       jsonb NOT NULL,
  heard       integer NOT NULL DEFAULT 0,
  not_heard   integer NOT NULL DEFAULT 0,
  weak        integer NOT NULL DEFAULT 0,
  fault_id    integer REFERENCES siren_fault (id),
  PRIMARY KEY (test_id, siren_id)
);

-- Presence: when the platform last heard a verified heartbeat (or retained state) from the siren's terminal, and the
-- state the terminal said it was in. A siren heard once and then silent past SIREN_HEARTBEAT_TIMEOUT_MS is shown
-- offline (unreachable), with the change in its state history; never heard stays as registered.
ALTER TABLE siren
  ADD COLUMN last_seen_at   timestamptz,
  ADD COLUMN terminal_state text CHECK (terminal_state IN ('idle', 'sounding', 'fault'));
CREATE INDEX siren_last_seen_idx ON siren (last_seen_at) WHERE last_seen_at IS NOT NULL;
