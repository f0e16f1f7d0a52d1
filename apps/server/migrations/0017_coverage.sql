-- Siren coverage runs (警报覆盖率): jobs stored with their parameters (sound model and its source, threshold, cell size,
-- which sirens, what-if changes), the SHA-256 of their inputs, and results per district and town, the uncovered areas
-- and the suggested sites. Floats and geometries carry the finite CHECKs of 0004.

CREATE TABLE coverage_run (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_code  text NOT NULL REFERENCES region (code),     -- the jurisdiction the run covers (its starter's)
  scope        text NOT NULL,                             -- its code prefix (city 320600 → 3206): who may see the run
  status       text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  phase        text NOT NULL DEFAULT 'queued',
  base_run_id  integer REFERENCES coverage_run (id) ON DELETE SET NULL,   -- the run a what-if is compared with
  params       jsonb NOT NULL,
  inputs       jsonb,                                     -- counts and the SHA-256 of everything the engine was given
  summary      jsonb,
  error        text,
  created_by   integer REFERENCES app_user (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz
);
CREATE INDEX coverage_run_scope_idx ON coverage_run (scope text_pattern_ops, id DESC);

-- Per area (the jurisdiction, its districts, their towns): area and people, and how much of each is covered.
CREATE TABLE coverage_run_area (
  run_id          integer NOT NULL REFERENCES coverage_run (id) ON DELETE CASCADE,
  region_code     text NOT NULL REFERENCES region (code),
  name            text NOT NULL,
  level           text NOT NULL,
  area_m2         double precision NOT NULL CONSTRAINT coverage_run_area_area_m2_finite CHECK (area_m2 >= 0 AND area_m2 < 'Infinity'),
  covered_area_m2 double precision NOT NULL CONSTRAINT coverage_run_area_covered_area_m2_finite CHECK (covered_area_m2 >= 0 AND covered_area_m2 < 'Infinity'),
  people          double precision NOT NULL CONSTRAINT coverage_run_area_people_finite CHECK (people >= 0 AND people < 'Infinity'),
  covered_people  double precision NOT NULL CONSTRAINT coverage_run_area_covered_people_finite CHECK (covered_people >= 0 AND covered_people < 'Infinity'),
  target_percent  double precision CONSTRAINT coverage_run_area_target_percent_finite CHECK (target_percent >= 0 AND target_percent <= 100),
  PRIMARY KEY (run_id, region_code)
);

-- The uncovered areas, one polygon per connected piece inside one district, with their area and people.
CREATE TABLE coverage_run_uncovered (
  run_id      integer NOT NULL REFERENCES coverage_run (id) ON DELETE CASCADE,
  seq         integer NOT NULL,
  region_code text NOT NULL REFERENCES region (code),
  area_m2     double precision NOT NULL CONSTRAINT coverage_run_uncovered_area_m2_finite CHECK (area_m2 >= 0 AND area_m2 < 'Infinity'),
  people      double precision NOT NULL CONSTRAINT coverage_run_uncovered_people_finite CHECK (people >= 0 AND people < 'Infinity'),
  geometry    geometry(Polygon, 4326) NOT NULL CONSTRAINT coverage_run_uncovered_geometry_finite CHECK (geometry_is_finite(geometry)),
  PRIMARY KEY (run_id, seq)
);

-- The sirens the run counted (existing ones by id, what-if additions without), with the audible radius at the threshold.
CREATE TABLE coverage_run_siren (
  run_id      integer NOT NULL REFERENCES coverage_run (id) ON DELETE CASCADE,
  seq         integer NOT NULL,
  siren_id    integer,                                    -- no foreign key: the run stays readable whatever happens to the siren
  code        text NOT NULL,
  name        text NOT NULL,
  region_code text NOT NULL REFERENCES region (code),
  location    geometry(Point, 4326) NOT NULL CONSTRAINT coverage_run_siren_location_finite CHECK (geometry_is_finite(location)),
  level_db    double precision NOT NULL CONSTRAINT coverage_run_siren_level_db_finite CHECK (level_db > 0 AND level_db < 250),
  reference_distance_m double precision NOT NULL CONSTRAINT coverage_run_siren_reference_distance_m_finite CHECK (reference_distance_m > 0 AND reference_distance_m < 'Infinity'),
  radius_m    double precision NOT NULL CONSTRAINT coverage_run_siren_radius_m_finite CHECK (radius_m >= 0 AND radius_m < 'Infinity'),
  PRIMARY KEY (run_id, seq)
);

-- Suggested new sites: `target` = the fewest to reach the target, `best_k` = the best k; in the order chosen.
CREATE TABLE coverage_run_site (
  run_id      integer NOT NULL REFERENCES coverage_run (id) ON DELETE CASCADE,
  goal        text NOT NULL CHECK (goal IN ('target', 'best_k')),
  rank        integer NOT NULL,
  region_code text NOT NULL REFERENCES region (code),
  location    geometry(Point, 4326) NOT NULL CONSTRAINT coverage_run_site_location_finite CHECK (geometry_is_finite(location)),
  people_new  double precision NOT NULL CONSTRAINT coverage_run_site_people_new_finite CHECK (people_new >= 0 AND people_new < 'Infinity'),
  PRIMARY KEY (run_id, goal, rank)
);
