/**
 * Rules of the works registry: jurisdiction, cross-field checks, optimistic locking, the life cycle.
 * Every write runs in one transaction with its audit row (before/after).
 */
import {
  LIFECYCLE_STATES, LIFECYCLE_TRANSITIONS, TRANSITIONS_NEEDING_APPROVAL, canTransition, inScope, needsUpkeep, type LifecycleState,
} from '@civdef/domain';
import type { Database, Queryable } from '../../../db/index.ts';
import { auditContextOf, type Actor } from '../../../lib/actor.ts';
import { AppError } from '../../../lib/errors.ts';
import type { EventBus } from '../../../lib/events.ts';
import type { FieldCipher } from '../../../lib/field-crypto.ts';
import { cacheKey, createReadCache, memoUntilWrite } from '../../../lib/read-cache.ts';
import { appendAudit } from '../../audit/index.ts';
import { WorksErrors as E } from '../works.errors.ts';
import { contactPhones } from './contact-phone.ts';
import * as repo from './works.repository.ts';
import * as search from './works-search.repository.ts';
import { checkWorkRules as checkWork, isUsableShelter } from '@civdef/domain';
import type { WorkCreatedEvent, WorkRetiredEvent } from '../works.events.ts';
import type { TransitionInput, WorkCreate, WorkFilter, WorkListQueryT, WorkPatch } from './works.schemas.ts';

/** What the presenter needs to show one work (GET /api/works/{id} and every write's answer). */
export interface WorkDetailData {
  work: repo.WorkFullRow;
  units: repo.UnitRow[];
  entrances: repo.EntranceRow[];
  upkeep: repo.UpkeepSummary;
  areaPerPersonM2: number;
}

export interface WorksDeps {
  db: Database;
  areaPerPersonM2: number;
  /** States whose works count as usable shelter: the one definition of 可用掩蔽人数 (stats, map). */
  usableShelterStates: readonly string[];
  /** `work.created`, `work.retired` and `work.changed` are emitted on it, inside the write's transaction. */
  events: EventBus;
  /** Seals 联系电话 on every write, opens it for the detail. */
  cipher: FieldCipher;
}

const label = (code: string) => LIFECYCLE_STATES.find((s) => s.code === code)?.zh ?? code;

/** ST_IsValidReason's words in Chinese (the English text is PostGIS's own). */
const GEOMETRY_REASONS_ZH: Record<string, string> = {
  'Self-intersection': '边界自相交',
  'Ring Self-intersection': '环自相交',
  'Too few points in geometry component': '点数过少',
  'Hole lies outside shell': '内环位于外环之外',
  'Nested holes': '内环相互嵌套',
  'Interior is disconnected': '内部不连通',
  'Nested shells': '外环相互嵌套',
  'Duplicate Rings': '环重复',
  'Invalid Coordinate': '坐标无效',
  'Ring not closed': '环未闭合（首点与末点须相同）',
};

/** The rings of a GeoJSON Polygon or MultiPolygon. */
function ringsOf(footprint: { type: string; coordinates: unknown }): number[][][] {
  const c = footprint.coordinates as number[][][] | number[][][][];
  return footprint.type === 'MultiPolygon' ? (c as number[][][][]).flat() : (c as number[][][]);
}

/**
 * A footprint must be a valid polygon (ST_IsValid): a self-intersecting outline has no meaningful area and
 * breaks every spatial query that touches it. 400 naming body.footprint and why, in zh and en.
 */
