/**
 * Writers of the works exchange format (columns.ts), so that an export imports back unchanged:
 * XLSX with the 工程 and 防护单元 sheets, CSV (UTF-8 with BOM, one row per unit), GeoJSON with a `units` array.
 */
import { CHEMICAL_GRADES, CONSTRUCTION_FORMS, LIFECYCLE_STATES, PROTECTION_GRADES, WORK_CLASSES, WORK_SUBTYPES, type Labelled } from '@civdef/domain';
import Papa from 'papaparse';
import type { UnitRow, WorkFullRow } from '../../registry/works.repository.ts';
import { ROW_UNIT_COLUMNS, UNIT_COLUMNS, UNIT_SHEET, WORK_COLUMNS, WORK_SHEET, templateHints, unitKeyOf } from './columns.ts';
import { escapeCsvCell } from './csv-cells.ts';

const zhOf = (options: readonly Labelled<string>[], code: string | null) => (code ? options.find((o) => o.code === code)?.zh ?? code : null);
const SUBTYPES = Object.values(WORK_SUBTYPES).flat();

interface PeacetimeUseJson {
  parking?: { total?: number; publicSpaces?: number; feePerHourYuan?: number };
  evChargers?: number;
  coolingSpot?: { seasonStart?: string; seasonEnd?: string; hours?: string; capacity?: number; facilities?: string[] };
}

/**
 * A work's row. When the work has units they are listed one by one (防护单元 sheet, unit columns, GeoJSON `units`),
 * and the area columns hold their totals, for reading (the import checks that they still agree); 抗爆单元数 and 平时功能
 * stay empty there (they belong to each unit); a work without units leaves all of them empty. 停车位 is the peacetime parking use, never the units' spaces: an empty use stays empty.
 */
export function workRecord(w: WorkFullRow, units: readonly UnitRow[] = []): Record<string, string | number | null> {
  const pu = (w.peacetimeUse ?? {}) as PeacetimeUseJson;
  const listed = units.length > 0;
  return {
    code: w.code, name: w.name, address: w.address, regionCode: w.regionCode, lng: w.lng, lat: w.lat,
    constructionForm: zhOf(CONSTRUCTION_FORMS, w.constructionForm), parentProject: w.parentProject, workClass: zhOf(WORK_CLASSES, w.workClass),
    subtype: zhOf(SUBTYPES, w.subtype), protectionGrade: zhOf(PROTECTION_GRADES, w.protectionGrade), chemicalGrade: zhOf(CHEMICAL_GRADES, w.chemicalGrade),
    yearBuilt: w.yearBuilt, owner: w.owner, managementUnit: w.managementUnit, contactName: w.contactName, contactPhone: w.contactPhone,
    isPublic: w.isPublic ? '是' : '否', lifecycleState: zhOf(LIFECYCLE_STATES, w.lifecycleState),
    grossAreaM2: listed ? w.grossAreaM2 : null, protectedAreaM2: listed ? w.protectedAreaM2 : null, shelterAreaM2: listed ? w.shelterAreaM2 : null,
    blastUnits: null,
    parkingSpaces: pu.parking?.total ?? null, peacetimeFunction: null,
    publicParkingSpaces: pu.parking?.publicSpaces ?? null, parkingFeePerHour: pu.parking?.feePerHourYuan ?? null, evChargers: pu.evChargers ?? null,
    coolingSeason: pu.coolingSpot ? `${pu.coolingSpot.seasonStart ?? ''}~${pu.coolingSpot.seasonEnd ?? ''}` : null,
    coolingHours: pu.coolingSpot?.hours ?? null, coolingCapacity: pu.coolingSpot?.capacity ?? null,
    coolingFacilities: pu.coolingSpot?.facilities?.join('、') ?? null,
  };
}

function unitRecord(code: string, u: UnitRow): Record<string, string | number | null> {
  return {
    code, name: u.name, grossAreaM2: u.grossAreaM2, protectedAreaM2: u.protectedAreaM2, shelterAreaM2: u.shelterAreaM2,
    wartimeFunction: u.wartimeFunction, protectionGrade: zhOf(PROTECTION_GRADES, u.protectionGrade), chemicalGrade: zhOf(CHEMICAL_GRADES, u.chemicalGrade),
    blastUnits: u.blastUnits, peacetimeFunction: u.peacetimeFunction, parkingSpaces: u.parkingSpaces,
  };
}

