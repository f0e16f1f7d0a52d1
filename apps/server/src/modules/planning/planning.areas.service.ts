/**
 * Assessment areas (防护片区) beside the jurisdictions: a planner imports a named set of polygons (GeoJSON) and gets
 * the balance per polygon — people staying from the population cells inside it (each at its region's 留城比例),
 * places from the personnel-shelter units of the works inside it, by the domain's one rule, as for jurisdictions.
 */
import {
  PERSONNEL_SHELTER_FUNCTIONS, PER_CAPITA_TARGET_M2, balanceOf, effectiveStayRatio, parentRegion, peopleStaying, shelterPlaces, type Balance,
} from '@civdef/domain';
import type { Database } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { appendAudit } from '../audit/index.ts';
import * as areasRepo from './planning.areas.repository.ts';
import type { AreaSetRow } from './planning.areas.repository.ts';
import { PlanningErrors as E } from './planning.errors.ts';
import * as repo from './planning.repository.ts';
import type { PlanningSettings } from './planning.service.ts';

export type { AreaSetRow };

export const MAX_AREAS_PER_SET = 500;

export interface PolygonAreaBalance extends Balance { id: number; name: string; works: number; geometry: string }

export interface PlanningAreasService {
  sets(actor: Actor): Promise<AreaSetRow[]>;
  /** Replaces the actor's set `setName` with the polygons of a GeoJSON FeatureCollection (all or none). */
  importSet(actor: Actor, ip: string | null, setName: string, doc: unknown): Promise<AreaSetRow>;
  deleteSet(actor: Actor, ip: string | null, setName: string): Promise<void>;
  balance(actor: Actor, setName: string): Promise<{ setName: string; areas: PolygonAreaBalance[]; target: { min: number; max: number } }>;
}

interface Problem { at: string; zh: string; en: string }

/** The features of a GeoJSON FeatureCollection of named Polygons/MultiPolygons, and every problem by feature. */
export function parseAreaFeatures(doc: unknown): { areas: Array<{ name: string; geometry: object }>; problems: Problem[] } {
  const problems: Problem[] = [];
  const features = (doc as { type?: unknown } | null)?.type === 'FeatureCollection' ? (doc as { features?: unknown }).features : null;
  if (!Array.isArray(features)) return { areas: [], problems: [{ at: 'type', zh: '应为 GeoJSON FeatureCollection', en: 'expected a GeoJSON FeatureCollection' }] };
  if (features.length === 0) return { areas: [], problems: [{ at: 'features', zh: '没有任何片区', en: 'no area in the file' }] };
  if (features.length > MAX_AREAS_PER_SET) return { areas: [], problems: [{ at: 'features', zh: `片区数超过上限 ${MAX_AREAS_PER_SET}`, en: `more than ${MAX_AREAS_PER_SET} areas` }] };
  const names = new Map<string, number>();
  const areas: Array<{ name: string; geometry: object }> = [];
  features.forEach((f: unknown, i) => {
    const feature = f as { geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: Record<string, unknown> | null } | null;
    const g = feature?.geometry;
    const ringsOk = (poly: unknown) => Array.isArray(poly) && poly.length > 0 && poly.every((ring) => Array.isArray(ring) && ring.length >= 4
      && ring.every((p) => Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90));
    const shapeOk = g && ((g.type === 'Polygon' && ringsOk(g.coordinates)) || (g.type === 'MultiPolygon' && Array.isArray(g.coordinates) && g.coordinates.length > 0 && g.coordinates.every(ringsOk)));
    if (!shapeOk) problems.push({ at: `features[${i}].geometry`, zh: '应为坐标在经纬度范围内、每环至少 4 点的 Polygon 或 MultiPolygon', en: 'must be a Polygon or MultiPolygon with rings of at least 4 positions in longitude/latitude range' });
    const props = feature?.properties && typeof feature.properties === 'object' ? feature.properties : {};
    const raw = props.name ?? props['名称'] ?? props['片区'];
    const name = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
    if (name === '' || name.length > 100) problems.push({ at: `features[${i}].properties.name`, zh: '「名称」必填，1–100 个字符', en: 'name: required, 1–100 characters' });
    else if (names.has(name)) problems.push({ at: `features[${i}].properties.name`, zh: `「名称」${name} 与 features[${names.get(name)}] 重复`, en: `name: ${name} repeats features[${names.get(name)}]` });
    else names.set(name, i);
    if (shapeOk && name) areas.push({ name, geometry: { type: g.type, coordinates: g.coordinates } });
  });
  return { areas, problems };
}

