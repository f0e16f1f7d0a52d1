-- The public quiz counts a test for a school or community picked from the office's list (not typed), so the
-- statistics group one organisation under one name. quiz_org is that list: each organisation sits in a town-level
-- unit (街道/镇) or directly in a district; retired ones stay (results point at them) but are no longer offered.
CREATE TABLE quiz_org (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_code text NOT NULL REFERENCES region (code),
  kind        text NOT NULL CHECK (kind IN ('school', 'community')),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (region_code, kind, name)
);
CREATE INDEX quiz_org_region_idx ON quiz_org (region_code text_pattern_ops);

-- The listed organisation a result counts for (null: a result typed before the list existed, or an organisation
-- not on it; those still group by kind and name).
ALTER TABLE quiz_result ADD COLUMN org_id integer REFERENCES quiz_org (id);
CREATE INDEX quiz_result_org_idx ON quiz_result (org_id);
