/** Upkeep (维护计划/记录, 巡检, 整改, 标识标牌) and archives (档案) of a work. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SignStatus } from '@civdef/domain';
import { call, download } from '../../api/client.ts';
import type {
  DuePlansQuery, Inspection, InspectionSubmission, MaintenanceRecordInput, MaintenanceScheduleCreate, MaintenanceSchedulePatch, RectificationQuery, UploadDocType, WorkDocument,
} from './types.ts';
import { worksKeys } from './worksApi.ts';

export const upkeepApi = {
  plans: (id: number) => call('get', '/api/works/{id}/maintenance-plans', { params: { id } }),
  generatePlans: (id: number) => call('post', '/api/works/{id}/maintenance-plans/generate', { params: { id }, body: {} }),
  records: (id: number) => call('get', '/api/works/{id}/maintenance-records', { params: { id } }),
  addRecord: (id: number, body: MaintenanceRecordInput) => call('post', '/api/works/{id}/maintenance-records', { params: { id }, body }),
  // The document declares each inspection's checklist as stored JSON; Inspection types it as submitted.
  inspections: (id: number) => call('get', '/api/works/{id}/inspections', { params: { id } }) as Promise<unknown> as Promise<{ items: Inspection[] }>,
  rectifications: (query: RectificationQuery) => call('get', '/api/works/rectifications', { query }),
  closeRectification: (id: number, note: string) => call('post', '/api/works/rectifications/{id}/close', { params: { id }, body: { note } }),
  setSign: (id: number, status: SignStatus, note?: string) => call('put', '/api/works/{id}/sign', { params: { id }, body: { status, note } }),
  documents: (id: number) => call('get', '/api/works/{id}/documents', { params: { id } }),
  upload: (id: number, file: File, docType: UploadDocType, title?: string) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return call('post', '/api/works/{id}/documents', { params: { id }, query: { docType, title }, form });
  },
  documentUrl: (docId: number) => `/api/works/documents/${encodeURIComponent(String(docId))}/content`,
  downloadDocument: (doc: WorkDocument) => download(`/api/works/documents/${encodeURIComponent(String(doc.id))}/content`, undefined, doc.fileName),
  /** Works-wide: plans overdue or due within `withinDays` in my jurisdiction. */
  duePlans: (query: DuePlansQuery) => call('get', '/api/works/upkeep/due', { query }),
  /** The same list (without paging) as a CSV download. */
  exportDue: (query: Omit<DuePlansQuery, 'limit' | 'offset'>) => download('/api/works/upkeep/due/export', query, 'upkeep-due.csv'),
  createSchedule: (body: MaintenanceScheduleCreate) => call('post', '/api/works/maintenance-schedules', { body }),
  schedules: () => call('get', '/api/works/maintenance-schedules'),
  updateSchedule: (code: string, patch: MaintenanceSchedulePatch) => call('patch', '/api/works/maintenance-schedules/{code}', { params: { code }, body: patch }),
  submitInspections: (items: InspectionSubmission[]) => call('post', '/api/works/inspections/batch', { body: { items } }),
};

const keys = {
  plans: (w: number) => ['works', 'upkeep', w, 'plans'] as const,
  records: (w: number) => ['works', 'upkeep', w, 'records'] as const,
  inspections: (w: number) => ['works', 'upkeep', w, 'inspections'] as const,
  rectifications: (w: number) => ['works', 'upkeep', w, 'rectifications'] as const,
  documents: (w: number) => ['works', 'upkeep', w, 'documents'] as const,
};

export const usePlans = (w: number) => useQuery({ queryKey: keys.plans(w), queryFn: () => upkeepApi.plans(w) });
export const useRecords = (w: number) => useQuery({ queryKey: keys.records(w), queryFn: () => upkeepApi.records(w) });
export const useInspections = (w: number) => useQuery({ queryKey: keys.inspections(w), queryFn: () => upkeepApi.inspections(w) });
export const useRectifications = (w: number) =>
  useQuery({ queryKey: keys.rectifications(w), queryFn: () => upkeepApi.rectifications({ workId: w, page: 1, pageSize: 200 }) });
export const useDocuments = (w: number) => useQuery({ queryKey: keys.documents(w), queryFn: () => upkeepApi.documents(w) });

/**
 * A mutation on a work's upkeep or archives: refreshes them, the jurisdiction-wide lists they appear in (the
 * due list, rectifications) and the work's summary (overdue flags, sign status).
 */
export function useUpkeepMutation<A, R>(workId: number, fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['works', 'upkeep', workId] });
      void qc.invalidateQueries({ queryKey: ['works', 'upkeep', 'all'] });
      void qc.invalidateQueries({ queryKey: worksKeys.detail(workId) });
    },
  });
}