function unitsByWork(units: readonly UnitRow[]): Map<number, UnitRow[]> {
  const byWork = new Map<number, UnitRow[]>();
  for (const u of units) {
    const list = byWork.get(u.workId);
    if (list) list.push(u);
    else byWork.set(u.workId, [u]);
  }
  return byWork;
}

/** The template and the export share this writer; `template` adds a 说明 row and an example. */
export async function toXlsx(works: WorkFullRow[], units: UnitRow[], opts: { template?: boolean } = {}): Promise<Buffer> {
  // Loaded on first export, not at start-up: exceljs is the heaviest module the server would load (~0.5 s).
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'civdef';
  const ws = wb.addWorksheet(WORK_SHEET, { views: [{ state: 'frozen', ySplit: opts.template ? 2 : 1 }] });
  ws.columns = WORK_COLUMNS.map((c) => ({ header: `${c.zh}${c.required ? '*' : ''}`, key: c.key, width: Math.max(10, c.zh.length * 2 + 4) }));
  ws.getRow(1).font = { bold: true };
  if (opts.template) {
    ws.addRow(templateHints());
    ws.getRow(2).font = { italic: true, color: { argb: 'FF888888' } };
  }
  const byWork = unitsByWork(units);
  for (const w of works) ws.addRow(workRecord(w, byWork.get(w.id)));
  const us = wb.addWorksheet(UNIT_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  us.columns = UNIT_COLUMNS.map((c) => ({ header: `${c.zh}${c.required ? '*' : ''}`, key: c.key, width: Math.max(10, c.zh.length * 2 + 4) }));
  us.getRow(1).font = { bold: true };
  // Every unit of every work, so that names, 抗爆单元数, 平时功能 and each unit's own grades survive a round trip.
  for (const w of works) for (const u of byWork.get(w.id) ?? []) us.addRow(unitRecord(w.code, u));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * CSV of the works: one table, so each protection unit is a row of its own (ROW_UNIT_COLUMNS): a work's first row
 * carries the work and its first unit, each further unit a row with only 工程编号 and the unit columns. Cells that
 * would start a formula are escaped (csv-cells.ts).
 */
export function toCsv(works: WorkFullRow[], units: UnitRow[], opts: { template?: boolean } = {}): Buffer {
  const columns = [...WORK_COLUMNS, ...ROW_UNIT_COLUMNS];
  const header = columns.map((c) => `${c.zh}${c.required ? '*' : ''}`);
  const rows: unknown[][] = [header];
  if (opts.template) {
    const hints = templateHints();
    rows.push(columns.map((c) => hints[c.key] ?? ''));
  }
  const byWork = unitsByWork(units);
  const unitCells = (u: UnitRow | undefined) => {
    const rec = u ? unitRecord('', u) : {};
    return ROW_UNIT_COLUMNS.map((c) => rec[unitKeyOf(c.key)] ?? '');
  };
  for (const w of works) {
    const list = byWork.get(w.id) ?? [];
    const rec = workRecord(w, list);
    rows.push([...WORK_COLUMNS.map((c) => rec[c.key] ?? ''), ...unitCells(list[0])]);
    for (const u of list.slice(1)) rows.push([...WORK_COLUMNS.map((c) => (c.key === 'code' ? w.code : '')), ...unitCells(u)]);
  }
  // Every cell, the header and the hints included: a text never reaches the spreadsheet as a formula.
  const safe = rows.map((r) => r.map(escapeCsvCell));
  return Buffer.from(`\uFEFF${Papa.unparse(safe, { newline: '\r\n' })}`, 'utf8');
}

export function toGeoJson(works: WorkFullRow[], units: UnitRow[]): Buffer {
  const byWork = unitsByWork(units);
  const fc = {
    type: 'FeatureCollection',
    features: works.map((w) => {
      const { lng, lat, ...props } = workRecord(w, byWork.get(w.id));
      return {
        type: 'Feature',
        id: w.id,
        geometry: { type: 'Point', coordinates: [lng, lat] },
        properties: {
          ...props,
          constructionForm: w.constructionForm, workClass: w.workClass, subtype: w.subtype, protectionGrade: w.protectionGrade,
          chemicalGrade: w.chemicalGrade, lifecycleState: w.lifecycleState, isPublic: w.isPublic,
          units: (byWork.get(w.id) ?? []).map((u) => ({ ...unitRecord(w.code, u), protectionGrade: u.protectionGrade, chemicalGrade: u.chemicalGrade, code: undefined })),
        },
      };
    }),
  };
  return Buffer.from(JSON.stringify(fc));
}
