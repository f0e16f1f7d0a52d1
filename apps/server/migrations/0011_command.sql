-- Command and response, first half: the three-level 人防指挥部 (leaders, member units, duty rosters), command posts
-- linked to their 指挥工程, mobile command vehicles with their last reported position, professional and volunteer
-- teams with members and equipment, roll-calls (整组点验), and emergency dispatch (incidents, tasks, timeline).
-- Every record carries region_code for jurisdiction scoping; personal phones are SM4-GCM sealed by the service;
-- floats and geometries carry the finite CHECKs of 0004.

CREATE TABLE command_hq (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  level        text NOT NULL CHECK (level IN ('city', 'county', 'town')),
  name         text NOT NULL,
  region_code  text NOT NULL REFERENCES region (code),
  parent_id    integer REFERENCES command_hq (id) ON DELETE RESTRICT,
  address      text,
  office_phone text,                                   -- a switchboard number, not personal
  synthetic    boolean NOT NULL DEFAULT false,
  version      integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (region_code, level)
);
CREATE INDEX command_hq_region_idx ON command_hq (region_code text_pattern_ops);

-- Leaders, members and duty officers of one 指挥部.
CREATE TABLE command_person (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hq_id        integer NOT NULL REFERENCES command_hq (id) ON DELETE CASCADE,
  region_code  text NOT NULL,
  name         text NOT NULL,
  role         text NOT NULL CHECK (role IN ('commander', 'deputy', 'member', 'duty')),
  title        text,                                   -- 职务, e.g. 副市长
  unit         text,
  mobile_phone text,                                   -- SM4-GCM sealed, masked in every list and audit row
  position     integer NOT NULL DEFAULT 0
);
CREATE INDEX command_person_hq_idx ON command_person (hq_id, position);

-- 成员单位 with their peacetime and wartime duties.
CREATE TABLE command_member_unit (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hq_id          integer NOT NULL REFERENCES command_hq (id) ON DELETE CASCADE,
  region_code    text NOT NULL,
  name           text NOT NULL,
  peacetime_duty text NOT NULL,
  wartime_duty   text NOT NULL,
  contact_name   text,
  contact_phone  text,                                 -- SM4-GCM sealed
  position       integer NOT NULL DEFAULT 0
);
CREATE INDEX command_member_unit_hq_idx ON command_member_unit (hq_id, position);

-- 值班: one officer per 指挥部, day and shift.
CREATE TABLE command_duty (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hq_id       integer NOT NULL REFERENCES command_hq (id) ON DELETE CASCADE,
  region_code text NOT NULL,
  duty_date   date NOT NULL,
  shift       text NOT NULL CHECK (shift IN ('day', 'night')),
  person_id   integer NOT NULL REFERENCES command_person (id) ON DELETE CASCADE,
  UNIQUE (hq_id, duty_date, shift)
);
CREATE INDEX command_duty_date_idx ON command_duty (duty_date, region_code text_pattern_ops);

-- 基本/预备指挥所, each linked to its 指挥工程 in the works registry.
CREATE TABLE command_post (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hq_id       integer NOT NULL REFERENCES command_hq (id) ON DELETE CASCADE,
  region_code text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('basic', 'reserve')),
  name        text NOT NULL,
  work_id     integer REFERENCES work (id) ON DELETE SET NULL,
  UNIQUE (hq_id, kind)
);

-- 机动指挥车: the last position it reported over the telemetry topic (NULL until it reports).
CREATE TABLE command_vehicle (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE,                    -- also the telemetry id: civdef/v1/vehicle/<code>/position
  name        text NOT NULL,
  hq_id       integer REFERENCES command_hq (id) ON DELETE SET NULL,
  region_code text NOT NULL REFERENCES region (code),
  generation  text,                                    -- e.g. 第三代
  equipment   text,
  crew        integer NOT NULL DEFAULT 0 CHECK (crew >= 0),
  state       text NOT NULL DEFAULT 'ready' CHECK (state IN ('ready', 'deployed', 'maintenance')),
  home        geometry(Point, 4326) NOT NULL CONSTRAINT command_vehicle_home_finite CHECK (geometry_is_finite(home)),
  position    geometry(Point, 4326) CONSTRAINT command_vehicle_position_finite CHECK (geometry_is_finite(position)),
  position_at timestamptz,
  speed_kmh   double precision CONSTRAINT command_vehicle_speed_kmh_finite CHECK (speed_kmh >= 0 AND speed_kmh < 'Infinity'),
  synthetic   boolean NOT NULL DEFAULT false
);
CREATE INDEX command_vehicle_region_idx ON command_vehicle (region_code text_pattern_ops);

