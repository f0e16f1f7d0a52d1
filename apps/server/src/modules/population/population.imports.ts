/**
 * Population import and export (人口数据导入): a file (XLSX, CSV or GeoJSON) is previewed — every row checked, every
 * problem listed, per-area totals shown, nothing written — and then committed: checked again inside one transaction
 * that replaces the area's cells with the file's and records a dataset version (what allocation runs cite), or
 * refused whole with the same list. 留城比例 stays a per-area setting of planning (planning_area_setting), not a
 * column of the file: a census grid does not carry it.
 */
import { createHash } from 'node:crypto';
import { inScope, scopePrefix } from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { csvBuffer, csvRows } from '../../lib/xlsx/csv.ts';
import { ImportFormatError } from '../../lib/xlsx/format-error.ts';
import { loadWorkbook, sheetRows, type Cell } from '../../lib/xlsx/read.ts';
import { addSheet, newWorkbook, workbookBuffer, type SheetSpec } from '../../lib/xlsx/write.ts';
import { appendAudit } from '../audit/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { POPULATION_SHEET, parsePopulation, populationGeoJson, populationSheet, populationTemplate, type CellError, type PopulationFormat, type PopulationRecord } from './population.exchange.ts';
import { PopulationErrors as E } from './population.errors.ts';
import * as repo from './population.repository.ts';
import type { DatasetRow } from './population.repository.ts';

export type { DatasetRow, PopulationFormat };

/** Problems listed one by one in an answer; the count is always the full one. */
const MAX_LISTED_PROBLEMS = 2_000;

export interface PopulationFile { fileName: string; format: PopulationFormat; data: Buffer }

export interface PopulationPreview {
  fileName: string;
  format: PopulationFormat;
  sha256: string;
  /** The area whose cells a commit replaces. */
  areaCode: string;
  records: number;
  gridCells: number;
  buildings: number;
  people: number;
  /** Cells of the area now in the database (a commit removes them). */
  replaces: number;
  byRegion: Array<{ regionCode: string; name: string | null; records: number; people: number }>;
  errorCount: number;
  errors: CellError[];
}

export interface PopulationImportsService {
  preview(actor: Actor, file: PopulationFile, area?: string): Promise<PopulationPreview>;
  /** Writes the file (all rows or none) as a new dataset replacing the area's cells. */
  commit(actor: Actor, ip: string | null, file: PopulationFile, area?: string): Promise<{ dataset: DatasetRow; preview: PopulationPreview }>;
  datasets(actor: Actor): Promise<DatasetRow[]>;
  exportFile(actor: Actor, ip: string | null, format: PopulationFormat, area?: string): Promise<Buffer>;
  templateFile(format: 'xlsx' | 'csv'): Promise<Buffer>;
}

export interface PopulationImportsDeps {
  db: Database;
  regions: Pick<RegionsService, 'listFor' | 'unknownCodes'>;
}

async function rowsOf(file: PopulationFile): Promise<{ rows: Cell[][] } | { geojson: Buffer }> {
  if (file.format === 'geojson') return { geojson: file.data };
  if (file.format === 'csv') return { rows: csvRows(file.data) };
  const wb = await loadWorkbook(file.data);
  const ws = wb.getWorksheet(POPULATION_SHEET) ?? wb.worksheets[0];
  if (!ws) throw new ImportFormatError('工作簿中没有工作表', 'the workbook has no sheet');
  return { rows: sheetRows(ws) };
}

async function fileOf(spec: SheetSpec, format: 'xlsx' | 'csv'): Promise<Buffer> {
  if (format === 'csv') return csvBuffer(spec);
  const wb = await newWorkbook();
  addSheet(wb, spec);
  return workbookBuffer(wb);
}

