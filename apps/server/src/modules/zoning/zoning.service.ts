/**
 * Zoning (建设管控): the 结建 rule table per jurisdiction with effective dates, the project calculator over it, the
 * 控规 parcels, and the 易地统筹 pooling ledger. The arithmetic is the domain's (`ruleInForce`, `requiredArea`,
 * `offsiteFee`, `planVersion`, `poolingSavingFen` in packages/domain/src/building-rules.ts); this service stores the
 * versions, picks the rows that apply, and writes each change in one audited transaction.
 */
import {
  feeFenOf, inScope, offsiteFee, planVersion, poolingSavingFen, requiredArea, ruleInForce, type BuildingProject, type BuildingRule, type FeeResult,
  type ProjectUse, type RequirementResult,
} from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { postgisProblem } from '../../lib/shape-check.ts';
import type { Cell } from '../../lib/xlsx/read.ts';
import { csvRows } from '../../lib/xlsx/csv.ts';
import { ImportFormatError } from '../../lib/xlsx/format-error.ts';
import { loadWorkbook, sheetRows } from '../../lib/xlsx/read.ts';
import { appendAudit } from '../audit/index.ts';
import type { RegionsService } from '../regions/index.ts';
import type { WorksService } from '../works/index.ts';
import { PARCEL_SHEET, boundaryOf, ledgerXlsx, parseParcelGeoJson, parseParcelRows, type CellError, type LedgerTotal, type ParcelRecord } from './zoning.exchange.ts';
import * as repo from './zoning.repository.ts';
import type { NewRule, ParcelRow, PoolingRow, RuleRow } from './zoning.repository.ts';
import { ZoningErrors as E } from './zoning.errors.ts';

export type { ParcelRow, PoolingRow, RuleRow };
export type RuleInput = Omit<NewRule, 'feeFenPerM2'> & { feeFenPerM2?: number | null };

export interface ProjectInput {
  name?: string; regionCode?: string; parcelId?: number; date?: string; uses: ProjectUse[]; storeys: number; aboveGroundAreaM2: number;
  groundFloorAreaM2: number; foundationDepthM: number; plannedM2: number; reductions: string[];
}
export interface ProjectResult {
  name: string | null; parcel: ParcelRow | null; project: BuildingProject; rule: RuleRow; requirement: RequirementResult; fee: FeeResult;
}

export interface ParcelInput {
  regionCode: string; code: string; name: string; landUse?: string | null; areaM2?: number | null; requiredM2: number; poolingAllowed: boolean;
  planRef?: string | null; boundary?: unknown;
}
export interface PoolingInput {
  parcelId: number; workId: number; areaM2: number; pooledOn: string; savingFenPerM2: number; basis: string; reference?: string | null;
}
export interface PoolingTotals { byArea: LedgerTotal[]; total: LedgerTotal; synthetic: boolean }

/** What the demo loader writes: parcels and pooling entries naming their work by code (synthetic). */
export interface ZoningDemo {
  parcels: Array<Omit<ParcelRecord, 'row'>>;
  poolings: Array<{ parcelCode: string; workCode: string; areaM2: number; pooledOn: string; savingFenPerM2: number; savedFen?: number; basis: string }>;
}

export interface ZoningDeps {
  db: Database;
  regions: Pick<RegionsService, 'unknownCodes' | 'listFor'>;
  works: Pick<WorksService, 'get'>;
}

