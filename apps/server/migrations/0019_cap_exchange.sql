-- CAP exchange with other agencies and the other channels of an alert.
-- In: sources (an agency pushing to us with its API key, and/or a feed we poll) and the CAP documents received
-- from them, each stored whole after it was checked (never half-stored), listed for the duty officer who may relay
-- one to the sirens as a draft alert (the two-person rule then applies).
-- Out: agencies subscribed to our CAP documents (signed HTTP POST) and SMS recipient lists per region, with one
-- delivery row per target written in the alert's own transaction (the outbox a dispatcher sends from).

CREATE TABLE cap_source (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name           text NOT NULL,
  region_code    text NOT NULL REFERENCES region (code),
  -- SM3 of the source's API key (shown once when made); null when the source only has a feed we poll.
  key_hash       text UNIQUE,
  feed_url       text,
  interval_s     integer NOT NULL DEFAULT 300 CHECK (interval_s BETWEEN 30 AND 86400),
  active         boolean NOT NULL DEFAULT true,
  last_polled_at timestamptz,
  last_error     text,
  received       integer NOT NULL DEFAULT 0,
  refused        integer NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT now(),
  version        integer NOT NULL DEFAULT 1
);
CREATE INDEX cap_source_region_idx ON cap_source (region_code text_pattern_ops);

CREATE TABLE cap_incoming (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_id        integer NOT NULL REFERENCES cap_source (id),
  region_code      text NOT NULL,
  identifier       text NOT NULL,
  sender           text NOT NULL,
  sent             text NOT NULL,
  sent_at          timestamptz NOT NULL,
  status           text NOT NULL,
  msg_type         text NOT NULL,
  scope            text NOT NULL,
  event            text,
  headline         text,
  severity         text,
  urgency          text,
  area_desc        text,
  expires_at       timestamptz,
  parsed           jsonb NOT NULL,
  xml              text NOT NULL,
  received_at      timestamptz NOT NULL DEFAULT now(),
  relayed_alert_id integer,
  relayed_by_name  text,
  relayed_at       timestamptz,
  -- CAP's own identity of a message: a document received twice (pushed and polled) is stored once.
  UNIQUE (sender, identifier, sent)
);
CREATE INDEX cap_incoming_region_idx ON cap_incoming (region_code text_pattern_ops, received_at DESC);

CREATE TABLE channel_subscription (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL,
  url         text NOT NULL,
  -- The shared HMAC-SM3 key (64 hex digits), SM4-sealed with the field-encryption key: signing needs it back.
  key_sealed  text NOT NULL,
  region_code text NOT NULL REFERENCES region (code),
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  version     integer NOT NULL DEFAULT 1
);
CREATE INDEX channel_subscription_region_idx ON channel_subscription (region_code text_pattern_ops);

CREATE TABLE sms_recipient_list (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name         text NOT NULL,
  region_code  text NOT NULL REFERENCES region (code),
  -- The phone numbers (JSON array), SM4-sealed: personal data.
  phones_sealed text NOT NULL,
  phone_count  integer NOT NULL,
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  version      integer NOT NULL DEFAULT 1
);
CREATE INDEX sms_recipient_list_region_idx ON sms_recipient_list (region_code text_pattern_ops);

CREATE TABLE channel_delivery (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id     integer NOT NULL,
  identifier   text NOT NULL,
  channel      text NOT NULL CHECK (channel IN ('agency', 'sms')),
  target_id    integer NOT NULL,
  target_name  text NOT NULL,
  region_code  text NOT NULL,
  -- What is sent, fixed when written: the CAP document for an agency, the message text for SMS.
  payload      text NOT NULL,
  state        text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts     integer NOT NULL DEFAULT 0,
  last_status  integer,
  last_error   text,
  next_at      timestamptz NOT NULL DEFAULT now(),
  created_at   timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX channel_delivery_alert_idx ON channel_delivery (alert_id, id);
CREATE INDEX channel_delivery_due_idx ON channel_delivery (next_at) WHERE state = 'pending';
