/** Upkeep (维护计划/记录, 巡检, 整改, 标识标牌) and archives (档案) of a work. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DocumentType, SignStatus } from '@civdef/domain';
import { api, download, http } from '../../api/client.ts';
import type {
  Inspection,
  InspectionOutcome,
  InspectionSubmission,
  MaintenancePlan,
  MaintenanceRecord,
  MaintenanceSchedule,
  Rectification,
  WorkDocument,
} from './types.ts';
import { worksKeys } from './worksApi.ts';

const id = (n: number) => encodeURIComponent(String(n));

export const upkeepApi = {
  plans: (workId: number) => http.get<{ items: MaintenancePlan[] }>(`/api/works/${id(workId)}/maintenance-plans`),
  generatePlans: (workId: number) => http.post<unknown>(`/api/works/${id(workId)}/maintenance-plans/generate`, {}),
  records: (workId: number) => http.get<{ items: MaintenanceRecord[] }>(`/api/works/${id(workId)}/maintenance-records`),
  addRecord: (
    workId: number,
    body: { planId?: number; discipline: string; doneOn: string; performedBy?: string; description: string; costYuan?: number },
  ) => http.post<{ id: number; plan: MaintenancePlan | null }>(`/api/works/${id(workId)}/maintenance-records`, body),
  inspections: (workId: number) => http.get<{ items: Inspection[] }>(`/api/works/${id(workId)}/inspections`),
  rectifications: (q: { workId?: number; status?: 'open' | 'closed' | 'overdue'; page?: number; pageSize?: number }) =>
    http.get<{ items: Rectification[]; total: number }>('/api/works/rectifications', q),
  closeRectification: (rid: number, note: string) => http.post<Rectification>(`/api/works/rectifications/${id(rid)}/close`, { note }),
  setSign: (workId: number, status: SignStatus, note?: string) => http.put<void>(`/api/works/${id(workId)}/sign`, { status, note }),
  documents: (workId: number) => http.get<{ items: WorkDocument[] }>(`/api/works/${id(workId)}/documents`),
  upload: (workId: number, file: File, docType: DocumentType, title?: string) => {
    const form = new FormData();
    form.append('file', file, file.name);
    const q = new URLSearchParams({ docType });
    if (title) q.set('title', title);
    return api<WorkDocument>(`/api/works/${id(workId)}/documents?${q.toString()}`, { method: 'POST', body: form });
  },
  documentUrl: (docId: number) => `/api/works/documents/${id(docId)}/content`,
  downloadDocument: (doc: WorkDocument) => download(`/api/works/documents/${id(doc.id)}/content`, undefined, doc.fileName),
  /** Works-wide: plans overdue or due within `withinDays` in my jurisdiction. */
  duePlans: (q: { withinDays: number; limit?: number; offset?: number }) =>
    http.get<{ items: MaintenancePlan[]; total: number; overdue: number }>('/api/works/upkeep/due', q),
  schedules: () => http.get<{ items: MaintenanceSchedule[] }>('/api/works/maintenance-schedules'),
  updateSchedule: (code: string, patch: Partial<Pick<MaintenanceSchedule, 'name' | 'nameEn' | 'intervalMonths' | 'active'>>) =>
    http.patch<MaintenanceSchedule>(`/api/works/maintenance-schedules/${encodeURIComponent(code)}`, patch),
  submitInspections: (items: InspectionSubmission[]) => http.post<{ items: InspectionOutcome[] }>('/api/works/inspections/batch', { items }),
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
  useQuery({ queryKey: keys.rectifications(w), queryFn: () => upkeepApi.rectifications({ workId: w, pageSize: 200 }) });
export const useDocuments = (w: number) => useQuery({ queryKey: keys.documents(w), queryFn: () => upkeepApi.documents(w) });

/** A mutation on a work's upkeep or archives: refreshes them and the work's summary (overdue flags, sign status). */
export function useUpkeepMutation<A, R>(workId: number, fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['works', 'upkeep', workId] });
      void qc.invalidateQueries({ queryKey: worksKeys.detail(workId) });
    },
  });
}
