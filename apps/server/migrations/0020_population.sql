-- Population datasets: every committed import of the population grid (or per-building counts) is one version, so an
-- allocation run can record which population it solved. Cells keep the dataset that wrote them (null: the demo
-- loader's synthetic grid) and an optional label (a building's name, a grid cell's id).
CREATE TABLE population_dataset (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_code text NOT NULL REFERENCES region (code),       -- the area whose cells the import replaced
  scope       text NOT NULL,                                -- that area's region-code prefix (cells inside it)
  file_name   text NOT NULL,
  format      text NOT NULL CHECK (format IN ('csv', 'xlsx', 'geojson')),
  sha256      text NOT NULL,
  cells       integer NOT NULL CHECK (cells >= 0),
  people      bigint NOT NULL CHECK (people >= 0),
  replaced    integer NOT NULL CHECK (replaced >= 0),       -- cells of the area removed by the import
  created_by  integer REFERENCES app_user (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX population_dataset_scope_idx ON population_dataset (scope text_pattern_ops, id DESC);

ALTER TABLE population_cell ADD COLUMN dataset_id integer REFERENCES population_dataset (id);
ALTER TABLE population_cell ADD COLUMN label text;

-- Assessment areas (防护片区) beside the jurisdictions: named sets of polygons a planner imports (GeoJSON) to take the
-- balance over, e.g. a plan's 防护分区. region_code is the jurisdiction the set belongs to (its importer's).
CREATE TABLE assessment_area (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_code text NOT NULL REFERENCES region (code),
  set_name    text NOT NULL,
  name        text NOT NULL,
  geom        geometry(MultiPolygon, 4326) NOT NULL CONSTRAINT assessment_area_geom_finite CHECK (geometry_is_finite(geom)),
  created_by  integer REFERENCES app_user (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (region_code, set_name, name)
);
CREATE INDEX assessment_area_geom_idx ON assessment_area USING gist (geom);
CREATE INDEX assessment_area_region_idx ON assessment_area (region_code text_pattern_ops, set_name);