export function createPopulationImportsService({ db, regions }: PopulationImportsDeps): PopulationImportsService {
  async function areaOf(actor: Actor, area: string | undefined): Promise<{ code: string; names: Map<string, string> }> {
    const all = await regions.listFor(actor);
    const code = area ?? actor.regionCode;
    if (!all.some((r) => r.code === code)) throw new AppError(E.POPULATION_AREA_NOT_FOUND, 404, { code });
    return { code, names: new Map(all.map((r) => [r.code, r.name])) };
  }

  /**
   * Parses and checks the file against the database (through `q`); nothing is written. The area is resolved by the
   * caller before any transaction: the jurisdiction list is read on the database itself, which the embedded
   * database's single connection could not serve while a transaction holds it.
   */
  async function check(q: Queryable, { code, names }: { code: string; names: Map<string, string> }, file: PopulationFile) {
    let parsed: ReturnType<typeof parsePopulation>;
    try {
      parsed = parsePopulation(await rowsOf(file));
    } catch (err) {
      if (err instanceof ImportFormatError) throw new AppError(E.POPULATION_IMPORT_UNREADABLE, 400, { zh: err.zh, en: err.en });
      throw err;
    }
    const { records } = parsed;
    const problems: CellError[] = [...parsed.errors];
    const unknown = new Set(await regions.unknownCodes([...new Set(records.map((r) => r.regionCode))], q));
    const good: Array<PopulationRecord & { at: string }> = [];
    for (const r of records) {
      if (!inScope(code, r.regionCode)) problems.push({ at: r.at, zh: `「区划代码」${r.regionCode} 不在导入片区 ${code} 内`, en: `region code: ${r.regionCode} is outside the imported area ${code}` });
      else if (unknown.has(r.regionCode)) problems.push({ at: r.at, zh: `「区划代码」${r.regionCode} 不存在`, en: `region code: ${r.regionCode} does not exist` });
      else good.push(r);
    }
    const per = new Map<string, { records: number; people: number }>();
    for (const r of good) {
      const p = per.get(r.regionCode) ?? { records: 0, people: 0 };
      p.records += 1;
      p.people += r.people;
      per.set(r.regionCode, p);
    }
    const preview: PopulationPreview = {
      fileName: file.fileName, format: file.format, sha256: createHash('sha256').update(file.data).digest('hex'), areaCode: code,
      records: good.length, gridCells: good.filter((r) => r.cellSizeM !== null).length, buildings: good.filter((r) => r.cellSizeM === null).length,
      people: good.reduce((a, r) => a + r.people, 0), replaces: await repo.countIn(q, scopePrefix(code)),
      byRegion: [...per.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([regionCode, p]) => ({ regionCode, name: names.get(regionCode) ?? null, ...p })),
      errorCount: problems.length, errors: problems.slice(0, MAX_LISTED_PROBLEMS),
    };
    return { preview, good, problems };
  }

  return {
    async preview(actor, file, area) {
      return (await check(db, await areaOf(actor, area), file)).preview;
    },

    async commit(actor, ip, file, area) {
      const where = await areaOf(actor, area);
      return db.transaction(async (tx) => {
        const { preview, good, problems } = await check(tx, where, file);
        if (problems.length > 0) {
          const first = problems[0]!;
          throw new AppError(E.POPULATION_IMPORT_INVALID, 400, { count: problems.length, at: first.at, zh: first.zh, en: first.en },
            problems.slice(0, MAX_LISTED_PROBLEMS).map((e) => ({ field: e.at, rule: 'import', zh: `${e.at}：${e.zh}`, en: `${e.at}: ${e.en}` })));
        }
        if (good.length === 0) throw new AppError(E.POPULATION_IMPORT_EMPTY, 400);
        const scope = scopePrefix(preview.areaCode);
        const replaced = await repo.deleteCellsIn(tx, scope);
        const id = await repo.insertDataset(tx, {
          regionCode: preview.areaCode, scope, fileName: file.fileName.slice(0, 200), format: file.format, sha256: preview.sha256,
          cells: good.length, people: preview.people, replaced, createdBy: actor.userId,
        });
        await repo.insertRecordsBulk(tx, id, good.map(({ at: _at, ...r }) => r));
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'population.import', entityType: 'population_dataset', entityId: id, regionCode: preview.areaCode,
          after: { fileName: file.fileName, format: file.format, sha256: preview.sha256, cells: good.length, people: preview.people, replaced },
        });
        const dataset = (await repo.datasetsFor(tx, scope, 1)).find((d) => d.id === id)!;
        return { dataset, preview: { ...preview, replaces: replaced } };
      });
    },

    datasets: (actor) => repo.datasetsFor(db, actor.scope, 50),

    async exportFile(actor, ip, format, area) {
      const { code } = await areaOf(actor, area);
      const records = await repo.recordsIn(db, scopePrefix(code));
      await db.transaction((tx) => appendAudit(tx, auditContextOf(actor, ip), {
        action: 'population.export', entityType: 'population_dataset', regionCode: code, after: { format, cells: records.length },
      }));
      if (format === 'geojson') return populationGeoJson(records);
      return fileOf(populationSheet(records), format);
    },

    templateFile: (format) => fileOf(populationTemplate(), format),
  };
}
