/**
 * The rules of key economic targets (重要经济目标): the register (category, grade, unit, location and footprint),
 * the 七有 checklist and 一库一室一中心, protection plans, the assigned repair team (a reference to the command
 * module's team), funds per year and the drills of the target; and the readiness score with what lowers it
 * (the rule is the domain's `targetReadiness`). Internal only: no public route shows a target.
 */
import { inScope, targetReadiness, type BuildState, type OneLibraryPart, type SevenHave, type TargetReadiness } from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { postgisProblem, shapeRefusal } from '../../lib/shape-check.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { appendAudit } from '../audit/index.ts';
import type { DrillsService } from '../drills/index.ts';
import type { PlansService } from '../plans/index.ts';
import { refKey, type RefsService } from '../command/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { TargetsErrors as E } from './targets.errors.ts';
import * as repo from './targets.repository.ts';
import type { FundRow, TargetRow } from './targets.repository.ts';

export type { FundRow, TargetRow };

export interface TargetInput {
  code: string; name: string; category: string; grade: string; unitName: string; regionCode: string; location: [number, number];
  footprint?: object | null; checklist?: Partial<Record<SevenHave, boolean>>; oneLibrary?: Partial<Record<OneLibraryPart, BuildState>>;
  repairTeam?: { id: number | null; name: string } | null; planIds?: number[];
}
export interface TargetPatch {
  version?: number; name?: string; category?: string; grade?: string; unitName?: string; regionCode?: string; location?: [number, number]; footprint?: object | null;
  checklist?: Partial<Record<SevenHave, boolean>>; oneLibrary?: Partial<Record<OneLibraryPart, BuildState>>;
  repairTeam?: { id: number | null; name: string } | null; planIds?: number[];
}
export interface ScoredTarget { target: TargetRow; readiness: TargetReadiness; lastDrillOn: string | null; approvedPlans: number }
export interface TargetDetail extends ScoredTarget { plans: Array<{ id: number; title: string; kind: string; approvedRevision: number | null }>; funds: FundRow[] }

export interface TargetsDeps {
  db: Database;
  regions: Pick<RegionsService, 'unknownCodes' | 'geometryInScope'>;
  plans: Pick<PlansService, 'byIds'>;
  drills: Pick<DrillsService, 'lastDrillByTarget' | 'drillsOfTarget'>;
  /** The command half: the repair team is checked there on write. */
  refs: Pick<RefsService, 'resolve'>;
  today?: () => string;
}

export interface TargetsService {
  list(actor: Actor): Promise<ScoredTarget[]>;
  get(actor: Actor, id: number): Promise<TargetDetail>;
  create(actor: Actor, ip: string | null, input: TargetInput): Promise<TargetDetail>;
  update(actor: Actor, ip: string | null, id: number, patch: TargetPatch): Promise<TargetDetail>;
  /** Deletes a target no drill record refers to (its plan links and funds go with it); 409 otherwise. */
  remove(actor: Actor, ip: string | null, id: number): Promise<void>;
  addFund(actor: Actor, ip: string | null, id: number, fund: { year: number; amountWan: number; purpose: string }): Promise<TargetDetail>;
  /** Writes targets as the demo has them (demo data). */
  loadDemo(tx: Queryable, input: TargetInput & { funds?: Array<{ year: number; amountWan: number; purpose: string }> }): Promise<number>;
}