export interface ZoningService {
  listRules(actor: Actor): Promise<RuleRow[]>;
  createRule(actor: Actor, ip: string | null, input: RuleInput): Promise<{ rule: RuleRow; closed: RuleRow | null }>;
  /** The rule in force for a region on a date, from the stored table (read through `q`, the caller's transaction). */
  ruleAt(q: Queryable, regionCode: string, date: string): Promise<BuildingRule | null>;
  calculate(actor: Actor, input: ProjectInput, today: string): Promise<ProjectResult>;
  listParcels(actor: Actor): Promise<ParcelRow[]>;
  parcelMap(actor: Actor): Promise<Array<ParcelRow & { geometry: string }>>;
  saveParcel(actor: Actor, ip: string | null, input: ParcelInput): Promise<ParcelRow>;
  importParcels(actor: Actor, ip: string | null, data: Buffer, format: 'xlsx' | 'geojson'): Promise<{ created: number; updated: number }>;
  listPoolings(actor: Actor): Promise<PoolingRow[]>;
  addPooling(actor: Actor, ip: string | null, input: PoolingInput): Promise<PoolingRow>;
  poolingTotals(actor: Actor): Promise<PoolingTotals>;
  ledgerFile(actor: Actor, ip: string | null): Promise<Buffer>;
}

export interface ZoningLoader {
  /** Writes the synthetic demo parcels and ledger inside the caller's transaction (the demo works must exist in it). */
  loadDemo(tx: Queryable, demo: ZoningDemo): Promise<{ parcels: number; poolings: number }>;
}

/** The codes whose rules apply to `code`: itself, its county, city and province, and the national '000000'. */
export function ruleRegionsOf(code: string): string[] {
  const c6 = code.slice(0, 6);
  return [...new Set([code, c6, `${c6.slice(0, 4)}00`, `${c6.slice(0, 2)}0000`, '000000'])];
}

/** A stored version as the domain's rule (rates in 元 there, exact: 分 / 100 has at most two decimals). */
export function domainRule(r: RuleRow): BuildingRule {
  return {
    id: r.code, regionCode: r.regionCode, from: r.validFrom, to: r.validTo, basis: r.basis, source: r.source, highRiseStoreys: r.highRiseStoreys,
    deepFoundationM: r.deepFoundationM, minAboveGroundAreaM2: r.minAboveGroundM2, ratio: r.ratio, residentialGroundFloor: r.residentialGroundFloor,
    grade: r.grade, feeYuanPerM2: r.feeFenPerM2 === null ? null : r.feeFenPerM2 / 100, feeBasis: r.feeBasis, reductions: r.reductions,
  };
}

const SYSTEM_CTX = { actorId: null, actor: 'system', ip: null };
const rowOf = (at: string) => Number(/(\d+)\]?$/.exec(at)?.[1] ?? 0);
const MAX_LISTED_PROBLEMS = 2_000;

export function totalsOf(rows: readonly PoolingRow[], names: ReadonlyMap<string, string>): PoolingTotals {
  const by = new Map<string, LedgerTotal & { parcelIds: Set<number> }>();
  const all = { regionCode: '', regionName: '合计', parcels: 0, entries: 0, areaM2: 0, savedFen: 0, parcelIds: new Set<number>() };
  for (const r of rows) {
    const county = r.regionCode.slice(0, 6);
    const t = by.get(county) ?? { regionCode: county, regionName: names.get(county) ?? null, parcels: 0, entries: 0, areaM2: 0, savedFen: 0, parcelIds: new Set<number>() };
    for (const x of [t, all]) {
      x.entries += 1;
      x.areaM2 += r.areaM2;
      x.savedFen += r.savedFen;
      x.parcelIds.add(r.parcelId);
    }
    by.set(county, t);
  }
  const out = ({ parcelIds, ...t }: LedgerTotal & { parcelIds: Set<number> }): LedgerTotal => ({ ...t, parcels: parcelIds.size, areaM2: Math.round(t.areaM2 * 100) / 100 });
  return {
    byArea: [...by.values()].sort((a, b) => a.regionCode.localeCompare(b.regionCode)).map(out),
    total: out(all),
    synthetic: rows.some((r) => r.synthetic),
  };
}

