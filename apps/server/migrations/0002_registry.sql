-- 人防工程 registry core, the siren registry and the population grid (loaded by demo data and importers).
CREATE TABLE work (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code             text NOT NULL UNIQUE,                -- 工程编号, unique within the city
  name             text NOT NULL,
  address          text,
  region_code      text NOT NULL REFERENCES region (code),
  location         geometry(Point, 4326) NOT NULL,
  footprint        geometry(MultiPolygon, 4326),
  construction_form text NOT NULL,
  parent_project   text,                                -- 结建: the building project it belongs to
  work_class       text NOT NULL,
  subtype          text,
  protection_grade text,
  chemical_grade   text,
  year_built       integer CHECK (year_built BETWEEN 1900 AND 2200),
  owner            text,
  management_unit  text,
  contact_name     text,
  contact_phone    text,
  is_public        boolean NOT NULL DEFAULT false,
  lifecycle_state  text NOT NULL DEFAULT 'approved',
  peacetime_use    jsonb NOT NULL DEFAULT '{}'::jsonb,
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_location_idx ON work USING gist (location);
CREATE INDEX work_region_idx ON work (region_code text_pattern_ops);
CREATE INDEX work_class_idx ON work (work_class, lifecycle_state);

-- 防护单元
CREATE TABLE work_unit (
  id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  work_id           integer NOT NULL REFERENCES work (id) ON DELETE CASCADE,
  position          integer NOT NULL,
  name              text NOT NULL,
  gross_area_m2     double precision NOT NULL CHECK (gross_area_m2 >= 0),
  protected_area_m2 double precision NOT NULL CHECK (protected_area_m2 >= 0),
  shelter_area_m2   double precision NOT NULL CHECK (shelter_area_m2 >= 0),
  wartime_function  text,
  protection_grade  text,
  chemical_grade    text,
  blast_units       integer NOT NULL DEFAULT 1 CHECK (blast_units >= 0),
  peacetime_function text,
  parking_spaces    integer NOT NULL DEFAULT 0 CHECK (parking_spaces >= 0),
  UNIQUE (work_id, position)
);

-- 出入口
CREATE TABLE work_entrance (
  id       integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  work_id  integer NOT NULL REFERENCES work (id) ON DELETE CASCADE,
  location geometry(Point, 4326) NOT NULL,
  kind     text NOT NULL,
  width_m  double precision CHECK (width_m > 0)
);
CREATE INDEX work_entrance_work_idx ON work_entrance (work_id);

CREATE TABLE siren (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code            text NOT NULL UNIQUE,
  name            text NOT NULL,
  region_code     text NOT NULL REFERENCES region (code),
  location        geometry(Point, 4326) NOT NULL,
  kind            text NOT NULL,
  rated_power_w   double precision,
  rated_level_db  double precision,
  mount_height_m  double precision,
  host_unit       text,
  installed_year  integer,
  status          text NOT NULL DEFAULT 'online',
  control_channel text NOT NULL DEFAULT 'mqtt',
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX siren_location_idx ON siren USING gist (location);
CREATE INDEX siren_region_idx ON siren (region_code text_pattern_ops);

-- Residents per grid cell (cell centre), for coverage-by-population and shelter planning.
CREATE TABLE population_cell (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_code text NOT NULL REFERENCES region (code),
  location    geometry(Point, 4326) NOT NULL,
  cell_size_m double precision NOT NULL,
  people      integer NOT NULL CHECK (people >= 0)
);
CREATE INDEX population_cell_location_idx ON population_cell USING gist (location);
CREATE INDEX population_cell_region_idx ON population_cell (region_code text_pattern_ops);
