/** Rows → API shapes for the zoning routes: the only field whitelists of the module (fields copied by name). */
import { featureCollection } from '../../lib/geojson.ts';
import type { ParcelRow, PoolingRow, PoolingTotals, ProjectResult, RuleRow } from './zoning.service.ts';

export function presentRule(r: RuleRow) {
  return {
    id: r.id, code: r.code, regionCode: r.regionCode, validFrom: r.validFrom, validTo: r.validTo, basis: r.basis, source: r.source, highRiseStoreys: r.highRiseStoreys,
    deepFoundationM: r.deepFoundationM, minAboveGroundM2: r.minAboveGroundM2, ratio: r.ratio, residentialGroundFloor: r.residentialGroundFloor, grade: r.grade,
    feeFenPerM2: r.feeFenPerM2, feeBasis: r.feeBasis, reductions: r.reductions.map((x) => ({ code: x.code, zh: x.zh, en: x.en, share: x.share, basis: x.basis })),
    createdBy: r.createdBy, createdAt: r.createdAt.toISOString(),
  };
}

export function presentParcel(p: ParcelRow) {
  return {
    id: p.id, regionCode: p.regionCode, regionName: p.regionName, code: p.code, name: p.name, landUse: p.landUse, areaM2: p.areaM2, requiredM2: p.requiredM2,
    poolingAllowed: p.poolingAllowed, planRef: p.planRef, synthetic: p.synthetic, pooledM2: p.pooledM2, hasBoundary: p.hasBoundary, updatedAt: p.updatedAt.toISOString(),
  };
}

export function presentParcelMap(rows: Array<ParcelRow & { geometry: string }>) {
  return featureCollection(rows.map((p) => ({
    id: p.id, geometry: p.geometry,
    properties: { id: p.id, code: p.code, name: p.name, regionCode: p.regionCode, requiredM2: p.requiredM2, pooledM2: p.pooledM2, poolingAllowed: p.poolingAllowed, synthetic: p.synthetic },
  })));
}

export function presentPooling(x: PoolingRow) {
  return {
    id: x.id, regionCode: x.regionCode, parcelId: x.parcelId, parcelCode: x.parcelCode, parcelName: x.parcelName, workId: x.workId, workCode: x.workCode,
    workName: x.workName, areaM2: x.areaM2, pooledOn: x.pooledOn, savingFenPerM2: x.savingFenPerM2, savedFen: x.savedFen, basis: x.basis, reference: x.reference,
    synthetic: x.synthetic, createdBy: x.createdBy, createdAt: x.createdAt.toISOString(),
  };
}

export function presentLedger(rows: readonly PoolingRow[], totals: PoolingTotals) {
  return { items: rows.map(presentPooling), byArea: totals.byArea, total: totals.total, synthetic: totals.synthetic };
}

export function presentCalculation(r: ProjectResult) {
  return {
    name: r.name,
    parcel: r.parcel && { id: r.parcel.id, code: r.parcel.code, name: r.parcel.name, requiredM2: r.parcel.requiredM2, poolingAllowed: r.parcel.poolingAllowed },
    date: r.project.date, regionCode: r.project.regionCode, rule: presentRule(r.rule),
    requiredM2: r.requirement.requiredM2, plannedM2: r.requirement.plannedM2, shortfallM2: r.requirement.shortfallM2,
    steps: r.requirement.steps.map((s) => ({ zh: s.zh, en: s.en, valueM2: s.valueM2 })),
    fee: {
      rateFenPerM2: r.rule.feeFenPerM2, grossFen: r.fee.grossFen, reducedFen: r.fee.reducedFen, feeFen: r.fee.feeFen, basis: r.fee.basis,
      reductions: r.fee.reductions.map((x) => ({ code: x.code, zh: x.zh, en: x.en, share: x.share, basis: x.basis })),
    },
  };
}
