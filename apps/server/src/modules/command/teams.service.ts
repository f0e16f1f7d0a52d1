/**
 * The rules of teams and equipment: teams by category and kind, members with qualifications, equipment with upkeep,
 * and roll-calls (整组点验) — scheduled, then recorded once with every member and item of the team, which sets the
 * team's readiness (`readinessOf` in the domain package). Qualifications expiring and upkeep due are flagged.
 */
import {
  DEFAULT_TRAVEL, dueFlag, teamKindAllowed, inScope, labelOf, MAINTENANCE_WARN_DAYS, QUALIFICATION_WARN_DAYS, readinessOf, TEAM_CATEGORIES, TEAM_KINDS, travelMinutes,
  type Permission,
} from '@civdef/domain';
import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { mask, type FieldCipher } from '../../lib/field-crypto.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { appendAudit } from '../audit/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { ImportFormatError } from '../../lib/xlsx/format-error.ts';
import { loadWorkbook, sheetRows } from '../../lib/xlsx/read.ts';
import { addSheet, newWorkbook, workbookBuffer } from '../../lib/xlsx/write.ts';
import { CommandErrors as E } from './command.errors.ts';
import { EQUIPMENT_SHEET, MEMBER_SHEET, parseTeamSheets, TEAM_SHEET, teamSheets, type CellError, type TeamRowIn } from './teams.exchange.ts';
import * as repo from './teams.repository.ts';
import { changesOf } from './command.service.ts';
import { planTeamsImport, type FieldChange, type StoredTeam, type TeamPlan } from './teams.import-plan.ts';
import type { EquipmentCreate, EquipmentPatch, MemberCreate, MemberPatch, RollcallRecord, TeamCreate, TeamListQuery, TeamPatch } from './teams.schemas.ts';

export const LEADER_PHONE_CONTEXT = 'team.leader_phone';
export const MEMBER_PHONE_CONTEXT = 'team_member.phone';

/** Which kinds each category may have (the rule lives in the domain package: the console offers the same choice). */
export const kindAllowed = teamKindAllowed;

export interface TeamsDeps {
  db: Database;
  regions: Pick<RegionsService, 'unknownCodes'>;
  cipher: FieldCipher;
  now?: () => Date;
}

export interface TeamDetailData {
  team: repo.TeamRow;
  members: repo.MemberRow[];
  equipment: repo.EquipmentRow[];
  rollcalls: repo.RollcallRow[];
  today: string;
  fullPhones: boolean;
}

export interface RegionReadinessData {
  regionCode: string;
  regionName: string | null;
  teams: number;
  checked: number;
  peoplePct: number | null;
  equipmentPct: number | null;
  qualificationsFlagged: number;
  upkeepFlagged: number;
}

export interface TeamCandidate {
  team: repo.TeamRow;
  distanceM: number;
  etaMin: number;
}

export interface TeamsService {
  list(actor: Actor, query: TeamListQuery): Promise<repo.TeamRow[]>;
  readiness(actor: Actor): Promise<{ overall: RegionReadinessData; regions: RegionReadinessData[] }>;
  get(actor: Actor, id: number): Promise<TeamDetailData>;
  create(actor: Actor, ip: string | null, input: TeamCreate): Promise<TeamDetailData>;
  /** Edits a team's own fields (only those sent; a leader phone left out stays sealed), with the version read. */
  update(actor: Actor, ip: string | null, id: number, patch: TeamPatch): Promise<TeamDetailData>;
  addMembers(actor: Actor, ip: string | null, id: number, members: MemberCreate[]): Promise<TeamDetailData>;
  addEquipment(actor: Actor, ip: string | null, id: number, items: EquipmentCreate[]): Promise<TeamDetailData>;
  /** Edits a member (only the fields sent; a phone left out stays sealed). Answers the member's team. */
  updateMember(actor: Actor, ip: string | null, memberId: number, patch: MemberPatch): Promise<TeamDetailData>;
  /** Removes a member no recorded roll-call points at (roll-call records are the team's history). */
  deleteMember(actor: Actor, ip: string | null, memberId: number, version: number): Promise<TeamDetailData>;
  updateEquipment(actor: Actor, ip: string | null, equipmentId: number, patch: EquipmentPatch): Promise<TeamDetailData>;
  deleteEquipment(actor: Actor, ip: string | null, equipmentId: number, version: number): Promise<TeamDetailData>;
  scheduleRollcall(actor: Actor, ip: string | null, id: number, scheduledFor: string): Promise<TeamDetailData>;
  recordRollcall(actor: Actor, ip: string | null, rollcallId: number, input: RollcallRecord): Promise<TeamDetailData>;
  /**
   * The teams of the caller's jurisdiction nearest a point by estimated travel time (straight line × detour factor
   * at an average speed): the dispatch module's question. `q` is the caller's transaction, when it has one.
   */
  nearest(actor: Actor, lng: number, lat: number, limit: number, q?: Queryable): Promise<TeamCandidate[]>;
  /** Every team of the caller's jurisdiction with its members and equipment, as XLSX (phones in full; audited). */
  exportXlsx(actor: Actor, ip: string | null): Promise<Buffer>;
  /**
   * Creates the teams of an XLSX file (sheets 队伍, 队员, 装备) with their members and equipment: all of them or, when
   * any cell or rule is wrong, none — every error listed by sheet, row and column.
   */
  importXlsx(actor: Actor, ip: string | null, data: Buffer): Promise<{ teams: number; members: number; equipment: number }>;
  /**
   * What importing the workbook would change, team by team (new, changed fields, unchanged; members matched by name,
   * equipment by kind and name; those missing from the file listed, with whether a roll-call pins them), and the
   * plan's fingerprint for `applyImport`. Writes nothing.
   */
  previewImport(actor: Actor, data: Buffer): Promise<ImportPreviewData>;
  /**
   * Applies the workbook in one transaction: new teams created, known ones updated by code. Refused (409) when the
   * plan no longer matches the fingerprint the caller previewed. Members and items missing from the file are removed
   * only with `removeMissing`, and never those a recorded roll-call points at (those are counted as kept).
   */
  applyImport(actor: Actor, ip: string | null, data: Buffer, options: { preview: string; removeMissing: boolean }): Promise<ImportApplied>;
  /** One team as the caller may see it, or null (for the dispatch module). */
  find(actor: Actor, id: number, q?: Queryable): Promise<repo.TeamRow | null>;
}

