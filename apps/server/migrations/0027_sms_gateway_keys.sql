-- The SMS gateway's shared HMAC-SM3 keys, one row per key, rotated as the CAP subscription keys are
-- (docs/decisions/0005): each request is signed under every key that still signs, each entry named by its key id,
-- so the gateway's operator installs a new key within the grace period without a refused message. The configured
-- SMS_GATEWAY_KEY is stored here at start when it is not stored yet; the console's rotation adds keys after that.
CREATE TABLE sms_gateway_key (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- 64 hex digits, SM4-sealed with the field-encryption key: signing needs it back.
  key_sealed  text NOT NULL,
  -- 'configuration': SMS_GATEWAY_KEY as read at a start; 'rotation': made or given in the console.
  source      text NOT NULL CHECK (source IN ('configuration', 'rotation')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  -- Null while the key is current; when a newer key replaces it, the end of its grace period.
  retires_at  timestamptz
);
