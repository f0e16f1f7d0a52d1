/**
 * Writers of the works exchange format (columns.ts), so that an export imports back unchanged:
 * XLSX with the 工程 and 防护单元 sheets, CSV (UTF-8 with BOM, one row per unit), GeoJSON with a `units` array.
 */
import { CHEMICAL_GRADES, CONSTRUCTION_FORMS, LIFECYCLE_STATES, PROTECTION_GRADES, WORK_CLASSES, WORK_SUBTYPES, type Labelled } from '@civdef/domain';
import Papa from 'papaparse';
import { addSheet, newWorkbook, workbookBuffer } from '../../../../lib/xlsx/write.ts';
import type { UnitRow, WorkFullRow } from '../../registry/works.repository.ts';
import {
  CRS_HELP, ROW_UNIT_COLUMNS, UNIT_COLUMNS, UNIT_SHEET, WORK_COLUMNS, WORK_SHEET, allowedValues, headerOf, templateHints, unitKeyOf, type Column,
} from './columns.ts';
import { escapeCsvCell } from './csv-cells.ts';

const zhOf = (options: readonly Labelled<string>[], code: string | null) => (code ? options.find((o) => o.code === code)?.zh ?? code : null);
const SUBTYPES = Object.values(WORK_SUBTYPES).flat();

interface PeacetimeUseJson {
  parking?: { total?: number; publicSpaces?: number; feePerHourYuan?: number; hours?: string };
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
    publicParkingSpaces: pu.parking?.publicSpaces ?? null, parkingFeePerHour: pu.parking?.feePerHourYuan ?? null, parkingHours: pu.parking?.hours ?? null, evChargers: pu.evChargers ?? null,
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

const LIST_SHEET = '取值';
const GUIDE_SHEET = '填写说明';

/**
 * Drop-downs (Excel data validation) on the enumeration and yes/no columns, their values on a hidden 「取值」 sheet
 * (an inline list is limited to 255 characters). A value typed past the list is refused by Excel with the column's
 * allowed values; the importer checks it anyway. Only `rows` rows get one: a reader expands every validated cell.
 */
function addDropDowns(wb: import('exceljs').Workbook, sheets: Array<{ ws: import('exceljs').Worksheet; columns: readonly Column[] }>, rows: number): void {
  const lists = wb.addWorksheet(LIST_SHEET, { state: 'hidden' });
  const listColumn = new Map<string, string>();
  for (const { ws, columns } of sheets) {
    columns.forEach((c, i) => {
      const values = allowedValues(c);
      if (!values) return;
      const id = values.join('\u0001');
      let ref = listColumn.get(id);
      if (!ref) {
        const col = lists.getColumn(listColumn.size + 1);
        col.values = [c.zh, ...values];
        ref = `'${LIST_SHEET}'!$${col.letter}$2:$${col.letter}$${values.length + 1}`;
        listColumn.set(id, ref);
      }
      const letter = ws.getColumn(i + 1).letter;
      // exceljs has Worksheet.dataValidations (one entry for a whole range) but its typings leave it out.
      (ws as unknown as { dataValidations: { add(range: string, v: import('exceljs').DataValidation): void } }).dataValidations.add(`${letter}2:${letter}${rows + 1}`, {
        type: 'list', allowBlank: true, formulae: [ref], showErrorMessage: true, errorStyle: 'stop',
        errorTitle: `${c.zh}：取值无效`, error: `请从下拉列表中选择：${values.slice(0, 12).join('、')}${values.length > 12 ? '…' : ''}`,
      });
    });
  }
}

/** The template's 「填写说明」 sheet: every column with whether it is required, its rule and allowed values; coordinates; units. */
function addGuide(wb: import('exceljs').Workbook): void {
  const g = wb.addWorksheet(GUIDE_SHEET);
  g.columns = [{ header: '工作表', width: 10 }, { header: '列', width: 20 }, { header: '是否必填', width: 30 }, { header: '说明与可选值', width: 90 }];
  g.getRow(1).font = { bold: true };
  for (const [sheet, columns] of [[WORK_SHEET, WORK_COLUMNS], [UNIT_SHEET, UNIT_COLUMNS]] as const) {
    for (const c of columns) {
      const values = allowedValues(c);
      g.addRow([sheet, headerOf(c), c.required ? '必填（*）' : c.requiredWhen ? `条件必填（△）：${c.requiredWhen}` : '选填',
        [c.hint, values ? `可选：${values.join('、')}` : null].filter(Boolean).join('；')]);
    }
  }
  g.addRow([]);
  for (const line of [
    ...CRS_HELP,
    '防护单元：一个工程有多个防护单元时，在「防护单元」表逐个列出（每个单元一行，用工程编号对应）；此时「工程」表的三项面积是合计，可留空。',
    '更新：工程编号已存在的行会更新该工程（重新导入导出的文件不会改变任何数据）；留空的格子表示“未知/没有”，不会被当作 0。',
    '生命周期状态：新工程默认 审批；更新时须与现状一致，状态变更请在系统中走生命周期流程。',
  ]) {
    const row = g.addRow(['', line]);
    g.mergeCells(row.number, 2, row.number, 4);
    row.getCell(2).alignment = { wrapText: true };
  }
}

/** The template and the export share this writer; `template` adds a 说明 row and the 填写说明 sheet. */
export async function toXlsx(works: WorkFullRow[], units: UnitRow[], opts: { template?: boolean } = {}): Promise<Buffer> {
  const wb = await newWorkbook();
  const byWork = unitsByWork(units);
  const ws = addSheet(wb, {
    name: WORK_SHEET, columns: WORK_COLUMNS.map((c) => ({ header: headerOf(c), key: c.key, width: Math.max(10, c.zh.length * 2 + 4) })),
    rows: works.map((w) => workRecord(w, byWork.get(w.id))), ...(opts.template ? { notes: templateHints() } : {}),
  });
  // Every unit of every work, so that names, 抗爆单元数, 平时功能 and each unit's own grades survive a round trip.
  const us = addSheet(wb, {
    name: UNIT_SHEET, columns: UNIT_COLUMNS.map((c) => ({ header: headerOf(c), key: c.key, width: Math.max(10, c.zh.length * 2 + 4) })),
    rows: works.flatMap((w) => (byWork.get(w.id) ?? []).map((u) => unitRecord(w.code, u))),
  });
  if (opts.template) addGuide(wb);
  addDropDowns(wb, [{ ws, columns: WORK_COLUMNS }, { ws: us, columns: UNIT_COLUMNS }], Math.max(works.length, units.length) + (opts.template ? 1000 : 100));
  return workbookBuffer(wb);
}

/**
 * CSV of the works: one table, so each protection unit is a row of its own (ROW_UNIT_COLUMNS): a work's first row
 * carries the work and its first unit, each further unit a row with only 工程编号 and the unit columns. Cells that
 * would start a formula are escaped (csv-cells.ts).
 */
export function toCsv(works: WorkFullRow[], units: UnitRow[], opts: { template?: boolean } = {}): Buffer {
  const columns = [...WORK_COLUMNS, ...ROW_UNIT_COLUMNS];
  const header = columns.map(headerOf);
  const rows: unknown[][] = [header];
  if (opts.template) {
    const hints = templateHints(columns);
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
