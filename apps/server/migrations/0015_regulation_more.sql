-- Regulation, second slice: enforcement cases (执法案件) with their full-process record and hashed evidence.
-- Every record table carries region_code for jurisdiction scoping.

-- The case file: one row per case, holding where it stands and the latest fact of each step. The history of how
-- it got there is reg_case_step (append-only); this row is only the summary a list needs.
CREATE TABLE reg_enforcement_case (
  id                  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_no             text UNIQUE,                -- 案号, RFZF-<year>-<id>, set in the filing transaction
  title               text NOT NULL,
  region_code         text NOT NULL,
  party_kind          text NOT NULL CHECK (party_kind IN ('unit', 'individual')),
  enterprise_id       integer REFERENCES reg_enterprise (id),
  party_name          text NOT NULL,
  source              text NOT NULL,
  facts               text NOT NULL,
  investigators       integer[] NOT NULL,         -- reg_officer ids, at least two (行政处罚法 art. 42)
  work_id             integer REFERENCES work (id),
  inspection_task_id  integer REFERENCES reg_inspection_task (id),
  approval_case_id    integer REFERENCES reg_approval_case (id),
  status              text NOT NULL DEFAULT 'investigating'
                        CHECK (status IN ('investigating', 'investigated', 'reviewed', 'notified', 'decided', 'executed', 'closed')),
  filed_on            date NOT NULL,
  last_step_on        date NOT NULL,              -- no step may be dated before the one before it
  proposed_outcome    text,
  proposed_rule       text,
  proposed_fen        integer CHECK (proposed_fen >= 0),
  reviewer_id         integer REFERENCES reg_officer (id),
  notified_on         date,
  answer_due_on       date,
  hearing_right       boolean,
  decision_no         text,
  outcome             text CHECK (outcome IN ('fine', 'warning', 'no_penalty')),
  rule_code           text,
  amount_fen          integer CHECK (amount_fen >= 0),   -- the largest fine of the 人防法 is 10,000,000 分
  decided_on          date,
  executed_on         date,
  paid_fen            integer CHECK (paid_fen >= 0),
  closed_on           date,
  created_by          integer,
  created_at          timestamptz NOT NULL DEFAULT now(),
  CHECK ((party_kind = 'unit') = (enterprise_id IS NOT NULL)),
  CHECK (cardinality(investigators) >= 2)
);
CREATE INDEX reg_enforcement_case_region_idx ON reg_enforcement_case (region_code, status);

