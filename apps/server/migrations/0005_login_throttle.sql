-- Sign-in throttling replaces the automatic account lock-out. Five wrong passwords used to lock any account
-- (an administrator's too) for everyone and end its sessions: a weapon anyone could fire. Now failures slow down
-- the address that makes them and, past a threshold, ask every address for a proof-of-work challenge; only an
-- administrator's explicit lock (app_user.locked) keeps an account out.
--
-- Keys are the SM3 hash of the user name as typed, known or not, so unknown names are throttled exactly like
-- real ones (no answer tells who exists) and a password typed into the name field is never stored in clear.

-- Failures of one name from one client address: the growing delay.
CREATE TABLE login_throttle (
  account_key     text NOT NULL,
  ip              text NOT NULL,
  failures        integer NOT NULL CHECK (failures >= 0),
  last_failure_at timestamptz NOT NULL,
  blocked_until   timestamptz,
  PRIMARY KEY (account_key, ip)
);
CREATE INDEX login_throttle_last_idx ON login_throttle (last_failure_at);

-- Failures of one name from any address: past the threshold, sign-in to it needs a solved challenge.
CREATE TABLE login_failure (
  account_key     text PRIMARY KEY,
  failures        integer NOT NULL CHECK (failures >= 0),
  last_failure_at timestamptz NOT NULL
);
CREATE INDEX login_failure_last_idx ON login_failure (last_failure_at);

-- Issued proof-of-work challenges, bound to a name; used_at makes each one good for a single attempt.
CREATE TABLE login_challenge (
  id          text PRIMARY KEY,
  account_key text NOT NULL,
  bits        integer NOT NULL CHECK (bits BETWEEN 1 AND 32),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX login_challenge_expires_idx ON login_challenge (expires_at);

-- The automatic lock-out is gone: its columns go with it (a lock-out running at upgrade ends here).
ALTER TABLE app_user DROP COLUMN locked_until, DROP COLUMN failed_attempts;
COMMENT ON COLUMN app_user.locked IS 'locked by an administrator (or the CLI) until unlocked; the only lock there is';
