/**
 * Jurisdictions (GB/T 2260 codes) and district boundaries: reference data every other module scopes by.
 * Reads for a user are filtered by the actor's scope; the reference load runs in the caller's transaction.
 * Surveyed town outlines (乡镇/街道边界) are imported from GeoJSON: previewed (every feature checked — shape, PostGIS
 * validity, inside its district, matched to a known town of the caller's jurisdiction — nothing written), then applied
 * with the preview's fingerprint in one transaction that replaces the outlines of the towns it names (synthetic = false)
 * or, on any problem, writes nothing.
 */
import { createHash } from 'node:crypto';
import { scopePrefix } from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { RegionsErrors as E } from './regions.errors.ts';
import * as repo from './regions.repository.ts';
import { parseTownOutlines, type TownOutlineProblem } from './regions.town-outlines.ts';
import type { BoundaryRow, RegionInput, RegionRow } from './regions.repository.ts';

export type { BoundaryRow, RegionInput, RegionRow };

/** Share of an outline's area that may lie outside its district (survey precision; the stored outline is clipped). */
export const TOWN_OUTSIDE_TOLERANCE = 0.02;
/** Problems listed one by one in an answer; the count is always the full one. */
const MAX_LISTED = 2_000;

export interface TownOutlinePreview {
  /** The fingerprint `applyTownOutlines` must be given. */
  preview: string;
  sha256: string;
  /** Well-formed features read from the file. */
  features: number;
  towns: Array<{ index: number; code: string; name: string; countyCode: string; replaces: 'none' | 'synthetic' | 'surveyed'; outsidePercent: number | null }>;
  /** Features naming no town of the caller's jurisdiction. */
  unknown: Array<{ index: number; code: string | null; name: string | null }>;
  errorCount: number;
  errors: TownOutlineProblem[];
}

export interface RegionsService {
  listFor(actor: Actor): Promise<RegionRow[]>;
  boundariesFor(actor: Actor): Promise<BoundaryRow[]>;
  /** County boundaries in a region (its code, e.g. the city's 320600), for readers without an actor (the public map). */
  boundariesIn(regionCode: string): Promise<BoundaryRow[]>;
  /** Town outlines in the actor's scope (GeoJSON text), `synthetic` when made up rather than surveyed; often none. */
  townBoundariesFor(actor: Actor): Promise<Array<{ code: string; geometry: string; synthetic: boolean }>>;
  /** How many town outlines are loaded. */
  townBoundaryCount(): Promise<number>;
  /** Upserts town outlines inside the caller's transaction `tx` (their towns must be loaded). */
  loadTownBoundaries(tx: Queryable, boundaries: ReadonlyArray<{ code: string; geometry: object; synthetic: boolean }>): Promise<void>;
  /** A jurisdiction's name, or null for an unknown code. */
  nameOf(code: string): Promise<string | null>;
  /** The codes among `codes` that name no jurisdiction (read through `q`, a transaction when the caller has one). */
  unknownCodes(codes: readonly string[], q?: Queryable): Promise<string[]>;
  /**
   * Whether a point lies in the jurisdiction `scope` (a region code): true or false by the loaded outlines, null when
   * no outline covers the scope. Read through `q`, a transaction when the caller has one.
   */
  pointInScope(scope: string, lng: number, lat: number, q?: Queryable): Promise<boolean | null>;
  /** Whether a GeoJSON geometry (checked valid by the caller) lies wholly in the jurisdiction `scope`, as pointInScope reads it. */
  geometryInScope(scope: string, geojson: string, q?: Queryable): Promise<boolean | null>;
  /**
   * The counties of `scope` whose outline a geometry (checked valid by the caller) reaches into: how an alert names a
   * drawn area, and which districts' SMS lists it goes to.
   */
  crossedBy(scope: string, geojson: string, q?: Queryable): Promise<Array<{ code: string; name: string }>>;
  /**
   * The regions of the actor's jurisdiction under a point, deepest first (town, county): what a form fills in when a
   * place is picked on the map. Empty when no loaded outline of theirs covers it.
   */
  regionsAt(actor: Actor, lng: number, lat: number): Promise<repo.RegionAtPoint[]>;
  /** How many jurisdictions are loaded: 0 before the first start loaded the reference data. */
  count(): Promise<number>;
  /** What importing a town-outline GeoJSON would do, every problem listed; writes nothing. */
  previewTownOutlines(actor: Actor, data: Buffer): Promise<TownOutlinePreview>;
  /**
   * Replaces the outlines of the towns the file names (surveyed: synthetic = false, clipped to the district), all or
   * none, audited; refused (409) when the preview's fingerprint no longer matches, (400) with the list on any problem.
   */
  applyTownOutlines(actor: Actor, ip: string | null, data: Buffer, preview: string): Promise<{ replaced: number; added: number }>;
  /** Upserts jurisdictions (parents first) and their boundaries inside the caller's transaction `tx`. */
  loadReference(tx: Queryable, regions: RegionInput[], boundaries: Array<{ code: string; geometry: object }>): Promise<void>;
}

