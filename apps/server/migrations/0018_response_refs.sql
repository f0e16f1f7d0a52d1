-- References from the response half into the command half. Plan tasks, drill participants and a key target's repair
-- team named their member unit (成员单位) or team by free text beside an id nobody checked; the services now check
-- every id on write (through the command module's door) and store the record's own name. This converts the data
-- written before: an id that names nothing is cleared, and a name that matches exactly one unit or team of the same
-- city is linked to it. A name that matches none (a body outside the platform, such as 各街道办事处) stays text only.

CREATE FUNCTION response_ref_link(ref_kind text, ref_id integer, ref_name text, city text) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT CASE ref_kind
    WHEN 'team' THEN coalesce(
      (SELECT t.id FROM team t WHERE t.id = ref_id),
      (SELECT min(t.id) FROM team t WHERE ref_id IS NULL AND t.name = ref_name AND t.region_code LIKE city || '%' HAVING count(*) = 1))
    WHEN 'unit' THEN coalesce(
      (SELECT u.id FROM command_member_unit u WHERE u.id = ref_id),
      (SELECT min(u.id) FROM command_member_unit u WHERE ref_id IS NULL AND u.name = ref_name AND u.region_code LIKE city || '%' HAVING count(*) = 1))
  END
$$;

-- Every revision, approved ones included: linking changes no word of what was approved, only which record it meant.
UPDATE response_plan_revision r
   SET content = jsonb_set(r.content, '{tasks}', (
     SELECT coalesce(jsonb_agg(jsonb_set(x.item, '{refId}',
              coalesce(to_jsonb(response_ref_link(x.item->>'assigneeKind', (x.item->>'refId')::integer, x.item->>'assignee', left(p.region_code, 4))), 'null'::jsonb))
            ORDER BY x.n), '[]'::jsonb)
       FROM jsonb_array_elements(r.content->'tasks') WITH ORDINALITY AS x(item, n)))
  FROM response_plan p
 WHERE p.id = r.plan_id AND jsonb_typeof(r.content->'tasks') = 'array' AND jsonb_array_length(r.content->'tasks') > 0;

UPDATE response_drill d
   SET participants = (
     SELECT coalesce(jsonb_agg(jsonb_set(x.item, '{refId}',
              coalesce(to_jsonb(response_ref_link(x.item->>'kind', (x.item->>'refId')::integer, x.item->>'name', left(d.region_code, 4))), 'null'::jsonb))
            ORDER BY x.n), '[]'::jsonb)
       FROM jsonb_array_elements(d.participants) WITH ORDINALITY AS x(item, n))
 WHERE jsonb_typeof(d.participants) = 'array' AND jsonb_array_length(d.participants) > 0;

UPDATE key_target k
   SET repair_team_id = response_ref_link('team', k.repair_team_id, k.repair_team_name, left(k.region_code, 4))
 WHERE k.repair_team_id IS NOT NULL OR k.repair_team_name IS NOT NULL;
UPDATE key_target k SET repair_team_name = t.name FROM team t WHERE t.id = k.repair_team_id AND k.repair_team_name IS DISTINCT FROM t.name;

DROP FUNCTION response_ref_link(text, integer, text, text);

-- The repair team is one column: it can be a real foreign key. (Teams are not deleted today; should that come,
-- the target loses its team rather than keeping a dangling id.)
ALTER TABLE key_target ADD CONSTRAINT key_target_repair_team_fk FOREIGN KEY (repair_team_id) REFERENCES team (id) ON DELETE SET NULL;
