-- Regulation, third slice: 双随机 pools over works and sirens as well as enterprises, an optional public randomness
-- beacon, re-draws that leave a record, published enforcement decisions, and the maintenance fund.

-- A task's pool is a filter over its source (enterprises, works or sirens, by the item); the frozen pool keeps each
-- target's key (USCC, work code or siren code), name and answering unit. beacon_source is announced at commit (it is
-- covered by the pool digest), beacon is the public value entered at the draw. redraw_of/redraw_reason: a task made
-- to draw again, which leaves the earlier one and its record as they were.
ALTER TABLE reg_inspection_task
  ADD COLUMN pool_filter   jsonb NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN beacon_source text,
  ADD COLUMN beacon        text,
  ADD COLUMN redraw_of     integer REFERENCES reg_inspection_task (id),
  ADD COLUMN redraw_reason text,
  ADD CONSTRAINT reg_inspection_task_beacon_check CHECK (beacon IS NULL OR beacon_source IS NOT NULL),
  ADD CONSTRAINT reg_inspection_task_redraw_check CHECK ((redraw_of IS NULL) = (redraw_reason IS NULL));
-- One re-draw per task: the second attempt must cite the first re-draw, so the chain stays a line.
CREATE UNIQUE INDEX reg_inspection_task_redraw_idx ON reg_inspection_task (redraw_of) WHERE redraw_of IS NOT NULL;

-- Frozen pools of earlier tasks: every target gets its key (its USCC), every conflict the key it excludes.
UPDATE reg_inspection_task t SET pool = jsonb_set(jsonb_set(t.pool, '{targets}', COALESCE((
    SELECT jsonb_agg(x || jsonb_build_object('key', x->>'uscc', 'party', x->>'name') ORDER BY n)
      FROM jsonb_array_elements(t.pool->'targets') WITH ORDINALITY AS e(x, n)), '[]'::jsonb)),
  '{conflicts}', COALESCE((
    SELECT jsonb_agg(x || jsonb_build_object('targetKey', x->>'uscc') ORDER BY n)
      FROM jsonb_array_elements(t.pool->'conflicts') WITH ORDINALITY AS e(x, n)), '[]'::jsonb))
 WHERE t.pool IS NOT NULL;

-- Results are per target key: a work or a siren is not an enterprise.
ALTER TABLE reg_inspection_result ADD COLUMN target_key text;
UPDATE reg_inspection_result r SET target_key = e.uscc FROM reg_enterprise e WHERE e.id = r.enterprise_id;
ALTER TABLE reg_inspection_result DROP CONSTRAINT reg_inspection_result_pkey;
ALTER TABLE reg_inspection_result
  ALTER COLUMN target_key SET NOT NULL,
  ALTER COLUMN enterprise_id DROP NOT NULL,
  ADD PRIMARY KEY (task_id, target_key);

-- 一公开 of enforcement: a decided case is published on the public site by an officer's act, once.
ALTER TABLE reg_enforcement_case ADD COLUMN published_at timestamptz, ADD COLUMN published_by integer,
  ADD CONSTRAINT reg_enforcement_case_published_check CHECK (published_at IS NULL OR decided_on IS NOT NULL);

-- The maintenance fund (维护管理基金): income and spending entries in integer 分, append-only like the fee entries.
CREATE TABLE reg_fund_entry (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_code  text NOT NULL,
  category     text NOT NULL,
  direction    text NOT NULL CHECK (direction IN ('income', 'spending')),
  amount_fen   bigint NOT NULL CHECK (amount_fen > 0),
  on_date      date NOT NULL,
  counterparty text NOT NULL,
  basis        text NOT NULL,
  reference    text,
  work_id      integer REFERENCES work (id),
  created_by   integer,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reg_fund_entry_region_idx ON reg_fund_entry (region_code, on_date);
CREATE TRIGGER reg_fund_entry_append_only BEFORE UPDATE OR DELETE ON reg_fund_entry FOR EACH ROW EXECUTE FUNCTION reg_append_only();