export function createRegionsService({ db }: { db: Database }): RegionsService {
  async function plan(q: Queryable, actor: Actor, data: Buffer) {
    const { features, errors } = parseTownOutlines(data);
    const problems: TownOutlineProblem[] = [...errors];
    const towns = (await repo.listInScope(q, actor.scope)).filter((r) => r.level === 'town');
    const byCode = new Map(towns.map((t) => [t.code, t]));
    const byName = new Map<string, RegionRow[]>();
    for (const t of towns) byName.set(t.name, [...(byName.get(t.name) ?? []), t]);
    const unknown: TownOutlinePreview['unknown'] = [];
    const matched: Array<{ index: number; town: RegionRow; geometry: object }> = [];
    const seen = new Map<string, number>();
    for (const f of features) {
      const at = `GeoJSON!features[${f.index}]`;
      let town: RegionRow | undefined;
      if (f.code !== null) {
        town = byCode.get(f.code);
        if (town && f.name !== null && f.name !== town.name) {
          problems.push({ at, zh: `名称 name：「${f.name}」与代码 ${f.code} 的乡镇「${town.name}」不符`, en: `name: "${f.name}" is not the name of town ${f.code} ("${town.name}")` });
          continue;
        }
      } else {
        const same = byName.get(f.name!) ?? [];
        if (same.length > 1) {
          problems.push({ at, zh: `名称 name：「${f.name}」对应 ${same.length} 个乡镇，请填写代码 code`, en: `name: "${f.name}" names ${same.length} towns; give the code` });
          continue;
        }
        town = same[0];
      }
      if (!town) {
        unknown.push({ index: f.index, code: f.code, name: f.name });
        problems.push({
          at, zh: `代码 code / 名称 name：${f.code ?? f.name} 不是您管辖范围内已知的乡镇`, en: `code / name: ${f.code ?? f.name} is not a known town of your jurisdiction`,
        });
        continue;
      }
      const before = seen.get(town.code);
      if (before !== undefined) {
        problems.push({ at, zh: `乡镇 ${town.name}（${town.code}）已在 features[${before}] 出现`, en: `town ${town.code} (${town.name}) already given at features[${before}]` });
        continue;
      }
      seen.set(town.code, f.index);
      matched.push({ index: f.index, town, geometry: f.geometry });
    }
    const checks = matched.length === 0 ? [] : await repo.checkTownOutlines(q, matched.map((m, key) => ({ key, code: m.town.code, parentCode: m.town.parentCode ?? '', geometry: m.geometry })));
    const planned: TownOutlinePreview['towns'] = [];
    const good: Array<{ code: string; geometry: object }> = [];
    matched.forEach((m, key) => {
      const c = checks[key]!;
      const at = `GeoJSON!features[${m.index}]`;
      if (c.invalid !== null) problems.push({ at, zh: `几何 geometry：PostGIS 判定无效（${c.invalid}）`, en: `geometry: not valid by PostGIS (${c.invalid})` });
      else if (c.outsideShare !== null && c.outsideShare > TOWN_OUTSIDE_TOLERANCE) {
        const pct = (c.outsideShare * 100).toFixed(1);
        problems.push({
          at, zh: `几何 geometry：${pct}% 的面积在所属区县 ${m.town.parentCode ?? ''} 之外（允许 ${TOWN_OUTSIDE_TOLERANCE * 100}%）`,
          en: `geometry: ${pct} % of its area lies outside its district ${m.town.parentCode ?? ''} (${TOWN_OUTSIDE_TOLERANCE * 100} % allowed)`,
        });
      } else good.push({ code: m.town.code, geometry: m.geometry });
      planned.push({
        index: m.index, code: m.town.code, name: m.town.name, countyCode: m.town.parentCode ?? '', replaces: c.current,
        outsidePercent: c.outsideShare === null ? null : Math.round(c.outsideShare * 10_000) / 100,
      });
    });
    problems.sort((a, b) => a.at.localeCompare(b.at, 'en', { numeric: true }));
    const sha256 = createHash('sha256').update(data).digest('hex');
    // The file and what it would replace: an outline imported or changed since the preview makes it stale.
    const preview = createHash('sha256').update(sha256).update(JSON.stringify(planned.map((p) => [p.code, p.replaces]))).update(JSON.stringify(problems)).digest('hex');
    const result: TownOutlinePreview = {
      preview, sha256, features: features.length, towns: planned, unknown,
      errorCount: problems.length, errors: problems.slice(0, MAX_LISTED),
    };
    return { result, problems, good };
  }

  return {
    async previewTownOutlines(actor, data) {
      return (await plan(db, actor, data)).result;
    },
    async applyTownOutlines(actor, ip, data, preview) {
      return db.transaction(async (tx) => {
        const { result, problems, good } = await plan(tx, actor, data);
        if (problems.length > 0) {
          const first = problems[0]!;
          throw new AppError(E.REGIONS_TOWN_OUTLINES_INVALID, 400, { count: problems.length, at: first.at, zh: first.zh, en: first.en },
            problems.slice(0, MAX_LISTED).map((e) => ({ field: e.at, rule: 'import', zh: `${e.at}：${e.zh}`, en: `${e.at}: ${e.en}` })));
        }
        if (result.preview !== preview) throw new AppError(E.REGIONS_TOWN_OUTLINES_STALE, 409);
        await repo.upsertTownBoundaries(tx, good.map((g) => ({ ...g, synthetic: false })));
        const replaced = result.towns.filter((t) => t.replaces !== 'none').length;
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'regions.town_outlines.import', entityType: 'region_town_boundary', regionCode: actor.regionCode,
          after: { sha256: result.sha256, towns: result.towns.map((t) => t.code), replacedSynthetic: result.towns.filter((t) => t.replaces === 'synthetic').length, replaced },
        });
        return { replaced, added: result.towns.length - replaced };
      });
    },
    listFor: (actor) => repo.listInScope(db, actor.scope),
    boundariesFor: (actor) => repo.boundariesInScope(db, actor.scope),
    boundariesIn: (regionCode) => repo.boundariesInScope(db, scopePrefix(regionCode)),
    nameOf: (code) => repo.nameOf(db, code),
    unknownCodes: (codes, q = db) => repo.unknownCodes(q, codes),
    pointInScope: (scope, lng, lat, q = db) => repo.pointInScope(q, scope, lng, lat),
    regionsAt: (actor, lng, lat) => repo.regionsAt(db, actor.scope, lng, lat),
    geometryInScope: (scope, geojson, q = db) => repo.geometryInScope(q, scope, geojson),
    crossedBy: (scope, geojson, q = db) => repo.crossedBy(q, scope, geojson),
    count: () => repo.count(db),
    townBoundariesFor: (actor) => repo.townBoundariesInScope(db, actor.scope),
    townBoundaryCount: () => repo.townBoundaryCount(db),
    async loadTownBoundaries(tx, boundaries) {
      if (boundaries.length > 0) await repo.upsertTownBoundaries(tx, boundaries);
    },
    async loadReference(tx, regions, boundaries) {
      await repo.upsertRegions(tx, regions);
      if (boundaries.length > 0) await repo.upsertBoundaries(tx, boundaries);
    },
  };
}
