/** One record (a sheet row or a GeoJSON feature's properties) → a work or a protection unit, every broken rule reported. */
import { isOpenAt } from '@civdef/domain';
import type { UnitImport, WorkImport } from '../../registry/works.repository.ts';
import { err, readCell, toWgs84, type CellContext } from './cells.ts';
import { UNIT_COLUMNS, USE_COLUMN_KEYS, WORK_COLUMNS, type Cell, type Crs, type ParsedWork } from './columns.ts';

export type Record_ = Record<string, Cell | undefined>;

export /**
 * Turns one works record into a work; every broken rule goes to ctx.errors. `ok` is false when a cell broke its
 * rule: the work then holds what could be read, so that the cross-field and database checks can still report on
 * the row (one upload, every problem).
 */
function buildWork(ctx: CellContext, rec: Record_, crs: Crs): { parsed: ParsedWork; ok: boolean } {
  const v: Record<string, string | number | boolean | null | undefined> = {};
  let ok = true;
  for (const col of WORK_COLUMNS) {
    const value = readCell(ctx, col, rec[col.key]);
    if (value === undefined) ok = false;
    v[col.key] = value;
  }
  if (typeof v.regionCode === 'string' && !/^\d{6}(\d{3})?$/.test(v.regionCode)) {
    err(ctx, '行政区划代码', v.regionCode, '应为 6 或 9 位数字', 'must be 6 or 9 digits');
    v.regionCode = undefined;
    ok = false;
  }
  if (typeof v.code === 'string' && /\s/.test(v.code)) {
    err(ctx, '工程编号', v.code, '不能包含空格', 'must not contain spaces');
    ok = false;
  }
  if (typeof v.contactPhone === 'string' && !/^[0-9+\-() ]{3,32}$/.test(v.contactPhone)) {
    err(ctx, '联系电话', v.contactPhone, '格式不正确', 'not a valid phone number');
    ok = false;
  }
  let location: [number, number] | null = null;
  if (typeof v.lng === 'number' && typeof v.lat === 'number') {
    const [lng, lat] = toWgs84(v.lng, v.lat, crs);
    if (lng < 73 || lng > 136) {
      err(ctx, '经度', v.lng, '应在 73～136 之间（中国范围；经纬度是否颠倒？）', 'must be within 73–136 (China; are longitude and latitude swapped?)');
      ok = false;
    } else if (lat < 3 || lat > 54) {
      err(ctx, '纬度', v.lat, '应在 3～54 之间（中国范围）', 'must be within 3–54 (China)');
      ok = false;
    } else location = [lng, lat];
  }
  let coolingSeason: [string, string] | null = null;
  if (typeof v.coolingSeason === 'string') {
    const m = /^(\d{2}-\d{2})\s*[~～至-]\s*(\d{2}-\d{2})$/.exec(v.coolingSeason);
    if (!m || !/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(m[1]!) || !/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(m[2]!)) {
      err(ctx, '纳凉开放季节', v.coolingSeason, '格式应为 MM-DD~MM-DD', 'must look like MM-DD~MM-DD');
      ok = false;
    } else coolingSeason = [m[1]!, m[2]!];
  }
  if (typeof v.parkingHours === 'string' && isOpenAt(v.parkingHours, 0) === null) {
    err(ctx, '停车开放时间', v.parkingHours, '格式应为 HH:MM-HH:MM（如 07:00-22:00，全天 00:00-24:00）', 'must look like HH:MM-HH:MM (e.g. 07:00-22:00; all day 00:00-24:00)');
    ok = false;
  }
  // Empty means none: a 配套工程 (plant rooms, stores, garages) shelters nobody, so its 掩蔽面积 may be left empty.
  if (v.workClass === 'support' && v.shelterAreaM2 === null && (typeof v.grossAreaM2 === 'number' || typeof v.protectedAreaM2 === 'number')) v.shelterAreaM2 = 0;
  const unitCells = [v.grossAreaM2, v.protectedAreaM2, v.shelterAreaM2, v.blastUnits, v.peacetimeFunction];
  const areas = unitCells.slice(0, 3);
  const hasRowUnit = unitCells.some((a) => a !== null);
  if (areas.some((a) => a !== null) && areas.some((a) => a === null)) {
    for (const [i, a] of areas.entries()) {
      if (a === null) err(ctx, ['建筑面积(m²)', '防护面积(m²)', '掩蔽面积(m²)'][i]!, null, '填写面积时三项面积均为必填（配套工程的掩蔽面积可不填，即为 0）', 'all three areas are required when any is given (a support work may leave its sheltering area empty: none)');
    }
    ok = false;
  }

  const peacetimeUse: Record<string, unknown> = {};
  // Only the values given are stored: an empty 公共停车位 or 停车收费 stays unknown, never becomes 0.
  const parking = Object.fromEntries(([['total', v.parkingSpaces], ['publicSpaces', v.publicParkingSpaces], ['feePerHourYuan', v.parkingFeePerHour], ['hours', v.parkingHours]] as const)
    .filter(([, x]) => typeof x === 'number' || typeof x === 'string'));
  if (Object.keys(parking).length) peacetimeUse.parking = parking;
  if (typeof v.evChargers === 'number') peacetimeUse.evChargers = v.evChargers;
  if (coolingSeason || typeof v.coolingHours === 'string' || typeof v.coolingCapacity === 'number' || typeof v.coolingFacilities === 'string') {
    peacetimeUse.coolingSpot = {
      seasonStart: coolingSeason?.[0] ?? '06-01', seasonEnd: coolingSeason?.[1] ?? '09-30', hours: (v.coolingHours as string | null) ?? '—',
      capacity: (v.coolingCapacity as number | null) ?? 0,
      facilities: typeof v.coolingFacilities === 'string' ? splitFacilities(v.coolingFacilities) : [],
    };
  }
  const rowUnit = hasRowUnit ? {
    grossAreaM2: num(v.grossAreaM2), protectedAreaM2: num(v.protectedAreaM2), shelterAreaM2: num(v.shelterAreaM2),
    blastUnits: num(v.blastUnits), peacetimeFunction: typeof v.peacetimeFunction === 'string' ? v.peacetimeFunction : null,
  } : undefined;
  const work = {
    code: v.code as string,
    name: v.name as string,
    address: v.address as string | null,
    regionCode: v.regionCode as string,
    location: location as [number, number],
    constructionForm: v.constructionForm as string,
    parentProject: v.parentProject as string | null,
    workClass: v.workClass as string,
    subtype: v.subtype as string | null,
    protectionGrade: v.protectionGrade as string | null,
    chemicalGrade: v.chemicalGrade as string | null,
    yearBuilt: v.yearBuilt as number | null,
    owner: v.owner as string | null,
    managementUnit: v.managementUnit as string | null,
    contactName: v.contactName as string | null,
    contactPhone: v.contactPhone as string | null,
    isPublic: (v.isPublic as boolean | null) ?? false,
    lifecycleState: (v.lifecycleState as string | null) ?? 'approved',
    ...(Object.keys(peacetimeUse).length ? { peacetimeUse } : {}),
    units: [],
    entrances: [],
  } satisfies WorkImport;
  return {
    parsed: {
      row: ctx.row, work, hasUnits: areas.some((a) => a !== null), hasState: v.lifecycleState !== null,
      hasUse: USE_COLUMN_KEYS.some((k) => k in rec), ...(rowUnit ? { rowUnit } : {}),
    },
    ok: ok && location !== null,
  };
}

