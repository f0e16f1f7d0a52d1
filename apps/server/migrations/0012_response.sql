-- Command and response, second half: plans (versioned, approved, structured parts), drills (append-only timeline,
-- scored assessment, follow-ups), evacuation (places, routes, plans per area, assignment runs, people counting) and
-- key economic targets (重要经济目标). Every record carries region_code for jurisdiction scoping. Teams and member
-- units belong to the command half: they are referenced here by id and name text, without a foreign key.

-- A plan (人民防空方案, 专项方案, 应急预案): its identity. What it says lives in its revisions.
CREATE TABLE response_plan (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('civil_defence', 'special', 'emergency')),
  title       text NOT NULL,
  region_code text NOT NULL REFERENCES region (code),
  synthetic   boolean NOT NULL DEFAULT false,
  created_by  integer REFERENCES app_user (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX response_plan_region_idx ON response_plan (region_code text_pattern_ops, id);

-- Each revision kept: content is the structured parts (summary, triggers, tasks, resources, contacts) as the domain's
-- PlanContent. A revision is edited only while draft or returned; approval supersedes the previously approved one.
CREATE TABLE response_plan_revision (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id      integer NOT NULL REFERENCES response_plan (id) ON DELETE CASCADE,
  revision     integer NOT NULL CHECK (revision >= 1),
  state        text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'approved', 'returned', 'superseded')),
  content      jsonb NOT NULL,
  note         text,                                      -- what this revision changes, in the author's words
  author_id    integer REFERENCES app_user (id),
  approver_id  integer REFERENCES app_user (id),
  return_reason text,
  file_name    text,
  file_type    text,
  file_bytes   bytea,
  file_sha256  text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  submitted_at timestamptz,
  approved_at  timestamptz,
  UNIQUE (plan_id, revision),
  -- Four eyes: the approver is never the author. (A revision loaded as already approved — demo data, a plan approved
  -- before the platform — has no approver on record.)
  CHECK (approver_id IS NULL OR approver_id IS DISTINCT FROM author_id),
  CHECK ((file_bytes IS NULL) = (file_name IS NULL))
);
-- At most one open (not yet approved) revision per plan.
CREATE UNIQUE INDEX response_plan_revision_open_idx ON response_plan_revision (plan_id) WHERE state IN ('draft', 'submitted', 'returned');

-- Drills and exercises (演练).
CREATE TABLE response_drill (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind         text NOT NULL,
  title        text NOT NULL,
  region_code  text NOT NULL REFERENCES region (code),
  scenario     text NOT NULL,
  planned_on   date NOT NULL,
  state        text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'running', 'ended', 'assessed')),
  participants jsonb NOT NULL DEFAULT '[]',               -- [{kind: unit|team, refId, name, people}]
  plan_id      integer REFERENCES response_plan (id),
  key_target_id integer,                                  -- the key target drilled, if any (FK added below)
  criteria     jsonb NOT NULL DEFAULT '[]',               -- [{name, weight, maxScore, score}]
  score        double precision CHECK (score IS NULL OR (score >= 0 AND score <= 100)),
  assessment   text,
  synthetic    boolean NOT NULL DEFAULT false,
  created_by   integer REFERENCES app_user (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  ended_at     timestamptz,
  assessed_at  timestamptz
);
CREATE INDEX response_drill_region_idx ON response_drill (region_code text_pattern_ops, planned_on DESC);

-- The timeline of injects and actions, as they happen: the server stamps the time; rows are never changed or removed.
CREATE TABLE response_drill_event (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  drill_id   integer NOT NULL REFERENCES response_drill (id),
  kind       text NOT NULL CHECK (kind IN ('inject', 'action', 'note')),
  text       text NOT NULL,
  actor_name text,                                        -- who acted (a unit or team as the log says it)
  logged_by  integer REFERENCES app_user (id),
  logged_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX response_drill_event_drill_idx ON response_drill_event (drill_id, id);
CREATE FUNCTION response_drill_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'response_drill_event is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER response_drill_event_append_only BEFORE UPDATE OR DELETE ON response_drill_event
  FOR EACH ROW EXECUTE FUNCTION response_drill_event_append_only();

-- Findings of a drill and the follow-up action each calls for (owner, deadline).
CREATE TABLE response_drill_finding (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  drill_id    integer NOT NULL REFERENCES response_drill (id),
  finding     text NOT NULL,
  action      text NOT NULL,
  owner       text NOT NULL,
  deadline    date NOT NULL,
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  done_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'done') = (done_at IS NOT NULL))
);
CREATE INDEX response_drill_finding_drill_idx ON response_drill_finding (drill_id);

-- Evacuation places: 疏散基地, 疏散地域, 疏散集结点. An area may carry its outline beside its point.
CREATE TABLE evac_place (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('base', 'area', 'assembly')),
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  region_code text NOT NULL REFERENCES region (code),
  capacity    integer NOT NULL CHECK (capacity >= 0),
  state       text NOT NULL DEFAULT 'ready' CHECK (state IN ('ready', 'limited', 'closed')),
  location    geometry(Point, 4326) NOT NULL CONSTRAINT evac_place_location_finite CHECK (geometry_is_finite(location)),
  outline     geometry(MultiPolygon, 4326) CONSTRAINT evac_place_outline_finite CHECK (geometry_is_finite(outline)),
  synthetic   boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evac_place_region_idx ON evac_place (region_code text_pattern_ops, kind);