export function createZoningService({ db, regions, works }: ZoningDeps): ZoningService {
  async function requireRegion(actor: Actor, q: Queryable, regionCode: string, field: string) {
    if (!inScope(actor.regionCode, regionCode)) throw new AppError(E.ZONING_REGION_OUT_OF_SCOPE, 403, { regionCode, field });
    if ((await regions.unknownCodes([regionCode], q)).length > 0) throw new AppError(E.ZONING_REGION_UNKNOWN, 400, { regionCode, field });
  }

  async function ruleRowAt(q: Queryable, regionCode: string, date: string): Promise<RuleRow | null> {
    const rows = await repo.rulesFor(q, ruleRegionsOf(regionCode), null);
    const picked = ruleInForce(regionCode, date, rows.map(domainRule));
    return picked ? rows.find((r) => r.code === picked.id) ?? null : null;
  }

  async function regionNames(actor: Actor): Promise<Map<string, string>> {
    return new Map((await regions.listFor(actor)).map((r) => [r.code, r.name]));
  }

  async function writeParcels(actor: Actor, ip: string | null, parcels: ReadonlyArray<Omit<ParcelRecord, 'row'>>, errors: CellError[], sheet: string) {
    return db.transaction(async (tx) => {
      // Rules that need the database, for every row before anything is written, so one answer lists every problem.
      const problems: CellError[] = [...errors];
      const okRegion = (c: string) => /^\d{6}(\d{3})?$/.test(c);
      const unknown = new Set(await regions.unknownCodes([...new Set(parcels.map((p) => p.regionCode).filter(okRegion))], tx));
      const existing = new Map((await repo.parcelsByCodes(tx, parcels.map((p) => p.code).filter(Boolean))).map((p) => [p.code, p]));
      for (const [i, p] of parcels.entries()) {
        const at = 'row' in p ? `${sheet}!${String((p as ParcelRecord).row)}` : `${sheet}!${i + 2}`;
        if (okRegion(p.regionCode)) {
          if (!inScope(actor.regionCode, p.regionCode)) problems.push({ at, zh: `「区划代码」${p.regionCode} 不在您的管辖范围内`, en: `region code: ${p.regionCode} is outside your jurisdiction` });
          else if (unknown.has(p.regionCode)) problems.push({ at, zh: `「区划代码」${p.regionCode} 不存在`, en: `region code: ${p.regionCode} does not exist` });
        }
        const taken = existing.get(p.code);
        if (taken && !inScope(actor.regionCode, taken.regionCode)) {
          problems.push({ at, zh: `「地块编号」${p.code} 已被您管辖范围以外的地块使用`, en: `code: ${p.code} is used by a parcel outside your jurisdiction` });
        }
        if (p.boundary) {
          const reason = await postgisProblem(tx, JSON.stringify(p.boundary));
          if (reason) problems.push({ at, zh: `边界无效：${reason}`, en: `boundary is invalid: ${reason}` });
        }
      }
      if (problems.length > 0) {
        problems.sort((a, b) => rowOf(a.at) - rowOf(b.at));
        const first = problems[0]!;
        throw new AppError(E.ZONING_IMPORT_INVALID, 400, { count: problems.length, at: first.at, zh: first.zh, en: first.en },
          problems.slice(0, MAX_LISTED_PROBLEMS).map((e) => ({ field: e.at, rule: 'import', zh: `${e.at}：${e.zh}`, en: `${e.at}: ${e.en}` })));
      }
      const ids = await repo.upsertParcels(tx, parcels.map((p) => ({ ...p, synthetic: false })), actor.userId);
      const created = parcels.filter((p) => !existing.has(p.code)).length;
      await appendAudit(tx, auditContextOf(actor, ip), {
        action: parcels.length === 1 ? 'parcel.save' : 'parcel.import', entityType: 'parcel', entityId: parcels.length === 1 ? ids.get(parcels[0]!.code) ?? null : null,
        regionCode: parcels.length === 1 ? parcels[0]!.regionCode : actor.regionCode,
        before: parcels.length === 1 && existing.has(parcels[0]!.code) ? { id: existing.get(parcels[0]!.code)!.id } : null,
        after: parcels.length === 1 ? { ...parcels[0]!, boundary: parcels[0]!.boundary ? 'geometry' : null } : { created, updated: parcels.length - created, codes: parcels.map((p) => p.code).slice(0, 200) },
      });
      return { ids, created, updated: parcels.length - created };
    });
  }

  return {
    listRules: (actor) => repo.rulesFor(db, ruleRegionsOf(actor.regionCode), actor.scope),

    async createRule(actor, ip, input) {
      if (input.validTo !== null && input.validTo < input.validFrom) throw new AppError(E.ZONING_RULE_DATES, 400, { from: input.validFrom, to: input.validTo });
      const seen = new Set<string>();
      for (const r of input.reductions) {
        if (seen.has(r.code)) throw new AppError(E.ZONING_RULE_REDUCTION_DUPLICATE, 400, { code: r.code });
        seen.add(r.code);
      }
      const ids = await db.transaction(async (tx) => {
        await requireRegion(actor, tx, input.regionCode, 'body.regionCode');
        const versions = await repo.lockRegionRules(tx, input.regionCode);
        const plan = planVersion(versions.map((v) => ({ id: String(v.id), from: v.validFrom, to: v.validTo })), { from: input.validFrom, to: input.validTo });
        if (!plan.ok) {
          throw new AppError(E.ZONING_RULE_OVERLAP, 409, {
            regionCode: input.regionCode, conflict: versions.find((v) => String(v.id) === plan.conflict.id)?.code ?? plan.conflict.id,
            from: plan.conflict.from, to: plan.conflict.to ?? '—', newFrom: input.validFrom, newTo: input.validTo ?? '—',
          });
        }
        const ctx = auditContextOf(actor, ip);
        let closed: number | null = null;
        if (plan.closes) {
          closed = Number(plan.closes.id);
          const before = versions.find((v) => v.id === closed)!;
          await repo.closeRule(tx, closed, plan.closes.to);
          await appendAudit(tx, ctx, {
            action: 'building_rule.close', entityType: 'building_rule', entityId: closed, regionCode: input.regionCode,
            before: { validTo: before.validTo }, after: { validTo: plan.closes.to, supersededFrom: input.validFrom },
          });
        }
        const row: NewRule = { ...input, feeFenPerM2: input.feeFenPerM2 ?? null, feeBasis: input.feeBasis?.trim() || null };
        const id = await repo.insertRule(tx, row, actor.userId);
        await appendAudit(tx, ctx, { action: 'building_rule.create', entityType: 'building_rule', entityId: id, regionCode: input.regionCode, after: row });
        return { id, closed };
      });
      return { rule: (await repo.ruleById(db, ids.id))!, closed: ids.closed === null ? null : await repo.ruleById(db, ids.closed) };
    },

    async ruleAt(q, regionCode, date) {
      const row = await ruleRowAt(q, regionCode, date);
      return row ? domainRule(row) : null;
    },

    async calculate(actor, input, today) {
      let parcel: ParcelRow | null = null;
      if (input.parcelId !== undefined) {
        parcel = await repo.parcelById(db, actor.scope, input.parcelId);
        if (!parcel) throw new AppError(E.ZONING_PARCEL_UNKNOWN, 404, { field: 'parcelId', id: input.parcelId });
      }
      const regionCode = input.regionCode ?? parcel?.regionCode ?? actor.regionCode;
      // Outside the scope answers as if the region did not exist (a read).
      if (!inScope(actor.regionCode, regionCode)) throw new AppError(E.ZONING_REGION_OUT_OF_SCOPE, 404, { regionCode, field: 'regionCode' });
      const date = input.date ?? today;
      const row = await ruleRowAt(db, regionCode, date);
      if (!row) throw new AppError(E.ZONING_NO_RULE_IN_FORCE, 422, { date, regionCode });
      const rule = domainRule(row);
      const project: BuildingProject = {
        regionCode, date, uses: input.uses, storeys: input.storeys, aboveGroundAreaM2: input.aboveGroundAreaM2, groundFloorAreaM2: input.groundFloorAreaM2,
        foundationDepthM: input.foundationDepthM, plannedM2: input.plannedM2,
      };
      const requirement = requiredArea(project, rule);
      return { name: input.name?.trim() || null, parcel, project, rule: row, requirement, fee: offsiteFee(requirement.shortfallM2, rule, input.reductions) };
    },

    listParcels: (actor) => repo.listParcels(db, actor.scope),
    parcelMap: (actor) => repo.parcelMap(db, actor.scope),

    async saveParcel(actor, ip, input) {
      const b = input.boundary === undefined || input.boundary === null ? { ok: null } : boundaryOf(input.boundary);
      const errors: CellError[] = 'ok' in b ? [] : [{ at: 'body.boundary', zh: b.zh, en: b.en }];
      const parcel = {
        code: input.code, name: input.name, regionCode: input.regionCode, landUse: input.landUse?.trim() || null, areaM2: input.areaM2 ?? null,
        requiredM2: input.requiredM2, poolingAllowed: input.poolingAllowed, planRef: input.planRef?.trim() || null, boundary: 'ok' in b ? b.ok : null,
      };
      if (!inScope(actor.regionCode, input.regionCode)) throw new AppError(E.ZONING_REGION_OUT_OF_SCOPE, 403, { regionCode: input.regionCode, field: 'body.regionCode' });
      if ((await regions.unknownCodes([input.regionCode])).length > 0) throw new AppError(E.ZONING_REGION_UNKNOWN, 400, { regionCode: input.regionCode, field: 'body.regionCode' });
      const taken = (await repo.parcelsByCodes(db, [input.code]))[0];
      if (taken && !inScope(actor.regionCode, taken.regionCode)) throw new AppError(E.ZONING_PARCEL_CODE_TAKEN, 409, { code: input.code });
      const { ids } = await writeParcels(actor, ip, [parcel], errors, 'body');
      return (await repo.parcelById(db, actor.scope, ids.get(input.code)!))!;
    },

    async importParcels(actor, ip, data, format) {
      let parsed: { parcels: ParcelRecord[]; errors: CellError[] };
      try {
        if (format === 'geojson') {
          let doc: unknown;
          try {
            doc = JSON.parse(data.toString('utf8'));
          } catch {
            throw new ImportFormatError('不是有效的 JSON', 'not valid JSON');
          }
          parsed = parseParcelGeoJson(doc);
        } else {
          let rows: Cell[][];
          if (data.subarray(0, 2).toString('latin1') === 'PK') {
            const wb = await loadWorkbook(data);
            const ws = wb.getWorksheet(PARCEL_SHEET) ?? wb.worksheets[0];
            if (!ws) throw new ImportFormatError('工作簿中没有工作表', 'the workbook has no sheet');
            rows = sheetRows(ws);
          } else rows = csvRows(data);
          parsed = parseParcelRows(rows);
        }
      } catch (err) {
        if (err instanceof ImportFormatError) throw new AppError(E.ZONING_IMPORT_UNREADABLE, 400, { zh: err.zh, en: err.en });
        throw err;
      }
      const { created, updated } = await writeParcels(actor, ip, parsed.parcels, parsed.errors, format === 'geojson' ? 'GeoJSON' : PARCEL_SHEET);
      return { created, updated };
    },

    listPoolings: (actor) => repo.listPoolings(db, actor.scope),

    async addPooling(actor, ip, input) {
      // The works module answers on its own connection, so it is asked before the transaction opens (the embedded
      // database has one connection).
      try {
        await works.get(actor, input.workId);
      } catch (err) {
        if (err instanceof AppError && err.status === 404) throw new AppError(E.ZONING_WORK_UNKNOWN, 400, { id: input.workId });
        throw err;
      }
      const id = await db.transaction(async (tx) => {
        const parcel = await repo.parcelById(tx, actor.scope, input.parcelId, true);
        if (!parcel) throw new AppError(E.ZONING_PARCEL_UNKNOWN, 400, { field: 'body.parcelId', id: input.parcelId });
        if (!parcel.poolingAllowed) throw new AppError(E.ZONING_POOLING_NOT_ALLOWED, 409, { code: parcel.code });
        const max = Math.round((parcel.requiredM2 - parcel.pooledM2) * 100) / 100;
        if (input.areaM2 > max + 1e-9) {
          throw new AppError(E.ZONING_POOLING_EXCEEDS, 409, { code: parcel.code, required: parcel.requiredM2, pooled: parcel.pooledM2, max: Math.max(0, max) });
        }
        const entry = {
          regionCode: parcel.regionCode, parcelId: parcel.id, workId: input.workId, areaM2: input.areaM2, pooledOn: input.pooledOn,
          savingFenPerM2: input.savingFenPerM2, savedFen: poolingSavingFen(input.areaM2, input.savingFenPerM2), basis: input.basis.trim(),
          reference: input.reference?.trim() || null, synthetic: false,
        };
        const [newId] = await repo.insertPoolings(tx, [entry], actor.userId);
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'parcel_pooling.create', entityType: 'parcel_pooling', entityId: newId!, regionCode: parcel.regionCode, after: entry });
        return newId!;
      });
      return (await repo.poolingById(db, actor.scope, id))!;
    },

    async poolingTotals(actor) {
      return totalsOf(await repo.listPoolings(db, actor.scope), await regionNames(actor));
    },

    async ledgerFile(actor, ip) {
      const rows = await repo.listPoolings(db, actor.scope);
      const totals = totalsOf(rows, await regionNames(actor));
      const file = await ledgerXlsx(rows, [...totals.byArea, totals.total], totals.synthetic);
      // An export of the whole ledger is recorded: who took the figures out, and how many.
      await db.transaction((tx) => appendAudit(tx, auditContextOf(actor, ip), {
        action: 'parcel_pooling.export', entityType: 'parcel_pooling', regionCode: actor.regionCode, after: { entries: rows.length },
      }));
      return file;
    },
  };
}

