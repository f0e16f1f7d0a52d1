/** One record (a sheet row or a GeoJSON feature's properties) → a work or a protection unit, every broken rule reported. */
import type { UnitImport, WorkImport } from '../../registry/works.repository.ts';
import { err, readCell, toWgs84, type CellContext } from './cells.ts';
import { UNIT_COLUMNS, USE_COLUMN_KEYS, WORK_COLUMNS, type Cell, type Crs, type ParsedWork } from './columns.ts';

export type Record_ = Record<string, Cell | undefined>;

export /** Turns one sheet-1 record into a work; every broken rule goes to ctx.errors. */
function buildWork(ctx: CellContext, rec: Record_, crs: Crs): ParsedWork | null {
  const v: Record<string, string | number | boolean | null | undefined> = {};
  let ok = true;
  for (const col of WORK_COLUMNS) {
    const value = readCell(ctx, col, rec[col.key]);
    if (value === undefined) ok = false;
    v[col.key] = value;
  }
  if (typeof v.regionCode === 'string' && !/^\d{6}(\d{3})?$/.test(v.regionCode)) {
    err(ctx, '行政区划代码', v.regionCode, '应为 6 或 9 位数字', 'must be 6 or 9 digits');
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
  const areas = [v.grossAreaM2, v.protectedAreaM2, v.shelterAreaM2];
  const hasUnits = areas.some((a) => a !== null && a !== undefined);
  if (hasUnits && areas.some((a) => a === null)) {
    for (const [i, a] of areas.entries()) {
      if (a === null) err(ctx, ['建筑面积(m²)', '防护面积(m²)', '掩蔽面积(m²)'][i]!, null, '填写面积时三项面积均为必填', 'all three areas are required when any is given');
    }
    ok = false;
  }
  if (!ok || !location) return null;

  const peacetimeUse: Record<string, unknown> = {};
  if (v.parkingSpaces !== null || v.publicParkingSpaces !== null || v.parkingFeePerHour !== null) {
    peacetimeUse.parking = { total: (v.parkingSpaces as number | null) ?? 0, publicSpaces: (v.publicParkingSpaces as number | null) ?? 0, feePerHourYuan: (v.parkingFeePerHour as number | null) ?? 0 };
  }
  if (v.evChargers !== null) peacetimeUse.evChargers = v.evChargers;
  if (coolingSeason || v.coolingHours !== null || v.coolingCapacity !== null || v.coolingFacilities !== null) {
    peacetimeUse.coolingSpot = {
      seasonStart: coolingSeason?.[0] ?? '06-01', seasonEnd: coolingSeason?.[1] ?? '09-30', hours: (v.coolingHours as string | null) ?? '—',
      capacity: (v.coolingCapacity as number | null) ?? 0,
      facilities: typeof v.coolingFacilities === 'string' ? v.coolingFacilities.split(/[、,，;；]/).map((s) => s.trim()).filter(Boolean).slice(0, 20).map((s) => s.slice(0, 32)) : [],
    };
  }
  const work: WorkImport = {
    code: v.code as string,
    name: v.name as string,
    address: v.address as string | null,
    regionCode: v.regionCode as string,
    location,
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
    units: hasUnits ? [{
      name: '防护单元1', grossAreaM2: v.grossAreaM2 as number, protectedAreaM2: v.protectedAreaM2 as number, shelterAreaM2: v.shelterAreaM2 as number,
      blastUnits: (v.blastUnits as number | null) ?? 1, parkingSpaces: (v.parkingSpaces as number | null) ?? 0,
      peacetimeFunction: v.peacetimeFunction as string | null, protectionGrade: v.protectionGrade as string | null, chemicalGrade: v.chemicalGrade as string | null,
      wartimeFunction: v.subtype as string | null,
    }] : [],
    entrances: [],
  };
  return { row: ctx.row, work, hasUnits, hasState: v.lifecycleState !== null, hasUse: USE_COLUMN_KEYS.some((k) => k in rec) };
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

