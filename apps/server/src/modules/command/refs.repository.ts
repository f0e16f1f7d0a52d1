/**
 * The only SQL of references into the command half: the member units (成员单位) and teams other modules name in
 * their records (plan tasks, drill participants, a key target's repair team). Every read takes the caller's scope.
 */
import type { Queryable } from '../../db/index.ts';

export type RefKind = 'unit' | 'team';

export interface RefRow {
  kind: RefKind;
  id: number;
  name: string;
  regionCode: string;
  /** The unit's 指挥部, or the team's kind (抢险抢修 …): what tells two alike names apart in a picker. */
  detail: string;
}

/** The units and teams among `refs` that exist in the scope. */
export async function refsByIds(db: Queryable, scope: string, refs: ReadonlyArray<{ kind: RefKind; id: number }>): Promise<RefRow[]> {
  const units = refs.filter((r) => r.kind === 'unit').map((r) => r.id);
  const teams = refs.filter((r) => r.kind === 'team').map((r) => r.id);
  if (units.length === 0 && teams.length === 0) return [];
  const { rows } = await db.query<RefRow>(
    `SELECT 'unit' AS kind, u.id, u.name, u.region_code AS "regionCode", h.name AS detail
       FROM command_member_unit u JOIN command_hq h ON h.id = u.hq_id
      WHERE u.id = ANY($2::int[]) AND u.region_code LIKE $1 || '%'
     UNION ALL
     SELECT 'team', t.id, t.name, t.region_code, t.kind FROM team t WHERE t.id = ANY($3::int[]) AND t.region_code LIKE $1 || '%'`,
    [scope, units, teams],
  );
  return rows;
}

/** Every member unit and team of the scope, for the pickers of the console's forms. */
export async function refsInScope(db: Queryable, scope: string): Promise<RefRow[]> {
  const { rows } = await db.query<RefRow>(
    `SELECT 'unit' AS kind, u.id, u.name, u.region_code AS "regionCode", h.name AS detail
       FROM command_member_unit u JOIN command_hq h ON h.id = u.hq_id
      WHERE u.region_code LIKE $1 || '%'
     UNION ALL
     SELECT 'team', t.id, t.name, t.region_code, t.kind FROM team t WHERE t.region_code LIKE $1 || '%'
     ORDER BY kind, "regionCode", name, id`,
    [scope],
  );
  return rows;
}

/** The units or teams whose name is exactly one of `names` and is borne by no other record of that kind (demo load). */
export async function uniqueIdsByName(db: Queryable, kind: RefKind, names: readonly string[]): Promise<Map<string, number>> {
  if (names.length === 0) return new Map();
  const table = kind === 'unit' ? 'command_member_unit' : 'team';
  const { rows } = await db.query<{ name: string; id: number }>(
    `SELECT name, min(id) AS id FROM ${table} WHERE name = ANY($1::text[]) GROUP BY name HAVING count(*) = 1`, [names]);
  return new Map(rows.map((r) => [r.name, r.id]));
}