async function assertFootprint(q: Queryable, footprint: { type: string; coordinates: unknown } | null | undefined): Promise<void> {
  if (!footprint) return;
  // An unclosed ring is said in plain words here: PostGIS cannot even build the geometry to say why.
  const open = ringsOf(footprint).find((r) => r.length > 0 && (r[0]![0] !== r.at(-1)![0] || r[0]![1] !== r.at(-1)![1]));
  const problem = open ? `Ring not closed[${open[0]!.join(' ')}]` : await repo.footprintProblem(q, footprint);
  if (!problem) return;
  const m = /^([^[]*?)\s*(?:\[([^\]]*)\])?$/.exec(problem);
  const reason = (m?.[1] || problem).trim();
  const at = m?.[2] ?? null;
  const reasonZh = GEOMETRY_REASONS_ZH[reason] ?? reason;
  throw new AppError(E.WORKS_FOOTPRINT_INVALID, 400, { reason, reasonZh, at, field: 'body.footprint' }, [{
    field: 'body.footprint', rule: 'ST_IsValid',
    zh: `外轮廓 footprint 不是有效的面：${reasonZh}${at ? `（位置 ${at}）` : ''}`, en: `footprint is not a valid polygon: ${reason}${at ? ` (at ${at})` : ''}`,
  }]);
}