-- The full-process record (执法全过程记录): every step of every case, who took it, when, and its statutory record.
CREATE TABLE reg_case_step (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id     integer NOT NULL REFERENCES reg_enforcement_case (id),
  step        text NOT NULL,
  on_date     date NOT NULL,
  record      jsonb NOT NULL,
  actor_id    integer,
  actor       text,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reg_case_step_case_idx ON reg_case_step (case_id, id);

-- Evidence as it arrived: the file's SM3 (and SHA-256) computed at upload, never changed afterwards.
CREATE TABLE reg_case_evidence (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id       integer NOT NULL REFERENCES reg_enforcement_case (id),
  kind          text NOT NULL,
  title         text NOT NULL,
  collected_on  date NOT NULL,
  file_name     text NOT NULL,
  media_type    text NOT NULL,
  size_bytes    bigint NOT NULL CHECK (size_bytes >= 0),
  sm3           text NOT NULL CHECK (sm3 ~ '^[0-9a-f]{64}$'),
  sha256        text NOT NULL,
  storage_key   text NOT NULL,
  uploaded_by   integer,
  uploaded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reg_case_evidence_case_idx ON reg_case_evidence (case_id, id);

-- Append-only, in the database itself: no path (a route, the CLI, a hand-written UPDATE) can rewrite the record
-- of a step or the hash of a piece of evidence. A correction is a new row.
CREATE FUNCTION reg_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER reg_case_step_append_only BEFORE UPDATE OR DELETE ON reg_case_step FOR EACH ROW EXECUTE FUNCTION reg_append_only();
CREATE TRIGGER reg_case_evidence_append_only BEFORE UPDATE OR DELETE ON reg_case_evidence FOR EACH ROW EXECUTE FUNCTION reg_append_only();

-- 联审联批: approval cases get a number that other records cite (RFSP-<year>-<id>), the work they concern, and —
-- for a demolition or scrapping approval — the work whose life-cycle step used it (once).
ALTER TABLE reg_approval_case
  ADD COLUMN case_no         text UNIQUE,
  ADD COLUMN work_id         integer REFERENCES work (id),
  ADD COLUMN used_by_work_id integer REFERENCES work (id),
  ADD COLUMN used_at         timestamptz;
UPDATE reg_approval_case SET case_no = 'RFSP-' || to_char(received_on, 'YYYY') || '-' || lpad(id::text, 6, '0');

-- Each 联审 party of a case and its opinion: answered once, never rewritten.
CREATE TABLE reg_approval_party (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  approval_id  integer NOT NULL REFERENCES reg_approval_case (id),
  name         text NOT NULL,
  required     boolean NOT NULL DEFAULT true,
  verdict      text CHECK (verdict IN ('agree', 'agree_with_conditions', 'disagree')),
  opinion      text,
  answered_on  date,
  answered_by  integer,
  answered_at  timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (approval_id, name),
  CHECK ((verdict IS NULL) = (answered_on IS NULL) AND (verdict IS NULL) = (opinion IS NULL))
);

-- Documents of an approval case (申请材料, 联审意见, 批复), hashed at upload like evidence, append-only.
CREATE TABLE reg_approval_document (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  approval_id  integer NOT NULL REFERENCES reg_approval_case (id),
  doc_type     text NOT NULL,
  title        text NOT NULL,
  file_name    text NOT NULL,
  media_type   text NOT NULL,
  size_bytes   bigint NOT NULL CHECK (size_bytes >= 0),
  sm3          text NOT NULL CHECK (sm3 ~ '^[0-9a-f]{64}$'),
  sha256       text NOT NULL,
  storage_key  text NOT NULL,
  uploaded_by  integer,
  uploaded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reg_approval_document_case_idx ON reg_approval_document (approval_id, id);
CREATE TRIGGER reg_approval_document_append_only BEFORE UPDATE OR DELETE ON reg_approval_document FOR EACH ROW EXECUTE FUNCTION reg_append_only();

-- The fees ledger: one assessment (应收) per charge, and append-only entries against it. Money is integer 分 (bigint:
-- a 易地建设费 can pass 21 million 元); the balance is always the sum of the entries.
CREATE TABLE reg_fee_assessment (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_code      text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('relocation_fee', 'other')),
  title            text NOT NULL,
  approval_case_id integer REFERENCES reg_approval_case (id),
  enterprise_id    integer REFERENCES reg_enterprise (id),
  payer_name       text NOT NULL,
  due_fen          bigint NOT NULL CHECK (due_fen >= 0),
  basis            text NOT NULL,                -- the rule and rate, or the document the amount comes from
  computation      jsonb,                        -- the planning rule's reckoning when the fee was computed
  assessed_on      date NOT NULL,
  due_on           date NOT NULL,                -- payment deadline; unpaid after it = arrears
  created_by       integer,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reg_fee_assessment_region_idx ON reg_fee_assessment (region_code, assessed_on);

CREATE TABLE reg_fee_entry (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  assessment_id  integer NOT NULL REFERENCES reg_fee_assessment (id),
  kind           text NOT NULL CHECK (kind IN ('payment', 'reduction', 'refund', 'arrears_notice')),
  amount_fen     bigint NOT NULL CHECK (amount_fen > 0),
  on_date        date NOT NULL,
  basis          text,                           -- required for a reduction or a refund (the service checks)
  reference      text,                           -- receipt, decision or notice number
  deadline       date,                           -- a 追缴 notice's deadline
  created_by     integer,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'arrears_notice') = (deadline IS NOT NULL))
);
CREATE INDEX reg_fee_entry_assessment_idx ON reg_fee_entry (assessment_id, id);
CREATE TRIGGER reg_fee_entry_append_only BEFORE UPDATE OR DELETE ON reg_fee_entry FOR EACH ROW EXECUTE FUNCTION reg_append_only();

-- Enterprise qualifications (资质) and credit records (信用记录). A penalty decided on a unit adds a credit record
-- in the decision's transaction; credit records are append-only.
CREATE TABLE reg_enterprise_qualification (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id  integer NOT NULL REFERENCES reg_enterprise (id),
  name           text NOT NULL,
  level          text,
  cert_no        text NOT NULL,
  issuer         text NOT NULL,
  issued_on      date NOT NULL,
  expires_on     date,
  created_by     integer,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (enterprise_id, cert_no),
  CHECK (expires_on IS NULL OR expires_on >= issued_on)
);

CREATE TABLE reg_credit_record (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id  integer NOT NULL REFERENCES reg_enterprise (id),
  kind           text NOT NULL CHECK (kind IN ('good', 'bad')),
  reason         text NOT NULL,
  source         text NOT NULL CHECK (source IN ('manual', 'enforcement_case', 'inspection')),
  case_id        integer REFERENCES reg_enforcement_case (id),
  recorded_on    date NOT NULL,
  public_until   date,
  created_by     integer,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reg_credit_record_enterprise_idx ON reg_credit_record (enterprise_id, id);
CREATE TRIGGER reg_credit_record_append_only BEFORE UPDATE OR DELETE ON reg_credit_record FOR EACH ROW EXECUTE FUNCTION reg_append_only();
