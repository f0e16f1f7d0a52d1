-- Outbound CAP pushes: one mechanism, keys with ids that can be rotated.
-- Each subscription's shared HMAC-SM3 keys move to their own table, one row per key: its id is sent with every
-- signature (X-Civdef-Key-Id), and a rotated-out key keeps signing beside the new one until `retires_at` (the grace
-- period in which the receiving agency installs the new key). The older configuration-only pushes
-- (ALERT_AGENCY_WEBHOOKS) become subscriptions at start, marked with the entry they came from so that a restart does
-- not import them again.

CREATE TABLE channel_subscription_key (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subscription_id integer NOT NULL REFERENCES channel_subscription (id),
  -- 64 hex digits, SM4-sealed with the field-encryption key (as the column it replaces): signing needs it back.
  key_sealed      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  -- Null while the key is current; when a newer key replaces it, the end of its grace period.
  retires_at      timestamptz
);
CREATE INDEX channel_subscription_key_sub_idx ON channel_subscription_key (subscription_id, id DESC);

INSERT INTO channel_subscription_key (subscription_id, key_sealed, created_at)
  SELECT id, key_sealed, created_at FROM channel_subscription ORDER BY id;
ALTER TABLE channel_subscription DROP COLUMN key_sealed;

-- 'ALERT_AGENCY_WEBHOOKS:{name}' for a subscription imported from that setting; null for one made in the console.
ALTER TABLE channel_subscription ADD COLUMN imported_from text;
CREATE UNIQUE INDEX channel_subscription_imported_idx ON channel_subscription (imported_from) WHERE imported_from IS NOT NULL;

-- Pushes the old mechanism still owed at the upgrade (its retries last seconds) are not re-sent by the new one:
-- they are closed as failed, saying why, so that the alert's history does not show them pending for ever.
UPDATE alert_delivery SET state = 'failed', last_error = 'superseded: agency pushes are channel subscriptions now (docs/protocols/cap-push.md)', updated_at = now()
  WHERE state = 'pending';

-- Town outlines, apart from the district outlines in region_boundary (which the maps, the scope checks and the
-- planning's region lookup read as districts). Coverage counts area and people per town by these polygons when a
-- town has one (else by the nearest town point). `synthetic`: made up, not surveyed (the demo's Voronoi cells, see
-- packages/demo-data/src/town-boundaries.ts), and said so wherever shown.
CREATE TABLE region_town_boundary (
  code      text PRIMARY KEY REFERENCES region (code) ON DELETE CASCADE,
  geom      geometry(MultiPolygon, 4326) NOT NULL,
  synthetic boolean NOT NULL
);
CREATE INDEX region_town_boundary_geom_idx ON region_town_boundary USING gist (geom);
