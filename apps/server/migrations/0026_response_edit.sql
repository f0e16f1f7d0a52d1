-- Editing drills, evacuation places and routes, and key targets: each row carries the version its editor read, so a
-- second editor's stale form is refused (409) instead of silently overwriting the first one's change. Existing rows
-- start at 1; every write that changes a row moves it on.
ALTER TABLE response_drill ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE evac_place ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE evac_route ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE key_target ADD COLUMN version integer NOT NULL DEFAULT 1;
