/** Row → API shape of the registry (internal views: works:read). The public OGC whitelist is gis/gis.presenter.ts. */
import { LIFECYCLE_TRANSITIONS, isEarlyWork, shelterPlaces, type LifecycleState } from '@civdef/domain';
import type { Actor } from '../../../lib/actor.ts';
import { mask } from '../../../lib/field-crypto.ts';
import { iso } from '../../../lib/schemas.ts';
import { seesContactPhone } from './contact-phone.ts';
import type { NearestRow, WorkMapRow } from './works-search.repository.ts';
import type { LifecycleEventRow, WorkSummaryRow } from './works.repository.ts';
import type { WorkDetailData } from './works.service.ts';

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

export function presentSummary(w: WorkSummaryRow) {
  return {
    id: w.id,
    code: w.code,
    name: w.name,
    address: w.address,
    regionCode: w.regionCode,
    regionName: w.regionName,
    location: [round(w.lng, 7), round(w.lat, 7)] as [number, number],
    constructionForm: w.constructionForm,
    workClass: w.workClass,
    subtype: w.subtype,
    protectionGrade: w.protectionGrade,
    chemicalGrade: w.chemicalGrade,
    yearBuilt: w.yearBuilt,
    early: isEarlyWork(w.yearBuilt),
    isPublic: w.isPublic,
    lifecycleState: w.lifecycleState,
    signStatus: w.signStatus,
    unitCount: w.unitCount,
    grossAreaM2: round(w.grossAreaM2),
    protectedAreaM2: round(w.protectedAreaM2),
    shelterAreaM2: round(w.shelterAreaM2),
    shelterPlaces: w.shelterPlaces,
    parkingSpaces: w.parkingSpaces,
    overdue: w.overdue,
    version: w.version,
    updatedAt: iso(w.updatedAt)!,
  };
}

/**
 * One work for `viewer`. 联系电话 is personal data: in full to whoever may edit works, masked (138****5678) to
 * everyone else who may read them. List-type answers (summary, map, nearest, OGC, tiles) never carry it.
 */
export function presentDetail({ work: w, units, entrances, upkeep, areaPerPersonM2 }: WorkDetailData, viewer: Pick<Actor, 'permissions'>) {
  return {
    ...presentSummary(w),
    footprint: w.footprint ? (JSON.parse(w.footprint) as { type: string; coordinates: unknown }) : null,
    parentProject: w.parentProject,
    owner: w.owner,
    managementUnit: w.managementUnit,
    contactName: w.contactName,
    contactPhone: w.contactPhone === null || seesContactPhone(viewer) ? w.contactPhone : mask(w.contactPhone, 'phone'),
    peacetimeUse: w.peacetimeUse,
    signCheckedAt: iso(w.signCheckedAt),
    signNote: w.signNote,
    createdAt: iso(w.createdAt)!,
    units: units.map((u) => ({
      id: u.id, position: u.position, name: u.name, grossAreaM2: u.grossAreaM2, protectedAreaM2: u.protectedAreaM2,
      shelterAreaM2: u.shelterAreaM2, shelterPlaces: shelterPlaces(u.shelterAreaM2, areaPerPersonM2), wartimeFunction: u.wartimeFunction,
      protectionGrade: u.protectionGrade, chemicalGrade: u.chemicalGrade, blastUnits: u.blastUnits, peacetimeFunction: u.peacetimeFunction,
      parkingSpaces: u.parkingSpaces,
    })),
    entrances: entrances.map((e) => ({ id: e.id, location: [round(e.lng, 7), round(e.lat, 7)] as [number, number], kind: e.kind, widthM: e.widthM })),
    upkeep: { ...upkeep, lastInspectedAt: iso(upkeep.lastInspectedAt) },
    allowedTransitions: [...(LIFECYCLE_TRANSITIONS[w.lifecycleState as LifecycleState] ?? [])],
  };
}

export function presentLifecycleEvent(e: LifecycleEventRow) {
  return { ...e, at: iso(e.at)! };
}

export function presentNearest(r: NearestRow) {
  return {
    id: r.id, code: r.code, name: r.name, address: r.address, workClass: r.workClass, lifecycleState: r.lifecycleState,
    location: [r.lng, r.lat] as [number, number], distanceM: Math.round(r.distanceM * 10) / 10,
  };
}

/** A point of the console map: the geometry as GeoJSON, the map's properties. */
export function presentMapFeature(r: WorkMapRow) {
  return {
    id: r.id,
    geometry: r.geometry,
    properties: {
      id: r.id, code: r.code, name: r.name, address: r.address, workClass: r.workClass, lifecycleState: r.lifecycleState, regionCode: r.regionCode,
      regionName: r.regionName, isPublic: r.isPublic, shelterPlaces: r.shelterPlaces, usable: r.usable ?? false,
    },
  };
}
