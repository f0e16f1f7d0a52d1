-- Zoning (建设管控): the 结建 rule table per jurisdiction with effective dates, 控规 parcels, and the 易地统筹 pooling
-- ledger. Money is integer 分 (bigint); floats carry a CHECK named <table>_<column>_finite like those of 0004 (a
-- comparison with a bound refuses NaN and ±Infinity, which PostgreSQL orders above every number).

-- One version of a jurisdiction's building rule. region_code '000000' is the national baseline (no region row), any
-- other a GB/T 2260 code whose subtree the rule covers; versions of one region never overlap (the service refuses it
-- under a lock on the region's versions, since PGlite has no btree_gist for an exclusion constraint).
CREATE TABLE building_rule (
  id                     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code                   text NOT NULL UNIQUE,
  region_code            text NOT NULL CHECK (region_code ~ '^[0-9]{6}([0-9]{3})?$'),
  valid_from             date NOT NULL,
  valid_to               date,
  basis                  text NOT NULL,
  source                 text NOT NULL,
  high_rise_storeys      integer NOT NULL CHECK (high_rise_storeys BETWEEN 1 AND 200),
  deep_foundation_m      double precision NOT NULL CONSTRAINT building_rule_deep_foundation_m_finite CHECK (deep_foundation_m BETWEEN 0 AND 200),
  min_above_ground_m2    double precision NOT NULL CONSTRAINT building_rule_min_above_ground_m2_finite CHECK (min_above_ground_m2 BETWEEN 0 AND 10000000),
  ratio                  double precision NOT NULL CONSTRAINT building_rule_ratio_finite CHECK (ratio BETWEEN 0 AND 1),
  residential_ground_floor boolean NOT NULL,
  grade                  text NOT NULL,
  fee_fen_per_m2         bigint CHECK (fee_fen_per_m2 BETWEEN 0 AND 100000000),
  fee_basis              text,
  reductions             jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_by             integer REFERENCES app_user (id),
  created_at             timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX building_rule_region_idx ON building_rule (region_code, valid_from);

-- The seeded table: the domain's BUILDING_RULES (packages/domain/src/building-rules.ts), row for row; a module test
-- fails when the two differ. The local rate is the domain's example, labelled as such until a city replaces it.
INSERT INTO building_rule (code, region_code, valid_from, valid_to, basis, source, high_rise_storeys, deep_foundation_m, min_above_ground_m2, ratio,
                           residential_ground_floor, grade, fee_fen_per_m2, fee_basis, reductions) VALUES
  ('national-2003-18', '000000', '2003-01-01', NULL, '国人防办字〔2003〕18号 第45–47条', '国家基准（内置）', 10, 3, 2000, 0.05, true, '核6B级', NULL, NULL, '[]'),
  ('example-local-rate', '320600', '2014-01-01', NULL, '国人防办字〔2003〕18号 第45–47条（结建标准沿用国家基准）', '示例（内置，待替换为本地文件）', 10, 3, 2000, 0.05, true, '核6B级',
   200000, '示例费率 2000 元/m²（浙江某县，约2014年；待核实，请替换为本地文件）',
   '[{"code":"affordable_housing","zh":"保障性住房减免","en":"Affordable housing waiver","share":1,"basis":"示例：保障性住房免征（待核实）"},
     {"code":"small_business","zh":"小微企业下浮50%","en":"Small business: 50 % off","share":0.5,"basis":"示例：小微企业减半（待核实）"}]');

-- A parcel (地块) of the 控规 with its civil-defence indicators.
CREATE TABLE parcel (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_code      text NOT NULL REFERENCES region (code),
  code             text NOT NULL UNIQUE,
  name             text NOT NULL,
  land_use         text,
  area_m2          double precision CONSTRAINT parcel_area_m2_finite CHECK (area_m2 BETWEEN 0 AND 100000000),
  required_m2      double precision NOT NULL CONSTRAINT parcel_required_m2_finite CHECK (required_m2 BETWEEN 0 AND 10000000),
  pooling_allowed  boolean NOT NULL DEFAULT false,
  plan_ref         text,                                  -- the 控规 document the indicators come from
  boundary         geometry(MultiPolygon, 4326) CONSTRAINT parcel_boundary_finite CHECK (geometry_is_finite(boundary)),
  synthetic        boolean NOT NULL DEFAULT false,        -- demo data, shown as such
  created_by       integer REFERENCES app_user (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX parcel_region_idx ON parcel (region_code text_pattern_ops);
CREATE INDEX parcel_boundary_idx ON parcel USING gist (boundary);

-- The 易地统筹 ledger: area of a parcel's requirement pooled into a central work, with the money it saved.
CREATE TABLE parcel_pooling (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_code        text NOT NULL REFERENCES region (code),  -- the parcel's
  parcel_id          integer NOT NULL REFERENCES parcel (id),
  work_id            integer NOT NULL REFERENCES work (id),
  area_m2            double precision NOT NULL CONSTRAINT parcel_pooling_area_m2_finite CHECK (area_m2 > 0 AND area_m2 <= 10000000),
  pooled_on          date NOT NULL,
  saving_fen_per_m2  bigint NOT NULL CHECK (saving_fen_per_m2 BETWEEN 0 AND 100000000),
  saved_fen          bigint NOT NULL CHECK (saved_fen >= 0),
  basis              text NOT NULL,
  reference          text,
  synthetic          boolean NOT NULL DEFAULT false,
  created_by         integer REFERENCES app_user (id),
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX parcel_pooling_region_idx ON parcel_pooling (region_code text_pattern_ops);
CREATE INDEX parcel_pooling_parcel_idx ON parcel_pooling (parcel_id);
CREATE INDEX parcel_pooling_work_idx ON parcel_pooling (work_id);
