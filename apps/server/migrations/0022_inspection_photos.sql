-- Photos of a 双随机 inspection result, per drawn target: kept like enforcement evidence (a file under the data
-- directory, its SM3 and SHA-256 computed at upload and never changed), so a photo can later show it is the one
-- taken at the inspection. A photo belongs to a recorded result; correcting the result keeps its photos.
CREATE TABLE reg_inspection_photo (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id      integer NOT NULL,
  target_key   text NOT NULL,
  file_name    text NOT NULL,
  media_type   text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size_bytes   bigint NOT NULL CHECK (size_bytes >= 0),
  sm3          text NOT NULL CHECK (sm3 ~ '^[0-9a-f]{64}$'),
  sha256       text NOT NULL,
  storage_key  text NOT NULL,
  uploaded_by  integer,
  uploaded_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (task_id, target_key) REFERENCES reg_inspection_result (task_id, target_key)
);
CREATE INDEX reg_inspection_photo_target_idx ON reg_inspection_photo (task_id, target_key, id);

-- Append-only like the evidence of a case: a wrong photo stays on the record; a better one is added beside it.
CREATE TRIGGER reg_inspection_photo_append_only BEFORE UPDATE OR DELETE ON reg_inspection_photo FOR EACH ROW EXECUTE FUNCTION reg_append_only();