-- 专业队 / 志愿者队伍 / 救援队.
CREATE TABLE team (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code         text NOT NULL UNIQUE,
  name         text NOT NULL,
  category     text NOT NULL CHECK (category IN ('professional', 'volunteer', 'rescue')),
  kind         text NOT NULL,
  base_unit    text NOT NULL,                          -- 组建单位
  region_code  text NOT NULL REFERENCES region (code),
  location     geometry(Point, 4326) NOT NULL CONSTRAINT team_location_finite CHECK (geometry_is_finite(location)),
  leader_name  text,
  leader_phone text,                                   -- SM4-GCM sealed
  synthetic    boolean NOT NULL DEFAULT false,
  version      integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX team_region_idx ON team (region_code text_pattern_ops);
CREATE INDEX team_location_idx ON team USING gist (location);

CREATE TABLE team_member (
  id                    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id               integer NOT NULL REFERENCES team (id) ON DELETE CASCADE,
  region_code           text NOT NULL,
  name                  text NOT NULL,
  role                  text NOT NULL,                 -- 队长 / 副队长 / 队员 …
  phone                 text,                          -- SM4-GCM sealed
  qualification         text,
  qualification_expires date,
  volunteer             boolean NOT NULL DEFAULT false
);
CREATE INDEX team_member_team_idx ON team_member (team_id);

CREATE TABLE team_equipment (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id         integer NOT NULL REFERENCES team (id) ON DELETE CASCADE,
  region_code     text NOT NULL,
  kind            text NOT NULL,
  name            text NOT NULL,
  count           integer NOT NULL CHECK (count >= 0),
  location        text,                                -- where it is kept (库房)
  state           text NOT NULL DEFAULT 'ready' CHECK (state IN ('ready', 'faulty', 'maintenance')),
  maintenance_due date
);
CREATE INDEX team_equipment_team_idx ON team_equipment (team_id);

-- 整组点验: scheduled, then recorded once (who turned up, how many of each equipment worked).
CREATE TABLE rollcall (
  id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id           integer NOT NULL REFERENCES team (id) ON DELETE CASCADE,
  region_code       text NOT NULL,
  scheduled_for     date NOT NULL,
  state             text NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'recorded')),
  recorded_at       timestamptz,
  recorded_by       text,
  note              text,
  people_total      integer,
  people_present    integer,
  equipment_total   integer,
  equipment_working integer,
  CHECK (state = 'scheduled' OR (people_total IS NOT NULL AND people_present IS NOT NULL AND equipment_total IS NOT NULL AND equipment_working IS NOT NULL))
);
CREATE INDEX rollcall_team_idx ON rollcall (team_id, state, recorded_at DESC);

CREATE TABLE rollcall_member (
  rollcall_id integer NOT NULL REFERENCES rollcall (id) ON DELETE CASCADE,
  member_id   integer NOT NULL REFERENCES team_member (id) ON DELETE CASCADE,
  present     boolean NOT NULL,
  PRIMARY KEY (rollcall_id, member_id)
);

CREATE TABLE rollcall_equipment (
  rollcall_id  integer NOT NULL REFERENCES rollcall (id) ON DELETE CASCADE,
  equipment_id integer NOT NULL REFERENCES team_equipment (id) ON DELETE CASCADE,
  counted      integer NOT NULL CHECK (counted >= 0),
  working      integer NOT NULL CHECK (working >= 0 AND working <= counted),
  PRIMARY KEY (rollcall_id, equipment_id)
);

-- 应急调度.
CREATE TABLE incident (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        text NOT NULL,
  title       text NOT NULL,
  description text,
  region_code text NOT NULL REFERENCES region (code),
  location    geometry(Point, 4326) NOT NULL CONSTRAINT incident_location_finite CHECK (geometry_is_finite(location)),
  state       text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  alert_id    integer,                                 -- the warning drafted for its area, if any
  reported_by text,
  reported_at timestamptz NOT NULL DEFAULT now(),
  version     integer NOT NULL DEFAULT 1
);
CREATE INDEX incident_region_idx ON incident (region_code text_pattern_ops, reported_at DESC);

CREATE TABLE dispatch_task (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id integer NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
  region_code text NOT NULL,
  team_id     integer NOT NULL REFERENCES team (id) ON DELETE RESTRICT,
  state       text NOT NULL DEFAULT 'dispatched' CHECK (state IN ('dispatched', 'en_route', 'on_site', 'done', 'cancelled')),
  distance_m  double precision NOT NULL CONSTRAINT dispatch_task_distance_m_finite CHECK (distance_m >= 0 AND distance_m < 'Infinity'),
  eta_min     double precision NOT NULL CONSTRAINT dispatch_task_eta_min_finite CHECK (eta_min >= 0 AND eta_min < 'Infinity'),
  instruction text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  version     integer NOT NULL DEFAULT 1
);
CREATE INDEX dispatch_task_incident_idx ON dispatch_task (incident_id);
CREATE UNIQUE INDEX dispatch_task_open_team_idx ON dispatch_task (incident_id, team_id) WHERE state IN ('dispatched', 'en_route', 'on_site');

-- The incident's timeline: every report, dispatch and state change, in order.
CREATE TABLE dispatch_event (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id integer NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
  task_id     integer REFERENCES dispatch_task (id) ON DELETE CASCADE,
  region_code text NOT NULL,
  at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  kind        text NOT NULL,                           -- reported | dispatched | state | warning_drafted | closed
  state       text,
  note        text,
  actor       text
);
CREATE INDEX dispatch_event_incident_idx ON dispatch_event (incident_id, at, id);