/** The demo loader bootstrap writes the synthetic parcels and ledger through, inside its transaction. */
export function createZoningLoader(): ZoningLoader {
  return {
    async loadDemo(tx, demo) {
      const ids = await repo.upsertParcels(tx, demo.parcels.map((p) => ({ ...p, synthetic: true })), null);
      const workIds = await repo.workIdsByCode(tx, [...new Set(demo.poolings.map((p) => p.workCode))]);
      const regionOf = new Map(demo.parcels.map((p) => [p.code, p.regionCode]));
      const entries = demo.poolings.flatMap((p) => {
        const parcelId = ids.get(p.parcelCode);
        const workId = workIds.get(p.workCode);
        if (parcelId === undefined || workId === undefined) return [];
        return [{
          regionCode: regionOf.get(p.parcelCode)!, parcelId, workId, areaM2: p.areaM2, pooledOn: p.pooledOn, savingFenPerM2: p.savingFenPerM2,
          savedFen: p.savedFen ?? feeFenOf(p.areaM2, p.savingFenPerM2), basis: p.basis, reference: null, synthetic: true,
        }];
      });
      const written = await repo.insertPoolings(tx, entries, null);
      await appendAudit(tx, SYSTEM_CTX, { action: 'parcel.load_demo', entityType: 'parcel', after: { parcels: ids.size, poolings: written.length, synthetic: true } });
      return { parcels: ids.size, poolings: written.length };
    },
  };
}
