/** Upkeep rows → API shapes: ISO timestamps, GPS as [lng, lat], rounded distances; a document never shows its storage key. */
import { iso } from '../../../lib/schemas.ts';
import type { DocumentRow, InspectionRow, RecordRow, RectificationRow } from './upkeep.repository.ts';

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
