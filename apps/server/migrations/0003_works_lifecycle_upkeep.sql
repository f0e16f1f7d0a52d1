-- 人防工程 registry, part 2: life-cycle history, sign status, upkeep (schedules, plans, records,
-- inspections, rectifications), archives and import jobs. Scoping always goes through work.region_code.

ALTER TABLE work ADD COLUMN sign_status text NOT NULL DEFAULT 'unknown';
ALTER TABLE work ADD COLUMN sign_checked_at timestamptz;
ALTER TABLE work ADD COLUMN sign_note text;
CREATE INDEX work_state_idx ON work (lifecycle_state);
CREATE INDEX work_updated_idx ON work (updated_at);

-- Every life-cycle step: who, when, why. Demolition and scrapping carry the approval reference.
CREATE TABLE work_lifecycle_event (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  work_id       integer NOT NULL REFERENCES work (id) ON DELETE CASCADE,
  from_state    text,
  to_state      text NOT NULL,
  reason        text,
  approval_ref  text,
  conversion_kind text,
  actor_id      integer,
  actor         text,
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_lifecycle_event_work_idx ON work_lifecycle_event (work_id, at);

-- Configurable upkeep schedules (seeded from packages/domain DEFAULT_MAINTENANCE_SCHEDULES).
CREATE TABLE maintenance_schedule (
  code            text PRIMARY KEY,
  discipline      text NOT NULL,
  name            text NOT NULL,
  name_en         text NOT NULL,
  interval_months integer NOT NULL CHECK (interval_months BETWEEN 1 AND 120),
  active          boolean NOT NULL DEFAULT true
);
INSERT INTO maintenance_schedule (code, discipline, name, name_en, interval_months) VALUES
  ('routine_quarterly', 'civil', '季度例行维护', 'Quarterly routine maintenance', 3),
  ('blast_doors_monthly', 'protective_equipment', '防护密闭门月度启闭', 'Blast doors operated monthly', 1),
  ('fans_monthly', 'ventilation', '风机每月运行1小时', 'Fans run 1 h monthly', 1),
  ('filters_biennial', 'ventilation', '过滤吸收器两年保养', 'Filter-absorbers serviced every 2 years', 24),
  ('waterproofing_half_year', 'civil', '防水每半年检查', 'Waterproofing checked every 6 months', 6),
  ('water_quarterly', 'water', '给排水季度检查', 'Water and drainage quarterly check', 3),
  ('electrical_quarterly', 'electrical', '电气季度检查', 'Electrical quarterly check', 3),
  ('information_yearly', 'information', '信息系统年度检查', 'Information systems yearly check', 12);

-- One plan per work and schedule: the next due date moves on when a record is filed against it.
CREATE TABLE maintenance_plan (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  work_id         integer NOT NULL REFERENCES work (id) ON DELETE CASCADE,
  schedule_code   text REFERENCES maintenance_schedule (code),
  discipline      text NOT NULL,
  title           text NOT NULL,
  interval_months integer NOT NULL CHECK (interval_months BETWEEN 1 AND 120),
  next_due_on     date NOT NULL,
  last_done_on    date,
  active          boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (work_id, schedule_code)
);
CREATE INDEX maintenance_plan_due_idx ON maintenance_plan (next_due_on) WHERE active;

CREATE TABLE maintenance_record (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  work_id      integer NOT NULL REFERENCES work (id) ON DELETE CASCADE,
  plan_id      integer REFERENCES maintenance_plan (id) ON DELETE SET NULL,
  discipline   text NOT NULL,
  done_on      date NOT NULL,
  performed_by text,
  description  text NOT NULL,
  cost_yuan    numeric(14, 2),
  created_by   integer,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX maintenance_record_work_idx ON maintenance_record (work_id, done_on);

-- Field inspections. client_id is generated on the phone: a resubmission of the same inspection is
-- recognised and never stored twice.
CREATE TABLE inspection (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  client_id     uuid NOT NULL UNIQUE,
  work_id       integer NOT NULL REFERENCES work (id) ON DELETE CASCADE,
  inspected_at  timestamptz NOT NULL,
  inspector_id  integer,
  inspector     text,
  location      geometry(Point, 4326),
  accuracy_m    double precision,
  checklist     jsonb NOT NULL DEFAULT '[]'::jsonb,
  notes         text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inspection_work_idx ON inspection (work_id, inspected_at);

-- 整改: a finding to fix by a deadline; overdue = open and past the deadline (computed, never stored).
CREATE TABLE rectification (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  work_id       integer NOT NULL REFERENCES work (id) ON DELETE CASCADE,
  inspection_id integer REFERENCES inspection (id) ON DELETE SET NULL,
  category      text NOT NULL,
  description   text NOT NULL,
  deadline      date NOT NULL,
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_at     timestamptz,
  closed_by     text,
  closing_note  text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rectification_work_idx ON rectification (work_id);
CREATE INDEX rectification_open_idx ON rectification (deadline) WHERE status = 'open';

-- Archives (电子化归档): files live under the data directory; the row keeps type, checksums and uploader.
CREATE TABLE work_document (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  work_id       integer NOT NULL REFERENCES work (id) ON DELETE CASCADE,
  inspection_id integer REFERENCES inspection (id) ON DELETE SET NULL,
  doc_type      text NOT NULL,
  title         text,
  file_name     text NOT NULL,
  media_type    text NOT NULL,
  size_bytes    bigint NOT NULL CHECK (size_bytes >= 0),
  sm3           text NOT NULL,
  sha256        text NOT NULL,
  storage_key   text NOT NULL UNIQUE,
  uploaded_by   integer,
  uploader      text,
  uploaded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_document_work_idx ON work_document (work_id);

-- Import jobs: parameters, state and the stored result (errors or counts) so a run can be reviewed.
CREATE TABLE work_import_job (
  id           uuid PRIMARY KEY,
  created_by   integer,
  actor        text,
  scope        text NOT NULL,
  file_name    text NOT NULL,
  format       text NOT NULL,
  crs          text NOT NULL,
  status       text NOT NULL,
  total_rows   integer NOT NULL DEFAULT 0,
  error_count  integer NOT NULL DEFAULT 0,
  errors       jsonb NOT NULL DEFAULT '[]'::jsonb,
  result       jsonb,
  file_data    bytea,
  created_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
CREATE INDEX work_import_job_created_idx ON work_import_job (created_at);
