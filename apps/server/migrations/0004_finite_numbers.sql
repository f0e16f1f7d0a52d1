-- Every stored number and coordinate is finite: the second line behind request validation.
--
-- double precision and numeric hold NaN and ±Infinity, and PostGIS stores a point at (Infinity, 32) without
-- complaint; such a value breaks every later reading of its row (JSON has no Infinity, distances and sorting turn
-- to NaN). The API refuses them at the edge; these constraints make sure no other path (an importer, a bulk load,
-- a future route) can store one either. A violation answers 400 naming the column (constraint `<table>_<column>_finite`).
--
-- `x > '-Infinity' AND x < 'Infinity'` is false for both infinities and for NaN (PostgreSQL orders NaN above
-- every number) and true for NULL, so optional columns stay optional.

-- True when every vertex of `g` has finite coordinates (or `g` is NULL). ST_X/ST_Y answer NULL for a non-finite
-- vertex, and bounding-box functions skip such vertices, so each vertex is looked at. ST_IsValid is not used here:
-- it would also refuse self-intersecting polygons, a separate rule with its own error for footprints.
-- `SET search_path FROM CURRENT` pins the PostGIS functions' schema as it is now: pg_restore empties search_path
-- while it copies rows, and this CHECK runs for every restored row (without it a backup could not be restored).
CREATE FUNCTION geometry_is_finite(g geometry) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
  SELECT g IS NULL OR NOT EXISTS (
    SELECT 1 FROM ST_DumpPoints(g) AS d
     WHERE NOT COALESCE(ST_X(d.geom) > '-Infinity'::float8 AND ST_X(d.geom) < 'Infinity'::float8
                    AND ST_Y(d.geom) > '-Infinity'::float8 AND ST_Y(d.geom) < 'Infinity'::float8, false))
$$;

DO $$
DECLARE
  c record;
  name text;
BEGIN
  FOR c IN SELECT * FROM (VALUES
    ('work_unit', 'gross_area_m2', 'number'),
    ('work_unit', 'protected_area_m2', 'number'),
    ('work_unit', 'shelter_area_m2', 'number'),
    ('work_entrance', 'width_m', 'number'),
    ('siren', 'rated_power_w', 'number'),
    ('siren', 'rated_level_db', 'number'),
    ('siren', 'mount_height_m', 'number'),
    ('population_cell', 'cell_size_m', 'number'),
    ('inspection', 'accuracy_m', 'number'),
    ('maintenance_record', 'cost_yuan', 'number'),
    ('region', 'centroid', 'geometry'),
    ('region_boundary', 'geom', 'geometry'),
    ('work', 'location', 'geometry'),
    ('work', 'footprint', 'geometry'),
    ('work_entrance', 'location', 'geometry'),
    ('siren', 'location', 'geometry'),
    ('population_cell', 'location', 'geometry'),
    ('inspection', 'location', 'geometry')
  ) AS v (tbl, col, kind) LOOP
    name := c.tbl || '_' || c.col || '_finite';
    -- NOT VALID, then VALIDATE: a database that already took a non-finite value under the old code still
    -- migrates (with a warning naming the column to clean up); every new or changed row is checked either way.
    IF c.kind = 'number' THEN
      EXECUTE format($f$ALTER TABLE %I ADD CONSTRAINT %I CHECK (%I > '-Infinity' AND %I < 'Infinity') NOT VALID$f$, c.tbl, name, c.col, c.col);
    ELSE
      EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (geometry_is_finite(%I)) NOT VALID', c.tbl, name, c.col);
    END IF;
    BEGIN
      EXECUTE format('ALTER TABLE %I VALIDATE CONSTRAINT %I', c.tbl, name);
    EXCEPTION WHEN check_violation THEN
      RAISE WARNING '%.% holds non-finite values stored before this check; they are kept, new writes are checked', c.tbl, c.col;
    END;
  END LOOP;
END $$;