const num = (x: unknown) => (typeof x === 'number' ? x : null);

/** 纳凉设施 are written joined with 、; offices also separate them with commas or semicolons. */
export const splitFacilities = (s: string) => s.split(/[、,，;；]/).map((x) => x.trim()).filter(Boolean).slice(0, 20).map((x) => x.slice(0, 32));

/** The one unit a works row describes when the file lists no units for the work (a work typed by hand). */
export function unitOfRow(p: ParsedWork): UnitImport | null {
  const r = p.rowUnit;
  if (!r || r.grossAreaM2 === null || r.protectedAreaM2 === null || r.shelterAreaM2 === null) return null;
  return {
    name: '防护单元1', grossAreaM2: r.grossAreaM2, protectedAreaM2: r.protectedAreaM2, shelterAreaM2: r.shelterAreaM2,
    blastUnits: r.blastUnits ?? 1, parkingSpaces: (p.work.peacetimeUse as { parking?: { total?: number } } | undefined)?.parking?.total ?? 0,
    peacetimeFunction: r.peacetimeFunction, protectionGrade: p.work.protectionGrade ?? null, chemicalGrade: p.work.chemicalGrade ?? null,
    wartimeFunction: p.work.subtype ?? null,
  };
}

export function buildUnit(ctx: CellContext, rec: Record_): { code: string; unit: UnitImport } | null {
  const v: Record<string, string | number | boolean | null | undefined> = {};
  let ok = true;
  for (const col of UNIT_COLUMNS) {
    const value = readCell(ctx, col, rec[col.key]);
    if (value === undefined) ok = false;
    v[col.key] = value;
  }
  if (!ok) return null;
  return {
    code: v.code as string,
    unit: {
      name: v.name as string, grossAreaM2: v.grossAreaM2 as number, protectedAreaM2: v.protectedAreaM2 as number, shelterAreaM2: v.shelterAreaM2 as number,
      wartimeFunction: v.wartimeFunction as string | null, protectionGrade: v.protectionGrade as string | null, chemicalGrade: v.chemicalGrade as string | null,
      blastUnits: (v.blastUnits as number | null) ?? 1, peacetimeFunction: v.peacetimeFunction as string | null, parkingSpaces: (v.parkingSpaces as number | null) ?? 0,
    },
  };
}

