-- A version number per kind of data, moved by every committed change to it, so that reads which are expensive to
-- compute (vector tiles, pages of the works list and of the OGC collections, their counts) can be cached by the
-- server under the version they were computed at and never served after a change.
--
-- Why in the database and not as an event in the server: every path that writes the tables moves it — the REST
-- routes, the importer, the upkeep records, the demo loader, the CLI, another server process behind the same load
-- balancer — without each of them having to remember to say so.
--
-- The bump runs at commit (a deferred constraint trigger), once per transaction (a transaction-local setting marks
-- it done): the row lock on the counter is held only from the commit's start to its end, so it adds no lock order
-- that could deadlock two writers, and an import of 10,000 works moves it once. Readers read the version *before*
-- the data: what they compute is then at least as new as the version they file it under.
CREATE TABLE data_version (
  name    text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 0
);
INSERT INTO data_version (name) VALUES ('works');

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  flag text := 'civdef.data_version_bumped_' || TG_ARGV[0];
BEGIN
  IF TG_OP <> 'TRUNCATE' AND current_setting(flag, true) = 'on' THEN
    RETURN NULL;
  END IF;
  UPDATE data_version SET version = version + 1 WHERE name = TG_ARGV[0];
  PERFORM set_config(flag, 'on', true);
  RETURN NULL;
END
$$;

-- What the works list, the OGC collections and the tiles show: the work, its units (areas, places), its upkeep
-- (the overdue flag) and the district names.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['work', 'work_unit', 'maintenance_plan', 'rectification', 'region'] LOOP
    EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I DEFERRABLE INITIALLY DEFERRED '
                   'FOR EACH ROW EXECUTE FUNCTION bump_data_version(''works'')', t || '_data_version', t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version(''works'')',
                   t || '_data_version_truncate', t);
  END LOOP;
END
$$;