-- Routes: lines on the map with a throughput (people per hour) and a state.
CREATE TABLE evac_route (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code            text NOT NULL UNIQUE,
  name            text NOT NULL,
  region_code     text NOT NULL REFERENCES region (code),
  people_per_hour integer NOT NULL CHECK (people_per_hour >= 0),
  state           text NOT NULL DEFAULT 'ready' CHECK (state IN ('ready', 'limited', 'closed')),
  path            geometry(LineString, 4326) NOT NULL CONSTRAINT evac_route_path_finite CHECK (geometry_is_finite(path)),
  to_place_id     integer REFERENCES evac_place (id),
  synthetic       boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evac_route_region_idx ON evac_route (region_code text_pattern_ops);

-- The evacuation plan of one area (a town or street): who leaves, where to, when.
CREATE TABLE evac_area_plan (
  region_code    text PRIMARY KEY REFERENCES region (code),
  share          double precision NOT NULL CHECK (share >= 0 AND share <= 1),
  target_groups  text[] NOT NULL DEFAULT '{}',
  destination_id integer REFERENCES evac_place (id),
  timing         text NOT NULL CHECK (timing IN ('early', 'imminent', 'emergency')),
  synthetic      boolean NOT NULL DEFAULT false,
  updated_by     integer REFERENCES app_user (id),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- An assignment run: the district's evacuees to assembly points (walking) and to bases (by road), solved exactly by
-- the engine in the shared allocation worker, stored with its parameters and certificate.
CREATE TABLE evac_run (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_code text NOT NULL REFERENCES region (code),
  status      text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  phase       text NOT NULL DEFAULT 'queued',
  params      jsonb NOT NULL,
  summary     jsonb,
  error       text,
  created_by  integer REFERENCES app_user (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX evac_run_region_idx ON evac_run (region_code text_pattern_ops, id DESC);

-- The run's answer per (area, place): people of the area sent to the place, and people of the area without a place
-- (place_id null). Place name and point copied so a run stays readable after the place changes.
CREATE TABLE evac_run_flow (
  run_id      integer NOT NULL REFERENCES evac_run (id) ON DELETE CASCADE,
  stage       text NOT NULL CHECK (stage IN ('assembly', 'base')),
  region_code text NOT NULL REFERENCES region (code),
  place_id    integer,
  place_name  text,
  people      integer NOT NULL CHECK (people >= 0),
  metres      double precision CONSTRAINT evac_run_flow_metres_finite CHECK (metres > '-Infinity' AND metres < 'Infinity'),
  from_point  geometry(Point, 4326) CONSTRAINT evac_run_flow_from_point_finite CHECK (geometry_is_finite(from_point)),
  to_point    geometry(Point, 4326) CONSTRAINT evac_run_flow_to_point_finite CHECK (geometry_is_finite(to_point))
);
CREATE INDEX evac_run_flow_run_idx ON evac_run_flow (run_id, stage);

-- 人口数算: heads counted at a place during a drill, submitted from phones. Each submission is an increment; the
-- client's id makes a retried submission (offline queue, lost answer) count once.
CREATE TABLE evac_count (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  client_id   uuid NOT NULL UNIQUE,
  drill_id    integer NOT NULL REFERENCES response_drill (id),
  place_id    integer NOT NULL REFERENCES evac_place (id),
  region_code text NOT NULL REFERENCES region (code),
  people      integer NOT NULL CHECK (people > 0),
  device      text,
  counted_by  integer REFERENCES app_user (id),
  counted_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evac_count_drill_idx ON evac_count (drill_id, place_id);

-- Key economic targets (重要经济目标): internal only, never on a public page.
CREATE TABLE key_target (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code             text NOT NULL UNIQUE,
  name             text NOT NULL,
  category         text NOT NULL,
  grade            text NOT NULL CHECK (grade IN ('national', 'provincial', 'city')),
  unit_name        text NOT NULL,
  region_code      text NOT NULL REFERENCES region (code),
  location         geometry(Point, 4326) NOT NULL CONSTRAINT key_target_location_finite CHECK (geometry_is_finite(location)),
  footprint        geometry(MultiPolygon, 4326) CONSTRAINT key_target_footprint_finite CHECK (geometry_is_finite(footprint)),
  checklist        jsonb NOT NULL DEFAULT '{}',           -- 七有: {organisation: true, …}
  one_library      jsonb NOT NULL DEFAULT '{}',           -- 一库一室一中心: {library: none|building|done, …}
  repair_team_id   integer,                               -- the command half's team, by reference
  repair_team_name text,
  synthetic        boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX key_target_region_idx ON key_target (region_code text_pattern_ops);

-- Funds granted to a target's protection, per year (万元).
CREATE TABLE key_target_fund (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  target_id   integer NOT NULL REFERENCES key_target (id) ON DELETE CASCADE,
  year        integer NOT NULL CHECK (year BETWEEN 1949 AND 2200),
  amount_wan  double precision NOT NULL CONSTRAINT key_target_fund_amount_wan_finite CHECK (amount_wan >= 0 AND amount_wan < 'Infinity'),
  purpose     text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX key_target_fund_target_idx ON key_target_fund (target_id, year);

-- Protection and emergency plans of a target.
CREATE TABLE key_target_plan (
  target_id integer NOT NULL REFERENCES key_target (id) ON DELETE CASCADE,
  plan_id   integer NOT NULL REFERENCES response_plan (id),
  PRIMARY KEY (target_id, plan_id)
);

ALTER TABLE response_drill ADD CONSTRAINT response_drill_key_target_fk FOREIGN KEY (key_target_id) REFERENCES key_target (id);
