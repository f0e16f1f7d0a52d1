-- Foundation: jurisdictions, users, sessions, the hash-chained audit log, settings.
CREATE EXTENSION IF NOT EXISTS postgis;

-- GB/T 2260 jurisdictions: the city, its counties/districts, towns/streets.
CREATE TABLE region (
  code        text PRIMARY KEY CHECK (code ~ '^[0-9]{6}([0-9]{3})?$'),
  name        text NOT NULL,
  parent_code text REFERENCES region (code),
  level       text NOT NULL CHECK (level IN ('province', 'city', 'county', 'town')),
  centroid    geometry(Point, 4326)
);
CREATE INDEX region_parent_idx ON region (parent_code);

CREATE TABLE region_boundary (
  code text PRIMARY KEY REFERENCES region (code) ON DELETE CASCADE,
  geom geometry(MultiPolygon, 4326) NOT NULL
);
CREATE INDEX region_boundary_geom_idx ON region_boundary USING gist (geom);

CREATE TABLE app_user (
  id                   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username             text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{2,31}$'),
  display_name         text NOT NULL,
  password_hash        text NOT NULL,
  roles                text[] NOT NULL DEFAULT '{}',
  region_code          text NOT NULL REFERENCES region (code),
  must_change_password boolean NOT NULL DEFAULT true,
  -- locked: by an administrator until unlocked; locked_until: automatic lock-out after failures.
  locked               boolean NOT NULL DEFAULT false,
  locked_until         timestamptz,
  failed_attempts      integer NOT NULL DEFAULT 0,
  last_login_at        timestamptz,
  password_changed_at  timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX app_user_region_idx ON app_user (region_code text_pattern_ops);

-- Server-side sessions. The cookie carries a random token; only its SM3 hash is stored.
CREATE TABLE user_session (
  token_hash   text PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz,
  ip           text,
  user_agent   text
);
CREATE INDEX user_session_user_idx ON user_session (user_id);

-- Append-only audit trail. seq is gap-free (assigned under a lock, not from a sequence that a
-- rolled-back transaction would skip), and each row's hash covers the previous row's hash (SM3).
CREATE TABLE audit_log (
  seq         bigint PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor_id    integer,
  actor       text,
  action      text NOT NULL,
  entity_type text,
  entity_id   text,
  region_code text,
  outcome     text NOT NULL CHECK (outcome IN ('success', 'failure')),
  ip          text,
  before      jsonb,
  after       jsonb,
  prev_hash   text NOT NULL,
  hash        text NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_action_idx ON audit_log (action);
CREATE INDEX audit_log_region_idx ON audit_log (region_code text_pattern_ops);

-- The chain's head, so deleting the newest rows is detected too.
CREATE TABLE audit_head (
  id   integer PRIMARY KEY CHECK (id = 1),
  seq  bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

CREATE TABLE app_setting (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
