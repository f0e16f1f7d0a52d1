-- Planning (人防规划): 留城比例 per assessment area, and allocation runs stored with their parameters, inputs and results
-- so a run can be reproduced and two runs compared. Floats and geometries carry the finite CHECKs of 0004.

-- The share of residents staying in wartime, set per region (town, county or city); absent = the configured default.
CREATE TABLE planning_area_setting (
  region_code text PRIMARY KEY REFERENCES region (code),
  stay_ratio  double precision NOT NULL CHECK (stay_ratio >= 0 AND stay_ratio <= 1),
  source      text,                                      -- where the figure comes from (a plan, a decision)
  updated_by  integer REFERENCES app_user (id),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One allocation of residents to shelter places. region_code is the jurisdiction the run covers (its starter's).
CREATE TABLE allocation_run (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_code  text NOT NULL REFERENCES region (code),
  status       text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  phase        text NOT NULL DEFAULT 'queued',
  params       jsonb NOT NULL,
  inputs       jsonb,                                     -- counts and the SHA-256 of the solved problem
  summary      jsonb,                                     -- people, assigned, unassigned, cost, proof, time
  certificate  jsonb,                                     -- the independent optimality check of the answer
  distance     jsonb,                                     -- walking-distance distribution of assigned people
  error        text,
  created_by   integer REFERENCES app_user (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz
);
CREATE INDEX allocation_run_region_idx ON allocation_run (region_code text_pattern_ops, id DESC);

-- Per shelter: places and people assigned in the run (work_id kept without a foreign key: the run stays readable
-- whatever later happens to the work).
CREATE TABLE allocation_run_shelter (
  run_id      integer NOT NULL REFERENCES allocation_run (id) ON DELETE CASCADE,
  seq         integer NOT NULL,
  work_id     integer,                                    -- null for a shelter added in a what-if
  code        text NOT NULL,
  name        text NOT NULL,
  region_code text NOT NULL REFERENCES region (code),
  location    geometry(Point, 4326) NOT NULL CONSTRAINT allocation_run_shelter_location_finite CHECK (geometry_is_finite(location)),
  capacity    integer NOT NULL CHECK (capacity >= 0),
  assigned    integer NOT NULL CHECK (assigned >= 0),
  PRIMARY KEY (run_id, seq)
);

-- Per demand point (a population cell or a part of one): people staying and how many found no place in reach.
CREATE TABLE allocation_run_demand (
  run_id      integer NOT NULL REFERENCES allocation_run (id) ON DELETE CASCADE,
  seq         integer NOT NULL,
  region_code text NOT NULL REFERENCES region (code),
  location    geometry(Point, 4326) NOT NULL CONSTRAINT allocation_run_demand_location_finite CHECK (geometry_is_finite(location)),
  people      integer NOT NULL CHECK (people >= 0),
  unassigned  integer NOT NULL CHECK (unassigned >= 0),
  PRIMARY KEY (run_id, seq)
);
CREATE INDEX allocation_run_demand_location_idx ON allocation_run_demand USING gist (location);

-- Demand → shelter flows of the optimum, for the lines drawn at high zoom.
CREATE TABLE allocation_run_flow (
  run_id      integer NOT NULL REFERENCES allocation_run (id) ON DELETE CASCADE,
  demand_seq  integer NOT NULL,
  shelter_seq integer NOT NULL,
  region_code text NOT NULL REFERENCES region (code),
  people      integer NOT NULL CHECK (people > 0),
  metres      double precision NOT NULL CONSTRAINT allocation_run_flow_metres_finite CHECK (metres > '-Infinity' AND metres < 'Infinity'),
  PRIMARY KEY (run_id, demand_seq, shelter_seq)
);
