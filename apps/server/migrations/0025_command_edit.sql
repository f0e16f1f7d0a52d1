-- Command and response: the records the console's forms add can now be edited and removed. Each carries its own
-- version for optimistic concurrency (an edit sends the version it read; a stale one is refused), so two clerks
-- editing two people of one 指挥部 do not refuse each other, as they would if the 指挥部's version were shared.

ALTER TABLE command_person      ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE command_member_unit ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE team_member         ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE team_equipment      ADD COLUMN version integer NOT NULL DEFAULT 1;