const READ_FULL: Permission = 'command:write';

export interface ImportPreviewData {
  preview: string;
  plans: TeamPlan[];
  /** `m<id>` / `e<id>`: members and items missing from the file that recorded roll-calls point at. */
  pinned: ReadonlySet<string>;
}

export interface ImportApplied {
  created: number; updated: number; unchanged: number;
  membersAdded: number; membersChanged: number; membersRemoved: number; membersKept: number;
  equipmentAdded: number; equipmentChanged: number; equipmentRemoved: number; equipmentKept: number;
}

const PHONE_FIELDS = new Set(['phone', 'leaderPhone']);

export function createTeamsService({ db, regions, cipher, now = () => new Date() }: TeamsDeps, travel: { detourFactor: number; speedKmh: number } = DEFAULT_TRAVEL): TeamsService {
  const seal = (plain: string | null | undefined, context: string) => (plain ? cipher.encrypt(plain, context) : null);
  const open = (stored: string | null, context: string) => (stored === null || !cipher.isEncrypted(stored) ? stored : cipher.decrypt(stored, context));
  const masked = (p: string | null | undefined) => (p ? mask(p, 'phone') : null);
  const window = (): repo.FlagWindow => ({ today: shanghaiDate(now()), qualificationDays: QUALIFICATION_WARN_DAYS, maintenanceDays: MAINTENANCE_WARN_DAYS });

  async function detail(q: Queryable, actor: Actor, id: number): Promise<TeamDetailData> {
    const w = window();
    const team = await repo.findTeam(q, id, actor.scope, w);
    if (!team) throw new AppError(E.TEAMS_NOT_FOUND, 404);
    return {
      team: { ...team, leaderPhone: open(team.leaderPhone, LEADER_PHONE_CONTEXT) },
      members: (await repo.membersOf(q, id)).map((m) => ({ ...m, phone: open(m.phone, MEMBER_PHONE_CONTEXT) })),
      equipment: await repo.equipmentOf(q, id),
      rollcalls: await repo.rollcallsOf(q, id),
      today: w.today,
      fullPhones: actor.permissions.has(READ_FULL),
    };
  }

  const memberRows = (members: readonly MemberCreate[]) => members.map((m) => ({
    name: m.name, role: m.role, phone: seal(m.phone, MEMBER_PHONE_CONTEXT), qualification: m.qualification ?? null,
    qualificationExpires: m.qualificationExpires ?? null, volunteer: m.volunteer ?? false,
  }));
  const equipmentRows = (items: readonly EquipmentCreate[]) => items.map((e) => ({
    kind: e.kind, name: e.name, count: e.count, location: e.location ?? null, state: e.state ?? 'ready', maintenanceDue: e.maintenanceDue ?? null,
  }));
  const memberAudit = (members: readonly MemberCreate[]) => members.map((m) => ({ ...m, phone: masked(m.phone) }));

  const phoneOps = (context: string) => ({ seal: (p: string | null) => seal(p, context), mask: (p: string | null) => masked(p) });
  function checkVersion(current: number, sent: number, what: string, whatZh: string): void {
    if (current !== sent) throw new AppError(E.COMMAND_VERSION_CONFLICT, 409, { what, whatZh, current, sent });
  }
  /** An audit row of a write to one of a team's records, in the team's region. */
  async function auditOnTeam(tx: Queryable, actor: Actor, ip: string | null, teamId: number, entry: { action: string; entityType: string; entityId: number; before?: Record<string, unknown>; after?: Record<string, unknown> }) {
    const team = await repo.findTeam(tx, teamId, actor.scope, window());
    await appendAudit(tx, auditContextOf(actor, ip), { ...entry, regionCode: team!.regionCode, before: { teamId, ...entry.before } });
  }

  const invalid = (list: CellError[]) => new AppError(E.TEAMS_IMPORT_INVALID, 400, { count: list.length, at: list[0]!.at, zh: list[0]!.zh, en: list[0]!.en },
    list.slice(0, 200).map((e) => ({ field: e.at, rule: 'import', zh: `${e.at}：${e.zh}`, en: `${e.at}: ${e.en}` })));

  /** The workbook's teams, or a 400 naming every bad cell (or the file, when it is no workbook). */
  async function readFile(data: Buffer): Promise<TeamRowIn[]> {
    let sheets;
    try {
      const wb = await loadWorkbook(data);
      const rowsOf = (name: string) => {
        const ws = wb.getWorksheet(name);
        return ws ? sheetRows(ws) : null;
      };
      sheets = { teams: rowsOf(TEAM_SHEET) ?? (wb.worksheets[0] ? sheetRows(wb.worksheets[0]) : null), members: rowsOf(MEMBER_SHEET), equipment: rowsOf(EQUIPMENT_SHEET) };
    } catch (err) {
      if (err instanceof ImportFormatError) throw new AppError(E.TEAMS_IMPORT_UNREADABLE, 400, { zh: err.zh, en: err.en });
      throw err;
    }
    const { teams, errors } = parseTeamSheets(sheets);
    if (errors.length > 0) throw invalid(errors);
    return teams;
  }

  /**
   * The plan of an import that updates teams by code: the rules that need the database checked for every team
   * first (a code of another jurisdiction, a region moved, an unknown region), then each team compared. Also which
   * of the members and items missing from the file recorded roll-calls point at (those are kept even when asked).
   */
  async function planOf(q: Queryable, actor: Actor, teams: readonly TeamRowIn[]): Promise<{ plans: TeamPlan[]; pinned: Set<string> }> {
    const known = new Map((await repo.teamsByCode(q, teams.map((t) => t.code))).map((r) => [r.code, r]));
    const unknown = new Set(await regions.unknownCodes([...new Set(teams.map((t) => t.regionCode))], q));
    const errors: CellError[] = [];
    const stored = new Map<string, StoredTeam>();
    const w = window();
    for (const t of teams) {
      const at = `${TEAM_SHEET}!${t.code}`;
      const k = known.get(t.code);
      const row = k ? await repo.findTeam(q, k.id, actor.scope, w) : null;
      if (k && !row) {
        errors.push({ at, zh: `编号 ${t.code} 已被其他队伍使用`, en: `code ${t.code} is already used by another team` });
      } else if (row) {
        if (row.regionCode !== t.regionCode) {
          errors.push({ at, zh: `「区划代码」不能通过导入修改（现为 ${row.regionCode}，文件为 ${t.regionCode}）`, en: `region code: an import cannot move a team (it is ${row.regionCode}, the file says ${t.regionCode})` });
        }
        stored.set(t.code, {
          id: row.id, code: row.code, name: row.name, category: row.category, kind: row.kind, baseUnit: row.baseUnit, regionCode: row.regionCode,
          location: [row.lng, row.lat], leaderName: row.leaderName, leaderPhone: open(row.leaderPhone, LEADER_PHONE_CONTEXT),
          members: (await repo.membersOf(q, row.id)).map((m) => ({
            id: m.id, name: m.name, role: m.role, phone: open(m.phone, MEMBER_PHONE_CONTEXT), qualification: m.qualification, qualificationExpires: m.qualificationExpires, volunteer: m.volunteer,
          })),
          equipment: (await repo.equipmentOf(q, row.id)).map((e) => ({ id: e.id, kind: e.kind, name: e.name, count: e.count, location: e.location, state: e.state, maintenanceDue: e.maintenanceDue })),
        });
      } else if (!inScope(actor.regionCode, t.regionCode)) {
        errors.push({ at, zh: `区划 ${t.regionCode} 不在您的管辖范围内`, en: `region ${t.regionCode} is outside your jurisdiction` });
      } else if (unknown.has(t.regionCode)) {
        errors.push({ at, zh: `区划代码 ${t.regionCode} 不存在`, en: `unknown region code ${t.regionCode}` });
      }
    }
    if (errors.length > 0) throw invalid(errors);
    const plans = planTeamsImport(teams, stored);
    const pinnedMembers = await repo.inRollcalls(q, 'member', plans.flatMap((p) => p.members.missing.map((m) => m.id)));
    const pinnedItems = await repo.inRollcalls(q, 'equipment', plans.flatMap((p) => p.equipment.missing.map((e) => e.id)));
    return { plans, pinned: new Set([...[...pinnedMembers].map((id) => `m${id}`), ...[...pinnedItems].map((id) => `e${id}`)]) };
  }

  /** A fingerprint of a plan: the apply step refuses when the teams changed after the preview was shown. */
  const fingerprint = (plans: readonly TeamPlan[], pinned: ReadonlySet<string>) =>
    createHash('sha256').update(JSON.stringify({ plans, pinned: [...pinned].sort() })).digest('hex');

  function checkKind(category: string, kind: string): void {
    if (!kindAllowed(category, kind)) {
      const c = labelOf(TEAM_CATEGORIES, category);
      const k = labelOf(TEAM_KINDS, kind);
      throw new AppError(E.TEAMS_KIND_CATEGORY, 400, { category, categoryZh: c.zh, kind, kindZh: k.zh });
    }
  }

  async function insertTeam(tx: Queryable, input: TeamCreate): Promise<number> {
    checkKind(input.category, input.kind);
    if (await repo.codeTaken(tx, input.code)) throw new AppError(E.TEAMS_CODE_TAKEN, 409, { code: input.code });
    const id = await repo.insertTeam(tx, {
      code: input.code, name: input.name, category: input.category, kind: input.kind, baseUnit: input.baseUnit, regionCode: input.regionCode,
      location: input.location, leaderName: input.leaderName ?? null, leaderPhone: seal(input.leaderPhone, LEADER_PHONE_CONTEXT),
    });
    await repo.insertMembers(tx, id, input.regionCode, memberRows(input.members ?? []));
    await repo.insertEquipment(tx, id, input.regionCode, equipmentRows(input.equipment ?? []));
    return id;
  }

  async function change(actor: Actor, ip: string | null, id: number, action: string, write: (tx: Queryable, team: repo.TeamRow) => Promise<Record<string, unknown>>) {
    return db.transaction(async (tx) => {
      const team = await repo.findTeam(tx, id, actor.scope, window());
      if (!team) throw new AppError(E.TEAMS_NOT_FOUND, 404);
      const after = await write(tx, team);
      await appendAudit(tx, auditContextOf(actor, ip), { action, entityType: 'team', entityId: id, regionCode: team.regionCode, after });
      return detail(tx, actor, id);
    });
  }

  return {
    list: (actor, query) => repo.listTeams(db, actor.scope, window(), query),

    async readiness(actor) {
      const teams = await repo.listTeams(db, actor.scope, window());
      // Per county (or per town for a county user): the people and equipment of every checked team pooled.
      const keyOf = (t: repo.TeamRow) => (actor.scope.length >= 6 ? t.regionCode : t.regionCode.slice(0, 6));
      const groups = new Map<string, repo.TeamRow[]>();
      for (const t of teams) groups.set(keyOf(t), [...(groups.get(keyOf(t)) ?? []), t]);
      const sum = (code: string, name: string | null, ts: repo.TeamRow[]): RegionReadinessData => {
        const checked = ts.filter((t) => t.lastRollcallAt !== null);
        const r = readinessOf(checked.length === 0 ? null : {
          peopleTotal: checked.reduce((a, t) => a + (t.peopleTotal ?? 0), 0), peoplePresent: checked.reduce((a, t) => a + (t.peoplePresent ?? 0), 0),
          equipmentTotal: checked.reduce((a, t) => a + (t.equipmentTotal ?? 0), 0), equipmentWorking: checked.reduce((a, t) => a + (t.equipmentWorking ?? 0), 0),
        });
        return {
          regionCode: code, regionName: name, teams: ts.length, checked: checked.length, peoplePct: r.peoplePct, equipmentPct: r.equipmentPct,
          qualificationsFlagged: ts.reduce((a, t) => a + t.qualificationsFlagged, 0), upkeepFlagged: ts.reduce((a, t) => a + t.upkeepFlagged, 0),
        };
      };
      const names = await repo.regionNames(db, [...groups.keys(), actor.regionCode]);
      return {
        overall: sum(actor.regionCode, names.get(actor.regionCode) ?? null, teams),
        regions: [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, ts]) => sum(code, names.get(code) ?? null, ts)),
      };
    },

    get: (actor, id) => detail(db, actor, id),

    async create(actor, ip, input) {
      return db.transaction(async (tx) => {
        if (!inScope(actor.regionCode, input.regionCode)) throw new AppError(E.COMMAND_REGION_OUT_OF_SCOPE, 403, { field: 'regionCode', regionCode: input.regionCode });
        if ((await regions.unknownCodes([input.regionCode], tx)).length > 0) throw new AppError(E.COMMAND_REGION_UNKNOWN, 400, { field: 'regionCode', regionCode: input.regionCode });
        const id = await insertTeam(tx, input);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'team.create', entityType: 'team', entityId: id, regionCode: input.regionCode,
          after: { ...input, leaderPhone: masked(input.leaderPhone), members: memberAudit(input.members ?? []) },
        });
        return detail(tx, actor, id);
      });
    },

    update: (actor, ip, id, patch) => db.transaction(async (tx) => {
      const version = await repo.lockTeam(tx, id, actor.scope);
      if (version === null) throw new AppError(E.TEAMS_NOT_FOUND, 404);
      checkVersion(version, patch.version, 'team', '队伍');
      const team = (await repo.findTeam(tx, id, actor.scope, window()))!;
      // The kind must suit the category the team ends up with, whichever of the two the edit sends.
      checkKind(patch.category ?? team.category, patch.kind ?? team.kind);
      const { location, ...fields } = patch;
      const stored = { ...team, leaderPhone: open(team.leaderPhone, LEADER_PHONE_CONTEXT) };
      const { set, before, after } = changesOf(stored, fields, { leaderPhone: phoneOps(LEADER_PHONE_CONTEXT) });
      // A point is compared by value (the changes helper compares scalars).
      if (location && (location[0] !== team.lng || location[1] !== team.lat)) {
        before.location = [team.lng, team.lat];
        after.location = location;
      }
      if (Object.keys(after).length > 0) {
        const has = (k: string) => Object.hasOwn(set, k);
        await repo.updateTeam(tx, id, {
          name: (set.name as string | undefined) ?? team.name, category: (set.category as string | undefined) ?? team.category,
          kind: (set.kind as string | undefined) ?? team.kind, baseUnit: (set.baseUnit as string | undefined) ?? team.baseUnit,
          location: location ?? [team.lng, team.lat],
          leaderName: has('leaderName') ? (set.leaderName as string | null) : team.leaderName,
          // Stored sealed: the sealed value of a new phone, or the row's own.
          leaderPhone: has('leaderPhone') ? (set.leaderPhone as string | null) : team.leaderPhone,
        });
      }
      // Audited always (an empty `after`: saved without a change), phones masked.
      await appendAudit(tx, auditContextOf(actor, ip), { action: 'team.update', entityType: 'team', entityId: id, regionCode: team.regionCode, before, after });
      return detail(tx, actor, id);
    }),

    addMembers: (actor, ip, id, members) => change(actor, ip, id, 'team.members_add', async (tx, team) => {
      const ids = await repo.insertMembers(tx, id, team.regionCode, memberRows(members));
      return { memberIds: ids, members: memberAudit(members) };
    }),

    addEquipment: (actor, ip, id, items) => change(actor, ip, id, 'team.equipment_add', async (tx, team) => {
      const ids = await repo.insertEquipment(tx, id, team.regionCode, equipmentRows(items));
      return { equipmentIds: ids, equipment: items };
    }),

    updateMember: (actor, ip, memberId, patch) => db.transaction(async (tx) => {
      const m = await repo.findMemberForUpdate(tx, memberId, actor.scope);
      if (!m) throw new AppError(E.TEAMS_MEMBER_NOT_FOUND, 404);
      checkVersion(m.version, patch.version, 'member', '队员');
      const { set, before, after } = changesOf({ ...m, phone: open(m.phone, MEMBER_PHONE_CONTEXT) }, patch, { phone: phoneOps(MEMBER_PHONE_CONTEXT) });
      // Written when anything changed; audited always (an empty `after`: saved without a change).
      if (Object.keys(set).length > 0) await repo.updateMember(tx, memberId, set);
      await auditOnTeam(tx, actor, ip, m.teamId, { action: 'team.member_update', entityType: 'team_member', entityId: memberId, before, after });
      return detail(tx, actor, m.teamId);
    }),

    deleteMember: (actor, ip, memberId, version) => db.transaction(async (tx) => {
      const m = await repo.findMemberForUpdate(tx, memberId, actor.scope);
      if (!m) throw new AppError(E.TEAMS_MEMBER_NOT_FOUND, 404);
      checkVersion(m.version, version, 'member', '队员');
      const count = await repo.rollcallsOfMember(tx, memberId);
      if (count > 0) throw new AppError(E.TEAMS_IN_ROLLCALL, 409, { what: 'member', whatZh: '队员', name: m.name, count });
      await repo.deleteMembers(tx, [memberId]);
      await auditOnTeam(tx, actor, ip, m.teamId, {
        action: 'team.member_delete', entityType: 'team_member', entityId: memberId,
        before: { name: m.name, role: m.role, phone: masked(open(m.phone, MEMBER_PHONE_CONTEXT)), qualification: m.qualification, qualificationExpires: m.qualificationExpires },
      });
      return detail(tx, actor, m.teamId);
    }),

    updateEquipment: (actor, ip, equipmentId, patch) => db.transaction(async (tx) => {
      const e = await repo.findEquipmentForUpdate(tx, equipmentId, actor.scope);
      if (!e) throw new AppError(E.TEAMS_EQUIPMENT_NOT_FOUND, 404);
      checkVersion(e.version, patch.version, 'item of equipment', '装备');
      const { set, before, after } = changesOf(e, patch, {});
      if (Object.keys(set).length > 0) await repo.updateEquipment(tx, equipmentId, set);
      await auditOnTeam(tx, actor, ip, e.teamId, { action: 'team.equipment_update', entityType: 'team_equipment', entityId: equipmentId, before, after });
      return detail(tx, actor, e.teamId);
    }),

    deleteEquipment: (actor, ip, equipmentId, version) => db.transaction(async (tx) => {
      const e = await repo.findEquipmentForUpdate(tx, equipmentId, actor.scope);
      if (!e) throw new AppError(E.TEAMS_EQUIPMENT_NOT_FOUND, 404);
      checkVersion(e.version, version, 'item of equipment', '装备');
      const count = await repo.rollcallsOfEquipment(tx, equipmentId);
      if (count > 0) throw new AppError(E.TEAMS_IN_ROLLCALL, 409, { what: 'item of equipment', whatZh: '装备', name: `${e.kind} · ${e.name}`, count });
      await repo.deleteEquipment(tx, [equipmentId]);
      await auditOnTeam(tx, actor, ip, e.teamId, {
        action: 'team.equipment_delete', entityType: 'team_equipment', entityId: equipmentId,
        before: { kind: e.kind, name: e.name, count: e.count, location: e.location, state: e.state, maintenanceDue: e.maintenanceDue },
      });
      return detail(tx, actor, e.teamId);
    }),

    scheduleRollcall: (actor, ip, id, scheduledFor) => change(actor, ip, id, 'team.rollcall_schedule', async (tx, team) => {
      const rollcallId = await repo.insertRollcall(tx, id, team.regionCode, scheduledFor);
      return { rollcallId, scheduledFor };
    }),

    async recordRollcall(actor, ip, rollcallId, input) {
      return db.transaction(async (tx) => {
        const rc = await repo.findRollcall(tx, rollcallId, actor.scope);
        if (!rc) throw new AppError(E.TEAMS_ROLLCALL_NOT_FOUND, 404);
        if (rc.state === 'recorded') throw new AppError(E.TEAMS_ROLLCALL_RECORDED, 409);
        // Every member and every item exactly once: a roll-call that skips someone would overstate readiness.
        const memberIds = new Set((await repo.membersOf(tx, rc.teamId)).map((m) => m.id));
        const itemIds = new Set((await repo.equipmentOf(tx, rc.teamId)).map((e) => e.id));
        const seenM = new Set<number>();
        input.members.forEach((m, i) => {
          if (!memberIds.has(m.memberId) || seenM.has(m.memberId)) throw new AppError(E.TEAMS_ROLLCALL_FOREIGN, 400, { field: `members[${i}].memberId`, id: m.memberId });
          seenM.add(m.memberId);
        });
        const seenE = new Set<number>();
        input.equipment.forEach((e, i) => {
          if (!itemIds.has(e.equipmentId) || seenE.has(e.equipmentId)) throw new AppError(E.TEAMS_ROLLCALL_FOREIGN, 400, { field: `equipment[${i}].equipmentId`, id: e.equipmentId });
          if (e.working > e.counted) throw new AppError(E.TEAMS_ROLLCALL_WORKING_EXCEEDS, 400, { field: `equipment[${i}].working`, working: e.working, counted: e.counted });
          seenE.add(e.equipmentId);
        });
        if (seenM.size < memberIds.size) throw new AppError(E.TEAMS_ROLLCALL_INCOMPLETE, 400, { field: 'members', what: 'member', whatZh: '队员', missing: memberIds.size - seenM.size });
        if (seenE.size < itemIds.size) throw new AppError(E.TEAMS_ROLLCALL_INCOMPLETE, 400, { field: 'equipment', what: 'item of equipment', whatZh: '装备', missing: itemIds.size - seenE.size });
        await repo.recordRollcall(tx, rollcallId, { recordedBy: actor.displayName || actor.username, note: input.note ?? null, members: input.members, equipment: input.equipment });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'rollcall.record', entityType: 'rollcall', entityId: rollcallId, regionCode: rc.regionCode,
          after: {
            teamId: rc.teamId, present: input.members.filter((m) => m.present).length, members: input.members.length,
            working: input.equipment.reduce((a, e) => a + e.working, 0), counted: input.equipment.reduce((a, e) => a + e.counted, 0), note: input.note ?? null,
          },
        });
        return detail(tx, actor, rc.teamId);
      });
    },

    async nearest(actor, lng, lat, limit, q = db) {
      const near = await repo.nearestTeams(q, actor.scope, lng, lat, limit);
      const w = window();
      const out: TeamCandidate[] = [];
      for (const n of near) {
        const team = await repo.findTeam(q, n.id, actor.scope, w);
        if (team) out.push({ team, distanceM: n.distanceM, etaMin: travelMinutes(n.distanceM, travel) });
      }
      // The KNN order is planar; ranking by the geodesic estimate fixes the few near-ties it gets wrong.
      return out.sort((a, b) => a.etaMin - b.etaMin || a.team.id - b.team.id);
    },

    find: (actor, id, q = db) => repo.findTeam(q, id, actor.scope, window()),

    async exportXlsx(actor, ip) {
      const teams = await repo.listTeams(db, actor.scope, window());
      const rows: TeamRowIn[] = [];
      for (const t of teams) {
        rows.push({
          code: t.code, name: t.name, category: t.category, kind: t.kind, baseUnit: t.baseUnit, regionCode: t.regionCode, location: [t.lng, t.lat],
          leaderName: t.leaderName, leaderPhone: open(t.leaderPhone, LEADER_PHONE_CONTEXT),
          members: (await repo.membersOf(db, t.id)).map((m) => ({
            name: m.name, role: m.role, phone: open(m.phone, MEMBER_PHONE_CONTEXT), qualification: m.qualification, qualificationExpires: m.qualificationExpires, volunteer: m.volunteer,
          })),
          equipment: (await repo.equipmentOf(db, t.id)).map((e) => ({ kind: e.kind, name: e.name, count: e.count, location: e.location, state: e.state, maintenanceDue: e.maintenanceDue })),
        });
      }
      const wb = await newWorkbook();
      for (const sheet of teamSheets(rows)) addSheet(wb, sheet);
      const file = await workbookBuffer(wb);
      // Personal phones leave the server in full here: who took them, and when, is on the audit trail.
      await db.transaction((tx) => appendAudit(tx, auditContextOf(actor, ip), {
        action: 'team.export', entityType: 'team', regionCode: actor.regionCode, after: { teams: rows.length, members: rows.reduce((a, t) => a + t.members.length, 0) },
      }));
      return file;
    },

    async previewImport(actor, data) {
      const teams = await readFile(data);
      const { plans, pinned } = await planOf(db, actor, teams);
      return { preview: fingerprint(plans, pinned), plans, pinned };
    },

    async applyImport(actor, ip, data, { preview, removeMissing }) {
      const teams = await readFile(data);
      return db.transaction(async (tx) => {
        const { plans, pinned } = await planOf(tx, actor, teams);
        if (fingerprint(plans, pinned) !== preview) throw new AppError(E.TEAMS_IMPORT_STALE, 409);
        const done: ImportApplied = {
          created: 0, updated: 0, unchanged: 0, membersAdded: 0, membersChanged: 0, membersRemoved: 0, membersKept: 0,
          equipmentAdded: 0, equipmentChanged: 0, equipmentRemoved: 0, equipmentKept: 0,
        };
        const maskedChanges = (cs: readonly FieldChange[]) => cs.map((c) => (PHONE_FIELDS.has(c.field)
          ? { ...c, before: masked(c.before as string | null), after: masked(c.after as string | null) } : c));
        const setOf = (cs: readonly FieldChange[], phoneContext: string) => Object.fromEntries(cs.map((c) => [c.field, PHONE_FIELDS.has(c.field) ? seal(c.after as string | null, phoneContext) : c.after]));
        for (const p of plans) {
          const t = p.next;
          if (p.status === 'unchanged') {
            done.unchanged += 1;
            continue;
          }
          if (p.status === 'new') {
            await insertTeam(tx, { ...t, category: t.category as TeamCreate['category'], kind: t.kind as TeamCreate['kind'], equipment: t.equipment.map((e) => ({ ...e, state: e.state as 'ready' })) });
            done.created += 1;
            done.membersAdded += t.members.length;
            done.equipmentAdded += t.equipment.length;
            continue;
          }
          const id = p.teamId!;
          if (p.fields.length > 0) {
            await repo.updateTeam(tx, id, {
              name: t.name, category: t.category, kind: t.kind, baseUnit: t.baseUnit, location: t.location, leaderName: t.leaderName, leaderPhone: seal(t.leaderPhone, LEADER_PHONE_CONTEXT),
            });
          }
          await repo.insertMembers(tx, id, t.regionCode, memberRows(p.members.added.map((a) => a.next)));
          for (const c of p.members.changed) await repo.updateMember(tx, c.id, setOf(c.changes, MEMBER_PHONE_CONTEXT));
          await repo.insertEquipment(tx, id, t.regionCode, equipmentRows(p.equipment.added.map((a) => ({ ...a.next, state: a.next.state as 'ready' }))));
          for (const c of p.equipment.changed) await repo.updateEquipment(tx, c.id, setOf(c.changes, ''));
          const removedMembers = removeMissing ? p.members.missing.filter((m) => !pinned.has(`m${m.id}`)) : [];
          const removedItems = removeMissing ? p.equipment.missing.filter((e) => !pinned.has(`e${e.id}`)) : [];
          await repo.deleteMembers(tx, removedMembers.map((m) => m.id));
          await repo.deleteEquipment(tx, removedItems.map((e) => e.id));
          done.updated += 1;
          done.membersAdded += p.members.added.length;
          done.membersChanged += p.members.changed.length;
          done.membersRemoved += removedMembers.length;
          done.membersKept += p.members.missing.length - removedMembers.length;
          done.equipmentAdded += p.equipment.added.length;
          done.equipmentChanged += p.equipment.changed.length;
          done.equipmentRemoved += removedItems.length;
          done.equipmentKept += p.equipment.missing.length - removedItems.length;
          await appendAudit(tx, auditContextOf(actor, ip), {
            action: 'team.import_update', entityType: 'team', entityId: id, regionCode: t.regionCode,
            after: {
              code: t.code, fields: maskedChanges(p.fields),
              membersAdded: p.members.added.map((a) => a.label), membersChanged: p.members.changed.map((c) => ({ id: c.id, name: c.label, changes: maskedChanges(c.changes) })),
              membersRemoved: removedMembers, equipmentAdded: p.equipment.added.map((a) => a.label),
              equipmentChanged: p.equipment.changed.map((c) => ({ id: c.id, name: c.label, changes: c.changes })), equipmentRemoved: removedItems,
            },
          });
        }
        // One row for the file as a whole, even when it changed nothing: someone imported it.
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'team.import', entityType: 'team', regionCode: actor.regionCode, after: { ...done, removeMissing, codes: plans.filter((p) => p.status !== 'unchanged').map((p) => p.code) },
        });
        return done;
      });
    },

    async importXlsx(actor, ip, data) {
      const teams = await readFile(data);
      return db.transaction(async (tx) => {
        // Rules that need the database, checked for every team before anything is written.
        const unknown = new Set(await regions.unknownCodes([...new Set(teams.map((t) => t.regionCode))], tx));
        const more: CellError[] = [];
        for (const t of teams) {
          const at = `${TEAM_SHEET}!${t.code}`;
          if (!inScope(actor.regionCode, t.regionCode)) more.push({ at, zh: `区划 ${t.regionCode} 不在您的管辖范围内`, en: `region ${t.regionCode} is outside your jurisdiction` });
          else if (unknown.has(t.regionCode)) more.push({ at, zh: `区划代码 ${t.regionCode} 不存在`, en: `unknown region code ${t.regionCode}` });
          if (await repo.codeTaken(tx, t.code)) more.push({ at, zh: `编号 ${t.code} 已被其他队伍使用`, en: `code ${t.code} is already used by another team` });
        }
        if (more.length > 0) throw invalid(more);
        for (const t of teams) await insertTeam(tx, { ...t, category: t.category as TeamCreate['category'], kind: t.kind as TeamCreate['kind'], equipment: t.equipment.map((e) => ({ ...e, state: e.state as 'ready' })) });
        const counts = { teams: teams.length, members: teams.reduce((a, t) => a + t.members.length, 0), equipment: teams.reduce((a, t) => a + t.equipment.length, 0) };
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'team.import', entityType: 'team', regionCode: actor.regionCode, after: { ...counts, codes: teams.map((t) => t.code) } });
        return counts;
      });
    },
  };
}

/** Flags of one member and one item, for the presenter. */
export const flags = {
  qualification: (m: repo.MemberRow, today: string) => dueFlag(m.qualificationExpires, today, QUALIFICATION_WARN_DAYS),
  maintenance: (e: repo.EquipmentRow, today: string) => dueFlag(e.maintenanceDue, today, MAINTENANCE_WARN_DAYS),
};
