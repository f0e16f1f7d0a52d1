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
