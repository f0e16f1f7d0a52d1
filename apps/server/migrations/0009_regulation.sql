-- Regulation (事中事后监管), first slice: the enterprise and officer databases and the verifiable 双随机一公开
-- inspection tasks. Every record carries region_code for jurisdiction scoping.

CREATE TABLE reg_enterprise (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uscc          text NOT NULL UNIQUE,             -- 统一社会信用代码, checksum checked by the service (GB 32100)
  name          text NOT NULL,
  kind          text NOT NULL,                    -- builder | supervisor | designer | equipment_maker | user_unit
  region_code   text NOT NULL,
  contact_name  text,
  contact_phone text,                             -- SM4-GCM sealed (lib/field-crypto.ts), never plain text
  synthetic     boolean NOT NULL DEFAULT false,   -- demo data, labelled as such
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reg_enterprise_region_idx ON reg_enterprise (region_code, kind);

CREATE TABLE reg_officer (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name            text NOT NULL,
  cert_no         text NOT NULL UNIQUE,           -- 行政执法证号
  cert_expires_on date NOT NULL,
  region_code     text NOT NULL,
  synthetic       boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reg_officer_region_idx ON reg_officer (region_code);

-- One 双随机 task. Its pool is frozen at commit (pool jsonb, pool_digest, commit_hash published); the seed stays
-- secret until the draw; a task is drawn once: status only moves draft → committed → drawn → published.
CREATE TABLE reg_inspection_task (
  id                    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title                 text NOT NULL,
  item                  text NOT NULL,
  region_code           text NOT NULL,
  target_count          integer NOT NULL CHECK (target_count >= 1),
  inspectors_per_target integer NOT NULL CHECK (inspectors_per_target >= 1),
  status                text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'committed', 'drawn', 'published')),
  pool                  jsonb,
  pool_digest           text,
  commit_hash           text,
  seed                  text,
  result                jsonb,
  created_by            integer,
  created_at            timestamptz NOT NULL DEFAULT now(),
  committed_at          timestamptz,
  drawn_at              timestamptz,
  published_at          timestamptz,
  CHECK (status = 'draft' OR (pool IS NOT NULL AND commit_hash IS NOT NULL AND seed IS NOT NULL)),
  CHECK (status IN ('draft', 'committed') OR result IS NOT NULL)
);
CREATE INDEX reg_inspection_task_region_idx ON reg_inspection_task (region_code, status);

-- 回避: an officer who may not inspect an enterprise in this task.
CREATE TABLE reg_inspection_conflict (
  task_id       integer NOT NULL REFERENCES reg_inspection_task (id) ON DELETE CASCADE,
  officer_id    integer NOT NULL REFERENCES reg_officer (id),
  enterprise_id integer NOT NULL REFERENCES reg_enterprise (id),
  reason        text NOT NULL,
  PRIMARY KEY (task_id, officer_id, enterprise_id)
);

-- The result of inspecting one drawn target.
CREATE TABLE reg_inspection_result (
  task_id       integer NOT NULL REFERENCES reg_inspection_task (id) ON DELETE CASCADE,
  enterprise_id integer NOT NULL REFERENCES reg_enterprise (id),
  outcome       text NOT NULL CHECK (outcome IN ('compliant', 'rectify', 'violation')),
  findings      text NOT NULL,
  rectification text,
  recorded_by   integer,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (task_id, enterprise_id)
);

-- 行政审批 cases with their statutory clocks in working days. The due dates are computed once, at receipt, from the
-- working-day calendar of packages/domain (holidays and 调休 as data), so a later calendar correction is visible as a
-- change, not a silent shift.
CREATE TABLE reg_approval_case (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind            text NOT NULL,
  title           text NOT NULL,
  region_code     text NOT NULL,
  enterprise_id   integer REFERENCES reg_enterprise (id),
  received_on     date NOT NULL,
  promised_days   integer NOT NULL CHECK (promised_days >= 0),
  legal_days      integer NOT NULL CHECK (legal_days >= promised_days),
  promised_due_on date NOT NULL,
  legal_due_on    date NOT NULL,
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'approved', 'rejected')),
  decided_on      date,
  opinion         text,
  created_by      integer,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'open') = (decided_on IS NULL))
);
CREATE INDEX reg_approval_case_region_idx ON reg_approval_case (region_code, status, legal_due_on);