export function createWorksService(deps: WorksDeps) {
  const { db, areaPerPersonM2, events, usableShelterStates } = deps;
  const phones = contactPhones(deps.cipher);
  // A summary row is about 600 bytes in memory; most pages are the console's 20 rows, the largest 500.
  const pages = createReadCache<repo.WorkSummaryRow[]>({ maxEntries: 500, maxBytes: 32 * 1024 * 1024, sizeOf: (rows) => rows.length * 600 });
  const counts = createReadCache<number>({ maxEntries: 500 });
  const dataVersion = memoUntilWrite(db, () => repo.dataVersion(db));

  /** A snapshot for the audit trail: the phone masked (see `ContactPhones.audit`). */
  const forAudit = (snapshot: Record<string, unknown> | undefined) =>
    snapshot && { ...snapshot, contactPhone: phones.audit(snapshot.contactPhone as string | null) };

  async function assertRegion(q: Queryable, actor: Actor, regionCode: string): Promise<void> {
    if (!inScope(actor.regionCode, regionCode)) throw new AppError(E.WORKS_REGION_OUT_OF_SCOPE, 403, { regionCode });
    if (!(await repo.existingRegions(q, [regionCode])).has(regionCode)) throw new AppError(E.WORKS_REGION_UNKNOWN, 400, { regionCode });
  }

  function assertRules(w: Parameters<typeof checkWork>[0]): void {
    const all = checkWork(w);
    const [first] = all;
    if (first) throw new AppError(first.code, 400, { ...first.params, field: `body.${first.field}` }, all.map((v) => ({ field: `body.${v.field}`, rule: v.code, zh: v.zh, en: v.en })));
  }

  /** A work with its units, entrances and upkeep summary, for the presenter (404 when not visible). */
  async function detail(q: Queryable, actor: Actor, id: number): Promise<WorkDetailData> {
    const w = await repo.findFull(q, id, actor.scope, areaPerPersonM2);
    if (!w) throw new AppError(E.WORKS_NOT_FOUND, 404);
    const [units, entrances, upkeep] = [await repo.unitsOf(q, [id]), await repo.entrancesOf(q, [id]), await repo.upkeepSummary(q, id)];
    // In full here; the presenter masks it for a caller who may not edit works.
    return { work: { ...w, contactPhone: phones.open(w.contactPhone) }, units, entrances, upkeep, areaPerPersonM2 };
  }

  return {
    /**
     * A page of the works in the caller's jurisdiction. Pages and counts are cached under the data version read
     * first (see lib/read-cache.ts): the same page asked again before any change costs one small query, and a
     * change is seen by the next request. The rows are shared between callers and must not be modified.
     */
    async list(actor: Actor, query: WorkListQueryT) {
      const { sort, order, page, pageSize, ...filter } = query;
      const scoped = { ...filter, scope: actor.scope };
      const version = await dataVersion();
      const [items, total] = await Promise.all([
        pages.get(cacheKey(version, scoped, sort, order, page, pageSize), () => search.page(db, scoped, {
          sort, order, limit: pageSize, offset: (page - 1) * pageSize, areaPerPersonM2,
        })),
        counts.get(cacheKey(version, scoped), () => search.count(db, scoped)),
      ]);
      return { items, total, page, pageSize };
    },

    get: (actor: Actor, id: number) => detail(db, actor, id),

    async create(actor: Actor, ip: string | null, input: WorkCreate) {
      const id = await db.transaction(async (tx) => {
        // Before any write: the check is a query, and a refused footprint leaves nothing to roll back.
        await assertFootprint(tx, input.footprint);
        // Jurisdiction first: a region outside the caller's scope is refused as such (403), whatever else is wrong.
        await assertRegion(tx, actor, input.regionCode);
        assertRules(input);
        if (await repo.codeExists(tx, input.code)) throw new AppError(E.WORKS_CODE_TAKEN, 409, { code: input.code });
        const work: repo.WorkImport = { ...input, lifecycleState: input.lifecycleState ?? 'approved', entrances: input.entrances ?? [] };
        const ids = await repo.insertWorks(tx, [{ ...work, contactPhone: phones.seal(work.contactPhone) }]);
        const newId = ids.get(input.code)!;
        await repo.insertLifecycleEvents(tx, [{
          workId: newId, fromState: null, toState: work.lifecycleState, reason: null, reasonCode: 'registered', actorId: actor.userId, actor: actor.username,
        }]);
        const audit = auditContextOf(actor, ip);
        await appendAudit(tx, audit, {
          action: 'work.create', entityType: 'work', entityId: newId, regionCode: input.regionCode, after: { ...work, contactPhone: phones.audit(work.contactPhone) },
        });
        // Upkeep gives a new work its maintenance plans straight away, in this transaction; the plans are audited under the work.
        const created: WorkCreatedEvent = { works: [{ id: newId, regionCode: input.regionCode, lifecycleState: work.lifecycleState }], effects: {} };
        await events.emit('work.created', created, { tx, audit });
        if (created.effects.maintenancePlans) {
          await appendAudit(tx, audit, {
            action: 'maintenance_plan.generate', entityType: 'work', entityId: newId, regionCode: input.regionCode, after: created.effects.maintenancePlans,
          });
        }
        return newId;
      });
      return detail(db, actor, id);
    },

    async update(actor: Actor, ip: string | null, id: number, patch: WorkPatch) {
      await db.transaction(async (tx) => {
        const current = await repo.lockWork(tx, id, actor.scope);
        if (!current) throw new AppError(E.WORKS_NOT_FOUND, 404);
        if (current.version !== patch.version) throw new AppError(E.WORKS_VERSION_CONFLICT, 409, { current: current.version, sent: patch.version });
        const [before] = await repo.snapshotByIds(tx, [id]);
        const { version, units, entrances, ...fields } = patch;
        await assertFootprint(tx, fields.footprint);
        const merged = { ...(before as Record<string, unknown>), ...fields, units: units ?? undefined };
        assertRules(merged as Parameters<typeof checkWork>[0]);
        if (fields.regionCode && fields.regionCode !== current.regionCode) await assertRegion(tx, actor, fields.regionCode);
        if (fields.code && fields.code !== current.code && (await repo.codeExists(tx, fields.code, id))) {
          throw new AppError(E.WORKS_CODE_TAKEN, 409, { code: fields.code });
        }
        if (!(await repo.updateWork(tx, id, version, { ...fields, contactPhone: phones.seal(fields.contactPhone) }))) {
          throw new AppError(E.WORKS_VERSION_CONFLICT, 409, { current: current.version + 1, sent: version });
        }
        if (units) {
          await repo.deleteUnits(tx, [id]);
          await repo.insertUnits(tx, [{ workId: id, units }]);
        }
        if (entrances) {
          await repo.deleteEntrances(tx, [id]);
          await repo.insertEntrances(tx, [{ workId: id, entrances }]);
        }
        const [after] = await repo.snapshotByIds(tx, [id]);
        await events.emit('work.changed', { workIds: [id] }, { tx, audit: auditContextOf(actor, ip) });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'work.update', entityType: 'work', entityId: id, regionCode: fields.regionCode ?? current.regionCode, before: forAudit(before), after: forAudit(after),
        });
      });
      return detail(db, actor, id);
    },

    async transition(actor: Actor, ip: string | null, id: number, input: TransitionInput) {
      await db.transaction(async (tx) => {
        const current = await repo.lockWork(tx, id, actor.scope);
        if (!current) throw new AppError(E.WORKS_NOT_FOUND, 404);
        if (current.version !== input.version) throw new AppError(E.WORKS_VERSION_CONFLICT, 409, { current: current.version, sent: input.version });
        const from = current.lifecycleState as LifecycleState;
        const to = input.to as LifecycleState;
        if (!canTransition(from, to)) {
          const allowed = LIFECYCLE_TRANSITIONS[from] ?? [];
          throw new AppError(E.WORKS_ILLEGAL_TRANSITION, 422, {
            from, to, fromZh: label(from), toZh: label(to), allowed: allowed.join(', '), allowedZh: allowed.map(label).join('、'),
          });
        }
        if (TRANSITIONS_NEEDING_APPROVAL.includes(to) && !input.approvalRef) throw new AppError(E.WORKS_APPROVAL_REQUIRED, 400, { to, toZh: label(to) });
        if (to === 'converting' && !input.conversionKind) throw new AppError(E.WORKS_CONVERSION_KIND_REQUIRED, 400);
        await repo.updateWork(tx, id, input.version, { lifecycleState: to });
        // Leaving service (demolished, scrapped): upkeep switches the work's plans off in this transaction.
        const retired: WorkRetiredEvent = { work: { id, regionCode: current.regionCode, lifecycleState: to }, approvalRef: input.approvalRef ?? null, effects: {} };
        if (!needsUpkeep(to)) await events.emit('work.retired', retired, { tx, audit: auditContextOf(actor, ip) });
        await events.emit('work.changed', { workIds: [id] }, { tx, audit: auditContextOf(actor, ip) });
        const plansRetired = retired.effects.plansRetired ?? 0;
        await repo.insertLifecycleEvents(tx, [{
          workId: id, fromState: from, toState: to, reason: input.reason, approvalRef: input.approvalRef ?? null,
          conversionKind: input.conversionKind ?? null, actorId: actor.userId, actor: actor.username,
        }]);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'work.transition', entityType: 'work', entityId: id, regionCode: current.regionCode,
          before: { lifecycleState: from, version: current.version },
          after: { lifecycleState: to, version: current.version + 1, reason: input.reason, approvalRef: input.approvalRef ?? null, conversionKind: input.conversionKind ?? null, plansRetired },
        });
      });
      return detail(db, actor, id);
    },

    async lifecycle(actor: Actor, id: number) {
      const w = await repo.lockWorkRead(db, id, actor.scope);
      if (!w) throw new AppError(E.WORKS_NOT_FOUND, 404);
      return repo.lifecycleOf(db, id);
    },

    async nearest(actor: Actor, lng: number, lat: number, limit: number) {
      return search.nearest(db, actor.scope, lng, lat, limit);
    },

    async stats(actor: Actor, filter: WorkFilter) {
      return { ...(await search.stats(db, { ...filter, scope: actor.scope }, areaPerPersonM2, usableShelterStates)), usableStates: [...usableShelterStates] };
    },

    /**
     * The works a 双随机 inspection may draw from (the regulation module reads them through this door): code, name,
     * region and the unit answering for the work (its management unit, else its owner), in code order, at most `limit`.
     */
    inspectionPool: (actor: Actor, filter: WorkFilter, limit: number) => search.poolRows(db, { ...filter, scope: actor.scope }, limit),

    map: async (actor: Actor, filter: WorkFilter = {}) => (await search.mapFeatures(db, { ...filter, scope: actor.scope }, areaPerPersonM2))
      .map((r) => ({ ...r, usable: isUsableShelter(r.lifecycleState, usableShelterStates) })),
  };
}

export type WorksService = ReturnType<typeof createWorksService>;
