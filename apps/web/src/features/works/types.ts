/**
 * Shapes of the works API, taken from the contract (src/api/schema.gen.ts, generated from the server's OpenAPI
 * document by `npm run contract`). Only the import progress events (Server-Sent Events, outside the document)
 * are described here.
 */
import type { BodyOf, QueryOf, ResponseOf } from '../../api/types.ts';

export type LngLat = [number, number];

export type WorkPage = ResponseOf<'/api/works', 'get'>;
export type WorkSummary = WorkPage['items'][number];
type WorkDetailAnswer = ResponseOf<'/api/works/{id}', 'get'>;
export type ProtectionUnit = WorkDetailAnswer['units'][number];
export type Entrance = WorkDetailAnswer['entrances'][number];

/** Body of POST /api/works (PATCH takes any subset plus `version`). */
export type WorkInput = BodyOf<'/api/works', 'post'>;
export type WorkPatch = BodyOf<'/api/works/{id}', 'patch'>;
export type PeacetimeUse = NonNullable<WorkInput['peacetimeUse']>;
/**
 * A work as GET /api/works/{id} answers it. The document declares `peacetimeUse` as stored JSON (the server
 * answers it as written), so its shape is the one the server accepts on create and edit.
 */
export type WorkDetail = Omit<WorkDetailAnswer, 'peacetimeUse'> & { peacetimeUse: PeacetimeUse | null };

/** What `GET /api/map/works` returns for each work (GeoJSON point properties). */
export type WorkPointProps = ResponseOf<'/api/map/works', 'get'>['features'][number]['properties'];

export type LifecycleEvent = ResponseOf<'/api/works/{id}/lifecycle', 'get'>['items'][number];
export type TransitionInput = BodyOf<'/api/works/{id}/transitions', 'post'>;

/** Filters shared by the list, the map, the export and the statistics (GET /api/works…). */
export type WorkListQuery = QueryOf<'/api/works', 'get'>;
export type WorkFilter = Omit<WorkListQuery, 'sort' | 'order' | 'page' | 'pageSize'>;
export type SortField = NonNullable<WorkListQuery['sort']>;

export type WorkStats = ResponseOf<'/api/works/stats', 'get'>;
export type StatsGroup = WorkStats['byRegion'][number];
export type NearestWork = ResponseOf<'/api/works/nearest', 'get'>['items'][number];

type UploadQuery = QueryOf<'/api/works/imports', 'post'>;
export type Crs = UploadQuery['crs'];
export type ExchangeFormat = NonNullable<UploadQuery['format']>;
export type ImportJob = ResponseOf<'/api/works/imports/{id}', 'get'>;
export type ImportRowError = ImportJob['errors'][number];
export type ImportStatus = ImportJob['status'];

/** One `progress` event of GET /api/works/imports/{id}/events (a stream, so not in the OpenAPI document). */
export interface ImportProgress {
  id: string;
  status: ImportStatus;
  phase: 'parse' | 'check' | 'write' | 'done';
  done: number;
  total: number;
}

// ---- Upkeep, inspections and archives.
export type MaintenancePlan = ResponseOf<'/api/works/{id}/maintenance-plans', 'get'>['items'][number];
export type MaintenanceSchedule = ResponseOf<'/api/works/maintenance-schedules', 'get'>['items'][number];
export type MaintenanceSchedulePatch = BodyOf<'/api/works/maintenance-schedules/{code}', 'patch'>;
export type MaintenanceRecord = ResponseOf<'/api/works/{id}/maintenance-records', 'get'>['items'][number];
export type MaintenanceRecordInput = BodyOf<'/api/works/{id}/maintenance-records', 'post'>;
export type ChecklistItem = InspectionSubmission['checklist'][number];
type InspectionAnswer = ResponseOf<'/api/works/{id}/inspections', 'get'>['items'][number];
/** An inspection as read back. The document declares its checklist as stored JSON: it is the list submitted. */
export type Inspection = Omit<InspectionAnswer, 'checklist'> & { checklist: ChecklistItem[] };
export type RectificationPage = ResponseOf<'/api/works/rectifications', 'get'>;
export type Rectification = RectificationPage['items'][number];
export type WorkDocument = ResponseOf<'/api/works/{id}/documents', 'get'>['items'][number];
/** The kinds of document a user may upload (inspection photos come only with an inspection). */
export type UploadDocType = QueryOf<'/api/works/{id}/documents', 'post'>['docType'];
export type RectificationQuery = QueryOf<'/api/works/rectifications', 'get'>;
export type DuePlansQuery = QueryOf<'/api/works/upkeep/due', 'get'>;
export type MaintenanceScheduleCreate = BodyOf<'/api/works/maintenance-schedules', 'post'>;
export type DuePlans = ResponseOf<'/api/works/upkeep/due', 'get'>;

/** One queued field inspection, as POST /api/works/inspections/batch takes it. */
export type InspectionSubmission = BodyOf<'/api/works/inspections/batch', 'post'>['items'][number];
export type InspectionOutcome = ResponseOf<'/api/works/inspections/batch', 'post'>['items'][number];