export function createTargetsService({ db, regions, plans, drills, refs, today = () => shanghaiDate(new Date()) }: TargetsDeps): TargetsService {
  const year = () => Number(today().slice(0, 4));

  /** A repair team given by id must be a team of the writer's jurisdiction; its current name is stored. */
  async function checkedTeam(tx: Queryable, actor: Actor, team: { id: number | null; name: string } | null): Promise<{ id: number | null; name: string } | null> {
    if (team === null || team.id === null) return team;
    const found = (await refs.resolve(actor, [{ kind: 'team', id: team.id }], tx)).get(refKey('team', team.id));
    if (!found) throw new AppError(E.TARGETS_TEAM_UNKNOWN, 400, { teamId: team.id }, [{ field: 'body.repairTeam.id', rule: 'reference', zh: `队伍 #${team.id} 不存在或不在您的管辖范围内`, en: `team #${team.id} does not exist or is outside your jurisdiction` }]);
    return { id: found.id, name: found.name };
  }

  async function score(actor: Actor, rows: TargetRow[]): Promise<ScoredTarget[]> {
    const planRows = await plans.byIds(actor, [...new Set(rows.flatMap((r) => r.planIds))]);
    const approved = new Set(planRows.filter((p) => p.approvedRevision !== null).map((p) => p.id));
    const last = await drills.lastDrillByTarget(actor, rows.map((r) => r.id));
    const day = today();
    return rows.map((target) => {
      const approvedPlans = target.planIds.filter((id) => approved.has(id)).length;
      const lastDrillOn = last.get(target.id) ?? null;
      const readiness = targetReadiness({
        checklist: target.checklist, oneLibrary: target.oneLibrary, approvedPlan: approvedPlans > 0, repairTeamAssigned: target.repairTeamName !== null,
        lastDrillOn, fundsThisYear: target.fundsThisYear,
      }, day);
      return { target, readiness, lastDrillOn, approvedPlans };
    });
  }

  // Read after the write's transaction: it asks the plans and drills services, which read on their own connection turn.
  async function detail(q: Queryable, actor: Actor, id: number): Promise<TargetDetail> {
    const row = await repo.targetById(q, actor.scope, year(), id);
    if (!row) throw new AppError(E.TARGETS_NOT_FOUND, 404, { id });
    const [scored] = await score(actor, [row]);
    const planRows = await plans.byIds(actor, row.planIds);
    return { ...scored!, plans: planRows.map((p) => ({ id: p.id, title: p.title, kind: p.kind, approvedRevision: p.approvedRevision })), funds: await repo.funds(q, id) };
  }

  async function checkPlans(actor: Actor, planIds: readonly number[]) {
    const known = new Set((await plans.byIds(actor, planIds)).map((p) => p.id));
    const bad = planIds.findIndex((id) => !known.has(id));
    if (bad >= 0) throw new AppError(E.TARGETS_PLAN_UNKNOWN, 400, { index: bad, planId: planIds[bad] });
  }

  const writeOf = (input: TargetInput, synthetic: boolean): repo.TargetWrite => ({
    code: input.code, name: input.name, category: input.category, grade: input.grade, unitName: input.unitName, regionCode: input.regionCode,
    location: input.location, footprint: input.footprint ? JSON.stringify(input.footprint) : null, checklist: input.checklist ?? {}, oneLibrary: input.oneLibrary ?? {},
    repairTeamId: input.repairTeam?.id ?? null, repairTeamName: input.repairTeam?.name ?? null, synthetic,
  });

  /** Each geometry valid and inside the outline of `regionCode`, or a 400 naming the field. Outside any transaction. */
  async function checkShapes(regionCode: string, shapes: ReadonlyArray<['location' | 'footprint', { type: string; coordinates: unknown }]>): Promise<void> {
    for (const [field, geometry] of shapes) {
      const refusal = await shapeRefusal(geometry, { db, inRegion: (g) => regions.geometryInScope(regionCode, g) });
      if (refusal) {
        throw new AppError(E.TARGETS_GEOMETRY_INVALID, 400, { field, zh: refusal.zh, en: refusal.en }, [
          { field: `body.${field}`, rule: refusal.rule, zh: refusal.zh, en: refusal.en },
        ]);
      }
    }
  }

  return {
    async list(actor) {
      return score(actor, await repo.listTargets(db, actor.scope, year()));
    },
    get: (actor, id) => detail(db, actor, id),

    async create(actor, ip, input) {
      if (!inScope(actor.regionCode, input.regionCode)) throw new AppError(E.TARGETS_REGION_OUT_OF_SCOPE, 403, { regionCode: input.regionCode });
      const planIds = [...new Set(input.planIds ?? [])];
      await checkPlans(actor, planIds);
      if (input.footprint) {
        // Outside the transaction: PostGIS refusing the GeoJSON is an error that would end the transaction.
        let reason: string | null;
        try {
          reason = await postgisProblem(db, JSON.stringify(input.footprint));
        } catch (err) {
          reason = err instanceof Error ? err.message.slice(0, 200) : 'unreadable';
        }
        if (reason) throw new AppError(E.TARGETS_FOOTPRINT_INVALID, 400, { reason });
      }
      // The point and the footprint inside the region's outline: the same check as an edit's.
      const shapes: Array<['location' | 'footprint', { type: string; coordinates: unknown }]> = [['location', { type: 'Point', coordinates: input.location }]];
      if (input.footprint) shapes.push(['footprint', input.footprint as { type: string; coordinates: unknown }]);
      await checkShapes(input.regionCode, shapes);
      const newId = await db.transaction(async (tx) => {
        if ((await regions.unknownCodes([input.regionCode], tx)).length > 0) throw new AppError(E.TARGETS_REGION_UNKNOWN, 400, { regionCode: input.regionCode });
        if (await repo.codeExists(tx, input.code)) throw new AppError(E.TARGETS_CODE_TAKEN, 409, { code: input.code });
        const id = await repo.insertTarget(tx, writeOf({ ...input, repairTeam: await checkedTeam(tx, actor, input.repairTeam ?? null) }, false));
        await repo.setPlans(tx, id, planIds);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'key_target.create', entityType: 'key_target', entityId: id, regionCode: input.regionCode,
          after: { code: input.code, name: input.name, category: input.category, grade: input.grade, planIds },
        });
        return id;
      });
      return detail(db, actor, newId);
    },

    async update(actor, ip, id, patch) {
      if (patch.planIds) await checkPlans(actor, [...new Set(patch.planIds)]);
      const current = await repo.targetById(db, actor.scope, year(), id);
      if (!current) throw new AppError(E.TARGETS_NOT_FOUND, 404, { id });
      const regionCode = patch.regionCode ?? current.regionCode;
      if (regionCode !== current.regionCode && !inScope(actor.regionCode, regionCode)) throw new AppError(E.TARGETS_REGION_OUT_OF_SCOPE, 403, { regionCode });
      const footprint = patch.footprint === undefined ? (current.footprint ? (JSON.parse(current.footprint) as { type: string; coordinates: unknown }) : null)
        : (patch.footprint as { type: string; coordinates: unknown } | null);
      // A moved point, a redrawn footprint, or either kept under another region: checked against that region's outline.
      const regionMoved = regionCode !== current.regionCode;
      const shapes: Array<['location' | 'footprint', { type: string; coordinates: unknown }]> = [];
      // A point sent back as it was is no move: a target registered before this check can still be renamed.
      const moved = patch.location !== undefined && (patch.location[0] !== current.location[0] || patch.location[1] !== current.location[1]);
      if (moved || regionMoved) shapes.push(['location', { type: 'Point', coordinates: patch.location ?? current.location }]);
      if (footprint && (patch.footprint !== undefined || regionMoved)) shapes.push(['footprint', footprint]);
      await checkShapes(regionCode, shapes);
      await db.transaction(async (tx) => {
        const before = await repo.targetById(tx, actor.scope, year(), id, true);
        if (!before) throw new AppError(E.TARGETS_NOT_FOUND, 404, { id });
        if (patch.version !== undefined && before.version !== patch.version) {
          throw new AppError(E.TARGETS_VERSION_CONFLICT, 409, { current: before.version, sent: patch.version });
        }
        // The shapes were checked against the row as read before the lock: changed since, they may no longer fit.
        if (shapes.length > 0 && before.version !== current.version) {
          throw new AppError(E.TARGETS_VERSION_CONFLICT, 409, { current: before.version, sent: patch.version ?? current.version });
        }
        if (regionMoved && (await regions.unknownCodes([regionCode], tx)).length > 0) throw new AppError(E.TARGETS_REGION_UNKNOWN, 400, { regionCode });
        const checked = patch.repairTeam === undefined ? undefined : await checkedTeam(tx, actor, patch.repairTeam);
        const team = checked === undefined ? { id: before.repairTeamId, name: before.repairTeamName } : { id: checked?.id ?? null, name: checked?.name ?? null };
        const after = {
          name: patch.name ?? before.name, category: patch.category ?? before.category, grade: patch.grade ?? before.grade, unitName: patch.unitName ?? before.unitName,
          regionCode, location: patch.location ?? before.location, footprint: footprint ? JSON.stringify(footprint) : null,
          checklist: { ...before.checklist, ...patch.checklist }, oneLibrary: { ...before.oneLibrary, ...patch.oneLibrary },
          repairTeamId: team.id, repairTeamName: team.name,
        };
        await repo.updateTarget(tx, id, after);
        if (patch.planIds) await repo.setPlans(tx, id, [...new Set(patch.planIds)]);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'key_target.update', entityType: 'key_target', entityId: id, regionCode,
          before: {
            version: before.version, name: before.name, category: before.category, grade: before.grade, unitName: before.unitName, regionCode: before.regionCode,
            location: before.location, footprint: before.footprint ? JSON.parse(before.footprint) as unknown : null,
            checklist: before.checklist, oneLibrary: before.oneLibrary, repairTeamName: before.repairTeamName, planIds: before.planIds,
          },
          after: { version: before.version + 1, ...after, footprint, planIds: patch.planIds ?? before.planIds },
        });
      });
      return detail(db, actor, id);
    },
    async remove(actor, ip, id) {
      await db.transaction(async (tx) => {
        const before = await repo.targetById(tx, actor.scope, year(), id, true);
        if (!before) throw new AppError(E.TARGETS_NOT_FOUND, 404, { id });
        // Any jurisdiction's drill counts: a city drill of a county's target is a record the county cannot see but must keep.
        const drillCount = await drills.drillsOfTarget(id, tx);
        if (drillCount > 0) throw new AppError(E.TARGETS_IN_USE, 409, { drills: drillCount });
        await repo.deleteTarget(tx, id);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'key_target.delete', entityType: 'key_target', entityId: id, regionCode: before.regionCode,
          before: { code: before.code, name: before.name, category: before.category, grade: before.grade, regionCode: before.regionCode, location: before.location, planIds: before.planIds, version: before.version },
        });
      });
    },
    async addFund(actor, ip, id, fund) {
      await db.transaction(async (tx) => {
        const t = await repo.targetById(tx, actor.scope, year(), id, true);
        if (!t) throw new AppError(E.TARGETS_NOT_FOUND, 404, { id });
        const fundId = await repo.insertFund(tx, id, fund);
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'key_target.fund', entityType: 'key_target', entityId: id, regionCode: t.regionCode, after: { fundId, ...fund } });
      });
      return detail(db, actor, id);
    },

    async loadDemo(tx, input) {
      const id = await repo.insertTarget(tx, writeOf(input, true));
      await repo.setPlans(tx, id, input.planIds ?? []);
      for (const f of input.funds ?? []) await repo.insertFund(tx, id, f);
      return id;
    },
  };
}