function ancestorsOf(code: string): string[] {
  const out: string[] = [];
  for (let p = parentRegion(code); p !== null; p = parentRegion(p)) out.push(p);
  return out;
}

export function createPlanningAreasService({ db, settings }: { db: Database; settings: Pick<PlanningSettings, 'areaPerPersonM2' | 'stayRatio' | 'countedStates'> }): PlanningAreasService {
  return {
    sets: (actor) => areasRepo.areaSets(db, actor.scope),

    async importSet(actor, ip, setName, doc) {
      const { areas, problems } = parseAreaFeatures(doc);
      return db.transaction(async (tx) => {
        if (problems.length === 0) {
          for (const bad of await areasRepo.invalidGeometries(tx, areas.map((a) => a.geometry))) {
            problems.push({ at: `features[${bad.index}].geometry`, zh: `几何无效：${bad.reason}`, en: `invalid geometry: ${bad.reason}` });
          }
        }
        if (problems.length > 0) {
          const first = problems[0]!;
          throw new AppError(E.PLANNING_AREAS_INVALID, 400, { count: problems.length, at: first.at, zh: first.zh, en: first.en },
            problems.slice(0, 500).map((p) => ({ field: p.at, rule: 'import', zh: `${p.at}：${p.zh}`, en: `${p.at}: ${p.en}` })));
        }
        const replaced = await areasRepo.deleteSet(tx, actor.regionCode, setName);
        await areasRepo.insertAreas(tx, actor.regionCode, setName, actor.userId, areas);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'planning.area_set.import', entityType: 'assessment_area', entityId: setName, regionCode: actor.regionCode,
          after: { setName, areas: areas.map((a) => a.name), replaced },
        });
        return (await areasRepo.areaSets(tx, actor.regionCode)).find((s) => s.setName === setName)!;
      });
    },

    async deleteSet(actor, ip, setName) {
      await db.transaction(async (tx) => {
        const removed = await areasRepo.deleteSet(tx, actor.regionCode, setName);
        if (removed === 0) throw new AppError(E.PLANNING_AREA_SET_NOT_FOUND, 404, { set: setName });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'planning.area_set.delete', entityType: 'assessment_area', entityId: setName, regionCode: actor.regionCode, before: { setName, areas: removed },
        });
      });
    },

    async balance(actor, setName) {
      const [rows, ratios] = await Promise.all([
        areasRepo.areaInputs(db, actor.scope, actor.regionCode, setName, settings.countedStates, PERSONNEL_SHELTER_FUNCTIONS),
        repo.stayRatios(db, actor.scope, ancestorsOf(actor.regionCode)),
      ]);
      if (rows.length === 0) throw new AppError(E.PLANNING_AREA_SET_NOT_FOUND, 404, { set: setName });
      const ratioMap = new Map(ratios.map((r) => [r.regionCode, r.stayRatio]));
      const target = PER_CAPITA_TARGET_M2;
      const areas = rows.map((r): PolygonAreaBalance => {
        let people = 0;
        let staying = 0;
        for (const p of r.people) {
          people += p.people;
          staying += peopleStaying(p.people, effectiveStayRatio(p.regionCode, ratioMap, settings.stayRatio));
        }
        const places = r.shelterAreaM2.reduce((a, m2) => a + shelterPlaces(m2, settings.areaPerPersonM2), 0);
        const b = balanceOf({ people: staying, stayRatio: 1, places, civilDefenceAreaM2: r.grossAreaM2 }, target);
        return { ...b, people, stayRatio: people > 0 ? Math.min(1, staying / people) : settings.stayRatio, id: r.id, name: r.name, works: r.works, geometry: r.geometry };
      });
      return { setName, areas, target: { min: target.min, max: target.max } };
    },
  };
}
