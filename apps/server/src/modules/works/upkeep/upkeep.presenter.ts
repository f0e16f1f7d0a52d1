/** Upkeep rows → API shapes: ISO timestamps, GPS as [lng, lat], rounded distances; a document never shows its storage key. */
import { MAINTENANCE_DISCIPLINES } from '@civdef/domain';
import { iso } from '../../../lib/schemas.ts';
import { escapeCsvCell } from '../exchange/format/csv-cells.ts';
import type { DocumentRow, InspectionRow, PlanRow, RecordRow, RectificationRow } from './upkeep.repository.ts';

export const presentRecord = (r: RecordRow) => ({ ...r, createdAt: iso(r.createdAt)! });
export const presentRect = (r: RectificationRow) => ({ ...r, closedAt: iso(r.closedAt), createdAt: iso(r.createdAt)! });
export const presentInspection = (i: InspectionRow) => {
  const { lng, lat, ...rest } = i;
  return { ...rest, inspectedAt: iso(i.inspectedAt)!, location: lng === null || lat === null ? null : [lng, lat] as [number, number], distanceM: i.distanceM === null ? null : Math.round(i.distanceM) };
};
/** Archive documents: the storage key stays inside the server (downloads go through /api/works/documents/{id}/content). */
export const presentDoc = (d: DocumentRow) => ({
  id: d.id, workId: d.workId, inspectionId: d.inspectionId, docType: d.docType, title: d.title, fileName: d.fileName, mediaType: d.mediaType,
  sizeBytes: d.sizeBytes, sm3: d.sm3, sha256: d.sha256, uploader: d.uploader, uploadedAt: iso(d.uploadedAt)!,
});

const DUE_COLUMNS: Array<[string, (p: PlanRow) => string | number]> = [
  ['工程编号', (p) => p.workCode],
  ['工程名称', (p) => p.workName],
  ['行政区划代码', (p) => p.regionCode],
  ['维护项目', (p) => p.title],
  ['专业', (p) => MAINTENANCE_DISCIPLINES.find((d) => d.code === p.discipline)?.zh ?? p.discipline],
  ['周期(月)', (p) => p.intervalMonths],
  ['到期日', (p) => p.nextDueOn],
  ['逾期天数', (p) => p.daysOverdue],
  ['上次完成', (p) => p.lastDoneOn ?? ''],
];

/** The due list as CSV (UTF-8 with BOM, so Excel and WPS read the Chinese), every text cell escaped against formulas. */
export function dueCsv(plans: PlanRow[]): Buffer {
  const cell = (v: string | number) => {
    const s = String(escapeCsvCell(v));
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [DUE_COLUMNS.map(([h]) => h), ...plans.map((p) => DUE_COLUMNS.map(([, f]) => f(p)))].map((r) => r.map(cell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
